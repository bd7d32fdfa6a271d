/**
 * `authconf repro` turns the five bug reports of shared/DESIGN.md (docs/repro/*.yaml) into the
 * specs shown beside them, and what it writes type-checks and is collected by Playwright as is.
 * (What those specs do against GoatCounter is in docs/repro/README.md.)
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { authconf } from '../support/cli.ts';
import { cleanEnv, ROOT } from '../support/conformance-run.ts';

const EXAMPLES = path.join(ROOT, 'docs/repro');
const CASES = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
// Scaffolded where a user's would go; the name keeps them apart from real regressions and other runs.
const PREFIX = `tmp-repro-test-${process.pid}-`;
const scaffolded = (name: string) => path.join(ROOT, 'specs/regressions', `${PREFIX}${name}.spec.ts`);
const tsconfig = path.join(ROOT, `tsconfig.${PREFIX}json`);

describe('authconf repro', () => {
  before(() => {
    for (const name of CASES) {
      const result = authconf('repro', '--from', path.join(EXAMPLES, `${name}.yaml`), '--out', scaffolded(name));
      assert.equal(result.code, 0, result.output);
    }
  });
  after(() => {
    for (const name of CASES) rmSync(scaffolded(name), { force: true });
    rmSync(tsconfig, { force: true });
  });

  it('the five cases of shared/DESIGN.md give the specs in docs/repro/', () => {
    assert.equal(CASES.length, 5);
    for (const name of CASES) assert.equal(readFileSync(scaffolded(name), 'utf8'), readFileSync(path.join(EXAMPLES, `${name}.spec.ts`), 'utf8'), name);
  });

  it('what it writes type-checks (tsc, the project settings)', () => {
    writeFileSync(tsconfig, JSON.stringify({ extends: './tsconfig.json', include: [], files: CASES.map(scaffolded) }));
    execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '-p', tsconfig], { cwd: ROOT, encoding: 'utf8' });
  });

  it('Playwright collects it (playwright test --list)', () => {
    const listed = execFileSync(path.join(ROOT, 'node_modules/.bin/playwright'), ['test', '--list', PREFIX], { cwd: ROOT, encoding: 'utf8', env: cleanEnv() });
    assert.match(listed, /Total: 5 tests in 5 files/);
    assert.match(listed, /› GoatCounter: after a reboot every TOTP code is "invalid"\n/);
  });

  it('refuses to overwrite a spec unless --force', () => {
    const name = CASES[0]!;
    const again = authconf('repro', '--from', path.join(EXAMPLES, `${name}.yaml`), '--out', scaffolded(name));
    assert.equal(again.code, 2);
    assert.match(again.output, /exists; --force overwrites it/);
  });
});
