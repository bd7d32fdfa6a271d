/**
 * `authconf matrix run` over two cells of GoatCounter v2.7.0 — healthy, and with sign-out broken
 * (fault logout-skipped) — against real stacks: one matrix page and one matrix verdict file
 * with both columns, Playwright's merged HTML report, and `authconf diff` between the two
 * cells' verdict files naming the new FAIL. One check per cell keeps it short.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { matrixSchema, type MatrixFile } from '../../fixtures/verdicts/matrix-file.ts';
import { authconf } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

describe('authconf matrix run', () => {
  const out = path.join(tempDir('matrix'), 'matrix');
  const cell = (id: string) => path.join(out, 'cells', id, 'conformance.json');
  let run: ReturnType<typeof authconf>;
  let matrix: MatrixFile;
  before(() => {
    run = authconf('matrix', 'run', '--target', 'goatcounter', '--version', 'v2.7.0', '--fault-set', 'none', '--fault-set', 'logout-skipped', '--grep', '@LOGOUT-REPLAY', '--image-mode', 'local', '--out', out);
    matrix = matrixSchema.parse(JSON.parse(readFileSync(path.join(out, 'matrix.json'), 'utf8')));
  });

  it('runs every cell although one fails, and exits 1 naming it', () => {
    assert.equal(run.code, 1, run.output);
    assert.match(run.output, /cells that did not pass: goatcounter-v2\.7\.0\+logout-skipped \(exit 1\)/);
    assert.deepEqual(matrix.cells.map((c) => [c.id, c.exitCode, c.verdictFile]), [
      ['goatcounter-v2.7.0', 0, 'cells/goatcounter-v2.7.0/conformance.json'],
      ['goatcounter-v2.7.0+logout-skipped', 1, 'cells/goatcounter-v2.7.0+logout-skipped/conformance.json'],
    ]);
  });

  it('the matrix verdict file has a column per cell', () => {
    const row = matrix.checks.find((c) => c.id === 'LOGOUT-REPLAY')!;
    assert.equal(row.cells['goatcounter-v2.7.0']?.[0]?.verdict, 'PASS');
    assert.equal(row.cells['goatcounter-v2.7.0+logout-skipped']?.[0]?.verdict, 'FAIL');
    assert.match(row.cells['goatcounter-v2.7.0+logout-skipped']?.[0]?.diagnosis ?? '', /the server did not end the session/);
    assert.deepEqual(matrix.checks.find((c) => c.id === 'LOGIN-OK')!.cells, { 'goatcounter-v2.7.0': [], 'goatcounter-v2.7.0+logout-skipped': [] });
  });

  it('one matrix page with both columns, each linked to its cell\'s report, and the merged Playwright report', () => {
    const html = readFileSync(path.join(out, 'matrix.html'), 'utf8');
    assert.deepEqual(html.match(/<th>goatcounter v2\.7\.0[^<]*<\/th>/g), ['<th>goatcounter v2.7.0</th>', '<th>goatcounter v2.7.0 + logout-skipped</th>']);
    assert.match(html, /href="cells\/goatcounter-v2\.7\.0\+logout-skipped\/html\/index\.html#\?testId=/);
    assert.equal(matrix.htmlReport, 'html/index.html');
    assert.ok(existsSync(path.join(out, 'html/index.html')), 'merge-reports wrote the merged HTML report');
  });

  it('authconf diff between the two cells prints the new FAIL and exits 1', () => {
    const diff = authconf('diff', cell('goatcounter-v2.7.0'), cell('goatcounter-v2.7.0+logout-skipped'));
    assert.equal(diff.code, 1, diff.output);
    assert.match(diff.output, /goatcounter v2\.7\.0 → goatcounter v2\.7\.0 \+ logout-skipped\n\s+NEW FAIL\s+LOGOUT-REPLAY \[chromium\]: PASS → FAIL/);
  });

  it('matrix merge renders the same columns from the cells\' verdict files', () => {
    const page = path.join(out, 'again.html');
    const merged = authconf('matrix', 'merge', page, cell('goatcounter-v2.7.0'), cell('goatcounter-v2.7.0+logout-skipped'));
    assert.equal(merged.code, 0, merged.output);
    const again = matrixSchema.parse(JSON.parse(readFileSync(path.join(out, 'again.json'), 'utf8')));
    assert.deepEqual(again.cells.map((c) => c.id), ['goatcounter-v2.7.0', 'goatcounter-v2.7.0+logout-skipped']);
  });
});
