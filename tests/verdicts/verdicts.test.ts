/**
 * Outcomes become verdicts: real Playwright runs of small fixture specs through authconf's
 * reporter, checked for each grade, the skip reason, expected-failure handling, the
 * rendered matrix, JUnit output, and the diff a release gate calls.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { chromium } from '@playwright/test';
import { authconf } from '../support/cli.ts';
import { ROOT, runConformance, verdictOf, type RunResult } from '../support/conformance-run.ts';
import { tempDir } from '../support/temp-dir.ts';

const CONFIG = path.join(ROOT, 'tests/verdicts/playwright.config.ts');
const pick = ({ verdict, diagnosis }: { verdict: string; diagnosis?: string }) => ({ verdict, diagnosis });

interface Entry {
  check: string;
  reason: string;
  diagnosis?: string;
  evidence?: string[];
  versions?: string[];
}

function expectedFailures(entries: Entry[]): string {
  const file = path.join(tempDir('expected'), 'expected-failures.json');
  writeFileSync(file, JSON.stringify(entries));
  return file;
}

const LOGOUT_GAP: Entry = {
  check: 'LOGOUT-REPLAY',
  diagnosis: '^After sign-out the old cookie still works\\.$',
  evidence: ['^the cookie captured before sign-out opened '],
  reason: 'upstream issue #123: logout is client-side only until 3.0',
};
const KNOWN_LOGOUT_GAP = expectedFailures([LOGOUT_GAP]);
const runFixtures = (env: Record<string, string> = {}, args: string[] = []) =>
  runConformance({ config: CONFIG, env: { AUTHCONF_EXPECTED_FAILURES: KNOWN_LOGOUT_GAP, ...env }, args });
/** Only the LOGOUT-REPLAY fixture, listed by `file`, with the outcome FIXTURE_LOGOUT_REPLAY picks. */
const runLogoutReplay = (file: string, outcome?: 'other-cause' | 'pass-then-late-error') =>
  runFixtures({ AUTHCONF_EXPECTED_FAILURES: file, ...(outcome ? { FIXTURE_LOGOUT_REPLAY: outcome } : {}) }, ['--grep', '@LOGOUT-REPLAY']);

describe('verdicts of one run', () => {
  let run: RunResult;
  before(async () => {
    run = await runFixtures();
  });

  it('grades each outcome', () => {
    const verdicts = Object.fromEntries(run.report!.checks.map((c) => [c.id, c.verdict]));
    assert.deepEqual(verdicts, {
      'LOGIN-OK': 'PASS',
      'LOGIN-BAD': 'WARN',
      'LOGIN-COOKIES': 'FAIL',
      'SESS-PARALLEL': 'FAIL',
      'OIDC-RP-LOGIN': 'SKIP',
      'LOGOUT-REPLAY': 'EXPECTED-FAIL',
      'MAIL-DOWN': 'REVIEW',
    });
    assert.deepEqual(run.report!.summary, { PASS: 1, FAIL: 2, WARN: 1, 'EXPECTED-FAIL': 1, REVIEW: 1, SKIP: 1 });
  });

  it('a FAIL carries its diagnosis; a crash says the check could not complete', () => {
    assert.equal(verdictOf(run, 'LOGIN-COOKIES').diagnosis, "Set-Cookie 'key' lacks HttpOnly: any script on the page can read the session token.");
    assert.match(verdictOf(run, 'SESS-PARALLEL').diagnosis!, /^The check could not complete: Error: connection refused by goatcounter\.localhost/);
  });

  it('a WARN carries its gap, a REVIEW its question, a PASS its evidence, every verdict its requirements', () => {
    assert.equal(verdictOf(run, 'LOGIN-BAD').diagnosis, 'The answers differ, so accounts can be enumerated.');
    assert.equal(verdictOf(run, 'MAIL-DOWN').diagnosis, 'Is "Could not send the mail, try later" a clear enough answer?');
    assert.deepEqual(verdictOf(run, 'LOGIN-OK').evidence, ['observed a session cookie']);
    assert.deepEqual(verdictOf(run, 'LOGIN-COOKIES').requirements, ['v5.0.0-3.3.1', 'v5.0.0-3.3.2', 'v5.0.0-3.3.4']);
  });

  it('a SKIP names the missing capability', () => {
    assert.equal(verdictOf(run, 'OIDC-RP-LOGIN').reason, 'target goatcounter lacks capability oidc-rp');
  });

  it('an expected failure is graded EXPECTED-FAIL with its reason, the failure seen and its evidence', () => {
    const result = verdictOf(run, 'LOGOUT-REPLAY');
    assert.equal(result.reason, 'upstream issue #123: logout is client-side only until 3.0');
    assert.equal(result.diagnosis, 'After sign-out the old cookie still works.');
    assert.deepEqual(result.evidence, ['the cookie captured before sign-out opened /settings']);
  });

  it('exits non-zero because two checks FAIL, and writes JUnit XML and the matrix page', () => {
    assert.equal(run.code, 1);
    assert.match(readFileSync(path.join(run.reportDir, 'junit.xml'), 'utf8'), /<testsuites[^>]*tests="7"/);
    assert.ok(existsSync(path.join(run.reportDir, 'conformance.html')));
  });

  it('the matrix page renders in Chromium: one coloured cell per check, linked to the HTML report', async () => {
    const browser = await chromium.launch({ executablePath: process.env.AUTHCONF_CHROMIUM ?? '/usr/lib/chromium/chromium', args: ['--no-sandbox', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${path.join(run.reportDir, 'conformance.html')}`);
      const cells = page.locator('a.v');
      assert.deepEqual((await cells.allInnerTexts()).sort(), ['EXPECTED-FAIL', 'FAIL', 'FAIL', 'PASS', 'REVIEW', 'SKIP', 'WARN']);
      const failColour = await page.locator('a.v', { hasText: /^FAIL$/ }).first().evaluate((a) => getComputedStyle(a).backgroundColor);
      assert.equal(failColour, 'rgb(207, 34, 46)');
      const href = await page.locator('tr', { hasText: 'LOGIN-OK' }).locator('a.v').getAttribute('href');
      assert.match(href!, /^html\/index\.html#\?testId=[\w-]+$/);
      await page.screenshot({ path: path.join(run.reportDir, 'conformance.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});

describe('expected failures bound to the failure they document', () => {
  it('a FAIL that matches its entry (diagnosis and evidence) is EXPECTED-FAIL, and the run exits 0', async () => {
    const run = await runLogoutReplay(KNOWN_LOGOUT_GAP);
    assert.equal(verdictOf(run, 'LOGOUT-REPLAY').verdict, 'EXPECTED-FAIL');
    assert.equal(run.code, 0, run.output.slice(-3000));
  });

  it('a FAIL with another cause stays FAIL, says which entry did not match, and the run exits 1', async () => {
    const run = await runLogoutReplay(KNOWN_LOGOUT_GAP, 'other-cause');
    const result = verdictOf(run, 'LOGOUT-REPLAY');
    assert.equal(result.verdict, 'FAIL');
    assert.equal(result.reason, undefined);
    assert.equal(
      result.diagnosis,
      `After signing out, the same browser still reaches the authenticated page. (an expected-failures entry exists for this check, ${KNOWN_LOGOUT_GAP}[0], but it expects /^After sign-out the old cookie still works\\.$/; this failure is something else)`,
    );
    assert.equal(run.code, 1);
  });

  it('the expected diagnosis without the evidence the entry names is FAIL too', async () => {
    const run = await runLogoutReplay(expectedFailures([{ ...LOGOUT_GAP, evidence: ['opened /admin'] }]));
    const result = verdictOf(run, 'LOGOUT-REPLAY');
    assert.equal(result.verdict, 'FAIL');
    assert.match(result.diagnosis!, /^After sign-out the old cookie still works\. \(an expected-failures entry exists for this check, .*\[0\], but it expects \/.*\/ with the evidence \/opened \/admin\/, which this run did not record; this failure is something else\)$/);
    assert.equal(run.code, 1);
  });

  it('an entry of another version does not apply: the FAIL is plain', async () => {
    const run = await runLogoutReplay(expectedFailures([{ ...LOGOUT_GAP, versions: ['v1.0.0'] }]));
    assert.deepEqual(pick(verdictOf(run, 'LOGOUT-REPLAY')), { verdict: 'FAIL', diagnosis: 'After sign-out the old cookie still works.' });
    assert.equal(run.code, 1);
  });

  it('a listed check that passes FAILs as a stale entry, and the run exits 1', async () => {
    const file = expectedFailures([{ check: 'LOGIN-OK', diagnosis: 'did not reach the authenticated page', reason: 'was broken in 1.0, tracked in #7' }]);
    const run = await runFixtures({ AUTHCONF_EXPECTED_FAILURES: file }, ['--grep', '@LOGIN-OK']);
    assert.equal(verdictOf(run, 'LOGIN-OK').verdict, 'FAIL');
    assert.equal(verdictOf(run, 'LOGIN-OK').diagnosis, `Listed as an expected failure ("was broken in 1.0, tracked in #7") but it passed: the entry is stale; remove it (${file}[0]).`);
    assert.equal(run.code, 1);
  });

  it('a FAIL Playwright counted as expected (a hook failed after a stale entry was judged) still makes the run exit 1', async () => {
    const run = await runLogoutReplay(KNOWN_LOGOUT_GAP, 'pass-then-late-error');
    const result = verdictOf(run, 'LOGOUT-REPLAY');
    assert.equal(result.verdict, 'FAIL');
    assert.match(result.diagnosis!, /^The check could not complete: Error: the browser context could not be closed .*this failure is something else\)$/);
    assert.equal(run.code, 1);
  });
});

describe('an expected-failures file that cannot be used is refused before anything runs (exit 2)', () => {
  const refused = async (entries: unknown[]) => {
    const run = await runFixtures({ AUTHCONF_EXPECTED_FAILURES: expectedFailures(entries as Entry[]) });
    assert.equal(run.code, 2, run.output.slice(-3000));
    assert.equal(run.report, undefined, 'no verdict file: no check ran');
    assert.equal(run.output.match(/invalid expected-failures file/g)?.length, 1, 'the problem is told once');
    assert.match(run.output, /\nNothing was run\.\n/);
    return run.output;
  };

  it('an entry without a diagnosis, naming the entry', async () => {
    const output = await refused([LOGOUT_GAP, { check: 'MFA-TOTP-REPLAY', reason: 'codes are accepted again within their window (#9)' }]);
    assert.match(output, /invalid expected-failures file .*\n\s+\[1\.diagnosis\] \(the MFA-TOTP-REPLAY entry\): name the failure expected: a regular expression matched against the check's FAIL diagnosis\n/);
  });

  it('a diagnosis or evidence that is not a regular expression', async () => {
    const output = await refused([{ ...LOGOUT_GAP, diagnosis: 'old cookie (still works', evidence: ['opened [/settings'] }]);
    assert.match(output, /\[0\.diagnosis\] \(the LOGOUT-REPLAY entry\): not a valid regular expression: Invalid regular expression: \/old cookie \(still works\/: Unterminated group/);
    assert.match(output, /\[0\.evidence\.0\] \(the LOGOUT-REPLAY entry\): not a valid regular expression: .*Unterminated character class/);
  });

  it('an unknown check, a missing reason, an unknown field', async () => {
    const output = await refused([{ check: 'LOGIN-TYPO', diagnosis: 'x', reason: 'x', diagnosys: 'x' }]);
    assert.match(output, /\n\s+\[0\.check\] \(the LOGIN-TYPO entry\): .*\n\s+\[0\.reason\] \(the LOGIN-TYPO entry\): say why the deviation is accepted/);
    assert.match(output, /Unrecognized key: "diagnosys"/);
  });
});

describe('authconf diff (the release gate)', () => {
  let healthy: RunResult;
  let broken: RunResult;
  before(async () => {
    [healthy, broken] = [await runFixtures(), await runFixtures({ FIXTURE_BREAK_LOGIN_OK: '1' })];
  });

  it('a PASS that turns FAIL is listed as NEW FAIL and exits 1', () => {
    const diff = authconf('diff', path.join(healthy.reportDir, 'conformance.json'), path.join(broken.reportDir, 'conformance.json'));
    assert.equal(diff.code, 1, diff.output);
    assert.match(diff.output, /NEW FAIL\s+LOGIN-OK \[chromium\]: PASS → FAIL\n\s+The fixture was told to break/);
  });

  it('the way back is listed as FIXED and exits 0', () => {
    const diff = authconf('diff', path.join(broken.reportDir, 'conformance.json'), path.join(healthy.reportDir, 'conformance.json'));
    assert.equal(diff.code, 0, diff.output);
    assert.match(diff.output, /FIXED\s+LOGIN-OK \[chromium\]: FAIL → PASS/);
  });

  it('two identical runs differ in nothing', () => {
    const diff = authconf('diff', path.join(healthy.reportDir, 'conformance.json'), path.join(healthy.reportDir, 'conformance.json'));
    assert.equal(diff.code, 0);
    assert.match(diff.output, /no verdict changed/);
  });

  it('matrix renders both runs side by side', () => {
    const out = path.join(tempDir('matrix'), 'matrix.html');
    const result = authconf('matrix', out, path.join(healthy.reportDir, 'conformance.json'), path.join(broken.reportDir, 'conformance.json'));
    assert.equal(result.code, 0, result.output);
    const html = readFileSync(out, 'utf8');
    assert.equal(html.match(/<th>goatcounter v2\.7\.0<\/th>/g)?.length, 2);
  });

  it('bad arguments exit 2 with a specific message', () => {
    assert.deepEqual(authconf('diff', 'only-one.json').code, 2);
    assert.match(authconf('diff', '/nonexistent/a.json', '/nonexistent/b.json').output, /cannot read verdict file \/nonexistent\/a\.json/);
    assert.match(authconf('frobnicate').output, /unknown command 'frobnicate'/);
    assert.equal(authconf('frobnicate').code, 2);
  });
});

describe("the RP-* checks' grading of what relying parties did (gradeRefusals, canned sign-ins)", () => {
  let run: RunResult;
  before(async () => {
    // A target with the hostile-provider capability, so the checks are not SKIPPED for lacking it (no stack starts here).
    run = await runConformance({ config: path.join(ROOT, 'tests/verdicts/refusals.config.ts'), env: { AUTHCONF_TARGET: 'actual', AUTHCONF_EXPECTED_FAILURES: expectedFailures([]) } });
  });

  it('PASS when all refuse, FAIL naming the one that accepted, WARN for a SHOULD, SKIP when nothing applies', () => {
    assert.equal(verdictOf(run, 'RP-IDTOKEN-ISS').verdict, 'PASS');
    assert.match(verdictOf(run, 'RP-IDTOKEN-ISS').evidence.join('\n'), /^two, an ID token of another issuer: refused, no session \(its callback answered 500, .*its log: token verification failed\)$/m);
    const lax = verdictOf(run, 'RP-IDTOKEN-SIGNATURE');
    assert.equal(lax.verdict, 'FAIL');
    assert.match(lax.diagnosis ?? '', /^lax accepted an ID token of another issuer and signed the user in \(its callback answered 302, the browser ended at http:\/\/rp\.localhost:1\/\)\. The issuer MUST match\.$/);
    assert.equal(verdictOf(run, 'RP-IDTOKEN-AUD').verdict, 'WARN');
    assert.match(verdictOf(run, 'RP-IDTOKEN-AUD').diagnosis ?? '', /^one accepted an extra audience/);
    const userinfo = verdictOf(run, 'RP-USERINFO-SUB');
    assert.equal(userinfo.verdict, 'SKIP');
    assert.equal(userinfo.reason, 'one: it never asks UserInfo.');
  });

  it('a missing nonce is one finding; a relying party failing its healthy sign-in FAILs before any bend', () => {
    assert.equal(verdictOf(run, 'RP-NONCE').verdict, 'FAIL');
    assert.equal(verdictOf(run, 'RP-NONCE').diagnosis, 'one: it sends no nonce.');
    assert.match(verdictOf(run, 'RP-STATE').diagnosis ?? '', /^broken did not sign in with the provider behaving \(its callback answered 500, .*\): its refusals of bent answers would prove nothing\.$/);
    assert.notEqual(run.code, 0);
  });
});
