/**
 * Temporary directories of a test file (report dirs of the runs it makes, ledgers, scratch
 * files): all under one root per test process, removed when the file's tests all passed and
 * kept — with their path printed — when one failed, so its reports can be read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

let root: string | undefined;

function testRoot(): string {
  if (root) return root;
  const created = mkdtempSync(path.join(tmpdir(), 'authconf-tests-'));
  process.on('exit', (code) => {
    if (code === 0 && !process.exitCode) rmSync(created, { recursive: true, force: true });
    else process.stderr.write(`authconf tests: kept ${created} (reports of this test file's runs)\n`);
  });
  root = created;
  return created;
}

/** A new empty directory, e.g. `tempDir('report')` → /tmp/authconf-tests-XXXXXX/report-YYYYYY. */
export function tempDir(purpose: string): string {
  return mkdtempSync(path.join(testRoot(), `${purpose}-`));
}
