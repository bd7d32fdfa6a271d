/**
 * The tests' temporary directories: gone after a test file that passed, kept (and named) after
 * one that failed. Each case runs a small test file in its own node --test process.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../support/temp-dir.ts';

const HELPER = path.resolve(import.meta.dirname, '../support/temp-dir.ts');

/** Runs a test file that makes a temp dir, prints its path, then passes or fails. */
function testFileThat(outcome: 'passes' | 'fails'): { dir: string; output: string } {
  const file = path.join(tempDir('temp-dir-case'), `${outcome}.test.ts`);
  writeFileSync(file, `import { it } from 'node:test';\nimport { tempDir } from ${JSON.stringify(HELPER)};\nit('${outcome}', () => { console.log('DIR=' + tempDir('report')); ${outcome === 'fails' ? "throw new Error('as intended');" : ''} });\n`);
  // Without NODE_TEST_CONTEXT, which would make the child think it runs inside this test.
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', file], { encoding: 'utf8', env });
  const output = `${run.stdout}${run.stderr}`;
  const dir = /DIR=(\S+)/.exec(output)?.[1];
  assert.ok(dir, output);
  return { dir, output };
}

describe('tempDir', () => {
  it('removes the directories of a test file whose tests passed', () => {
    const { dir } = testFileThat('passes');
    assert.equal(existsSync(path.dirname(dir)), false, `${path.dirname(dir)} is still there`);
  });

  it('keeps the directories of a failed test file and says where they are', () => {
    const { dir, output } = testFileThat('fails');
    assert.ok(existsSync(dir), `${dir} was removed`);
    assert.match(output, new RegExp(`kept ${path.dirname(dir).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
    rmSync(path.dirname(dir), { recursive: true });
  });
});
