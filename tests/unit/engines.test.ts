/** Verdicts that differ between engines are named in each engine's diagnosis; SKIPs are not differences. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withEngineDifferences } from '../../fixtures/verdicts/engines.ts';
import type { CheckResult, Verdict } from '../../fixtures/verdicts/schema.ts';

const result = (id: string, project: string, verdict: Verdict, diagnosis?: string): CheckResult => ({
  id,
  title: id,
  requirements: [],
  verdict,
  ...(diagnosis && { diagnosis }),
  evidence: [],
  test: { id: `${id}-${project}`, title: `the ${id} test`, file: 'x.spec.ts', project, durationMs: 1 },
});

describe('verdicts across engines', () => {
  it('a check PASSing in one engine and FAILing in the other says so in both diagnoses', () => {
    const [chromium, firefox] = withEngineDifferences([result('LOGIN-COOKIES', 'chromium', 'PASS'), result('LOGIN-COOKIES', 'firefox', 'FAIL', 'SameSite missing.')]);
    assert.equal(chromium!.diagnosis, 'The engines disagree: PASS in chromium, but in firefox it is FAIL (SameSite missing.).');
    assert.equal(firefox!.diagnosis, 'SameSite missing. The engines disagree: FAIL in firefox, but in chromium it is PASS.');
  });

  it('agreeing engines, a SKIP in one engine, and another check are left alone', () => {
    const checks = [result('LOGIN-OK', 'chromium', 'PASS'), result('LOGIN-OK', 'firefox', 'PASS'), result('PASSKEY-LOGIN', 'chromium', 'PASS'), result('PASSKEY-LOGIN', 'firefox', 'SKIP'), result('LOGIN-BAD', 'chromium', 'WARN', 'w')];
    assert.deepEqual(withEngineDifferences(checks), checks);
  });

  it("the maintainer's own specs compare by engine too", () => {
    const [, firefox] = withEngineDifferences([result('SESS-PARALLEL', 'chromium-own-specs', 'PASS'), result('SESS-PARALLEL', 'firefox-own-specs', 'FAIL', 'x.')]);
    assert.match(firefox!.diagnosis!, /FAIL in firefox, but in chromium it is PASS/);
  });
});
