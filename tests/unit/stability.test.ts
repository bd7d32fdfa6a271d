import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ConformanceReport, Verdict } from '../../fixtures/verdicts/schema.ts';
import { authconf } from '../support/cli.ts';
import { tempDir } from '../support/temp-dir.ts';

function reportWith(verdicts: [string, Verdict][], faults: string[] = []): string {
  const report: ConformanceReport = {
    schemaVersion: 1,
    htmlReport: 'html/index.html',
    generatedAt: new Date().toISOString(),
    target: { id: 'goatcounter', version: 'v2.7.0' },
    imageMode: 'local',
    faults,
    summary: { PASS: 0, FAIL: 0, WARN: 0, 'EXPECTED-FAIL': 0, REVIEW: 0, SKIP: 0 },
    checks: verdicts.map(([id, verdict], i) => ({
      id,
      title: id,
      requirements: [],
      verdict,
      evidence: [],
      test: { id: `t${i}`, title: id, file: 'x.spec.ts', project: 'chromium', durationMs: 1 },
    })),
  };
  const file = path.join(tempDir('stability'), 'conformance.json');
  writeFileSync(file, JSON.stringify(report));
  return file;
}

describe('authconf stability', () => {
  it('passes when every repetition gave the same verdict', () => {
    const run = authconf('stability', reportWith([['LOGIN-OK', 'PASS'], ['LOGIN-OK', 'PASS'], ['LOGIN-BAD', 'WARN'], ['LOGIN-BAD', 'WARN']]));
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /stable LOGIN-OK \[chromium\]: 2× PASS over 2 run\(s\)/);
  });

  it('names the check whose verdict changed and exits 1', () => {
    const run = authconf('stability', reportWith([['MFA-TOTP-WINDOW', 'PASS'], ['MFA-TOTP-WINDOW', 'FAIL'], ['MFA-TOTP-WINDOW', 'PASS']]));
    assert.equal(run.code, 1);
    assert.match(run.output, /FLAKY  MFA-TOTP-WINDOW \[chromium\]: 2× PASS, 1× FAIL over 3 run\(s\)\n1 flaky check\(s\)/);
  });

  it('compares whole runs, one verdict file each, and names the check that changed between them', () => {
    const runs = [reportWith([['LOGIN-OK', 'PASS'], ['MAIL-VERIFY', 'PASS']]), reportWith([['LOGIN-OK', 'PASS'], ['MAIL-VERIFY', 'FAIL']]), reportWith([['LOGIN-OK', 'PASS'], ['MAIL-VERIFY', 'PASS']])];
    const run = authconf('stability', ...runs);
    assert.equal(run.code, 1);
    assert.match(run.output, /stable LOGIN-OK \[chromium\]: 3× PASS over 3 run\(s\)/);
    assert.match(run.output, /FLAKY  MAIL-VERIFY \[chromium\]: 2× PASS, 1× FAIL over 3 run\(s\)/);
  });

  it('refuses to compare runs of different fault sets', () => {
    const run = authconf('stability', reportWith([['LOGIN-OK', 'PASS']]), reportWith([['LOGIN-OK', 'FAIL']], ['logout-skipped']));
    assert.equal(run.code, 2);
    assert.match(run.output, /the verdict files are of different runs: goatcounter v2\.7\.0 faults=\[\] vs goatcounter v2\.7\.0 faults=\[logout-skipped\]/);
  });
});
