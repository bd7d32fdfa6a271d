/**
 * `authconf stability --runs N` against real GoatCounter stacks: two whole runs of one check,
 * each with its own verdict file, compared. A run of LOGIN-OK is short and stable, so the
 * command must report it stable and exit 0; the flaky side is covered by tests/unit/stability.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { authconf } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('authconf stability --runs', () => {
  const reportDir = tempDir('stability');
  let run: ReturnType<typeof authconf>;
  before(() => {
    run = authconf('stability', '--runs', '2', '--grep', '@LOGIN-OK', '--target', 'goatcounter', '--image-mode', 'local', '--report-dir', reportDir);
  });

  it('makes each run into its own report dir and says how it ended', () => {
    for (const i of [1, 2]) {
      assert.match(run.stdout, new RegExp(`^run ${i}/2: exit 0, 1 PASS in \\d+ s → ${path.join(reportDir, 'stability', `run-${i}`).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
      for (const file of ['conformance.json', 'output.log']) assert.ok(existsSync(path.join(reportDir, 'stability', `run-${i}`, file)), `run ${i} has no ${file}`);
    }
  });

  it('compares the runs: the same verdict twice is stable, exit 0', () => {
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /stable LOGIN-OK \[chromium\]: 2× PASS over 2 run\(s\)\nevery check gave the same verdict in every repetition/);
  });
});
