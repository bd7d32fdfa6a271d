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

function expectedFailures(entries: { check: string; reason: string }[]): string {
  const file = path.join(tempDir('expected'), 'expected-failures.json');
  writeFileSync(file, JSON.stringify(entries));
  return file;
}

const KNOWN_LOGOUT_GAP = expectedFailures([{ check: 'LOGOUT-REPLAY', reason: 'upstream issue #123: logout is client-side only until 3.0' }]);
const runFixtures = (env: Record<string, string> = {}) => runConformance({ config: CONFIG, env: { AUTHCONF_EXPECTED_FAILURES: KNOWN_LOGOUT_GAP, ...env } });

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

  it('an expected failure is graded EXPECTED-FAIL with its reason and the failure seen', () => {
    const result = verdictOf(run, 'LOGOUT-REPLAY');
    assert.equal(result.reason, 'upstream issue #123: logout is client-side only until 3.0');
    assert.equal(result.diagnosis, 'After sign-out the old cookie still works.');
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

describe('expected failures that no longer fail', () => {
  it('a listed check that passes FAILs as a stale entry', async () => {
    const run = await runFixtures({ AUTHCONF_EXPECTED_FAILURES: expectedFailures([{ check: 'LOGIN-OK', reason: 'was broken in 1.0, tracked in #7' }]) });
    assert.match(verdictOf(run, 'LOGIN-OK').diagnosis!, /Listed as an expected failure \("was broken in 1\.0, tracked in #7"\) but it passed: the entry is stale/);
    assert.equal(verdictOf(run, 'LOGIN-OK').verdict, 'FAIL');
  });

  it('an invalid expected-failures file is refused naming the entry', async () => {
    const run = await runFixtures({ AUTHCONF_EXPECTED_FAILURES: expectedFailures([{ check: 'LOGIN-TYPO', reason: 'x' }]) });
    assert.notEqual(run.code, 0);
    assert.match(run.output, /invalid expected-failures file .*\n\s+\[0\.check\]: .*\n\s+\[0\.reason\]: say why the deviation is accepted/);
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
