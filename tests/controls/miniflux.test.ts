/**
 * A declarative target (examples/miniflux: a YAML file, no code) gets the same verdicts and
 * the same negative controls as the built-in ones: healthy, its checks PASS; with one fault
 * injected into its real stack, each turns FAIL with the right diagnosis.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Fault } from '../../fixtures/faults.ts';
import { ROOT, runConformance, verdictOf } from '../support/conformance-run.ts';
import { linesWithSecrets, watchProcessList } from '../support/process-list.ts';
import { newLedger, readLedger } from '../support/secret-scan.ts';
import { tempDir } from '../support/temp-dir.ts';
import { assertControlFails, describeSharedControlRuns, describeSideBySide, healthyRunOf, NO_EXPECTED_FAILURES, sharedRunOf, type Control } from '../support/controls.ts';

const MINIFLUX = { AUTHCONF_CONFIG: path.join(ROOT, 'examples/miniflux/authconf.config.yaml') };

/** A copy of the example with its target file edited (a variant of the deployment): the configuration to run it with. */
function minifluxVariant(edit: (targetFile: string) => string): { AUTHCONF_CONFIG: string } {
  const dir = tempDir('consumer');
  cpSync(path.join(ROOT, 'examples/miniflux'), dir, { recursive: true });
  const target = path.join(dir, 'authconf/miniflux.yaml');
  writeFileSync(target, edit(readFileSync(target, 'utf8')));
  return { AUTHCONF_CONFIG: path.join(dir, 'authconf.config.yaml') };
}

const CONTROLS = [
  { check: 'LOGIN-OK', fault: 'login-wrong-password', diagnosis: /did not reach the authenticated page.*Invalid username or password/s },
  { check: 'LOGIN-BAD', fault: 'wrong-password-accepted', diagnosis: /wrong password let the user in/ },
  { check: 'LOGIN-COOKIES', fault: 'cookie-flags-stripped', diagnosis: /Set-Cookie 'MinifluxSessionID' from \/ lacks HttpOnly/ },
  { check: 'LOGOUT-REPLAY', fault: 'logout-skipped', diagnosis: /still opens the authenticated page from a fresh browser context/ },
  { check: 'SESS-PARALLEL', fault: 'fresh-login-rejected', diagnosis: /new browser could not sign in while the first session was alive/ },
  { check: 'PASSKEY-REGISTER', fault: 'passkey-register-500', diagnosis: /^The app refused the new passkey after the authenticator created it: "Unable to register passkey Error: Registration failed with HTTP status code 500"/ },
  { check: 'PASSKEY-LOGIN', fault: 'passkey-signin-500', diagnosis: /^The authenticator answered the app's sign-in request with the registered passkey, but the app did not sign the user in .* and said "Unable to login with passkey/ },
  { check: 'PASSKEY-REMOVE', fault: 'passkey-removal-dropped', diagnosis: /^The passkey could not be removed: after removing it in the app's settings, the app still lists it and it still signs in/ },
] as const satisfies readonly Control[];

describe('Miniflux as a declarative target', () => {
  // Chromium: the package test runs a few of these checks in both engines through the installed package.
  const healthy = healthyRunOf(MINIFLUX);

  it('PASSes the checks it declares and SKIPs the rest with the missing capability', () => {
    const report = healthy().report!;
    assert.deepEqual(report.target, { id: 'miniflux', version: '2.3.5' });
    const graded = report.checks.filter((c) => c.verdict !== 'SKIP').map((c) => `${c.id} ${c.verdict}`).sort();
    // SESS-REVOKE has no fault here (nothing in front of Miniflux can keep a session alive); GoatCounter and PocketBase are its controls.
    // Miniflux throttles no sign-in: LOGIN-LOCKOUT WARNs (GoatCounter's stack is its control).
    // Its passkeys ask for no user verification and ignore counters, as its file declares: PASSKEY-UV and PASSKEY-CLONE WARN.
    // Its OpenID login against the hostile provider: the oauth2-proxy switches of the Actual stack are these checks' controls.
    // It refuses what OpenID Connect says it MUST, sends no nonce (PKCE only) and takes an extra audience and an iat a day ahead: WARN.
    const relyingParty = ['RP-IDTOKEN-SIGNATURE PASS', 'RP-IDTOKEN-ISS PASS', 'RP-STATE PASS', 'RP-USERINFO-SUB PASS', 'RP-KEY-ROTATION PASS', 'RP-IDTOKEN-AUD WARN', 'RP-IDTOKEN-EXP WARN', 'RP-NONCE WARN'];
    // Its sign-in answers an unknown login in about the time of a wrong password (~80 ms, measured): no timing tell.
    // Its sign-in form carries a CSRF token bound to the browser's session: GoatCounter's stack, which has none, is LOGIN-CSRF's control.
    // Its redirect_url takes relative paths only, backslashes refused (since 2.3.1): Miniflux 2.3.0 below is OPEN-REDIRECT's control.
    assert.deepEqual(graded, [...CONTROLS.map((c) => `${c.check} PASS`), 'SESS-REVOKE PASS', 'LOGIN-LOCKOUT WARN', 'PASSKEY-UV WARN', 'PASSKEY-CLONE WARN', 'ENUM-TIMING PASS', 'LOGIN-CSRF PASS', 'OPEN-REDIRECT PASS', ...relyingParty].sort());
    assert.match(verdictOf(healthy(), 'OPEN-REDIRECT').evidence.join('\n'), /^signing in with redirect_url=\/feeds returned to \/feeds\nredirect_url on the sign-in page: 10 bypasses in [\d.]+ s; ended on the app's \/unread \(another host, scheme-relative \(\/\/host\), backslash \(\/\\host\)/);
    assert.match(verdictOf(healthy(), 'LOGIN-CSRF').evidence.join('\n'), /POST \/login \(application\/x-www-form-urlencoded\) with fields csrf, [\s\S]*\nthe victim's browser is not signed in\nthe same form from the app's own origin in the attacker's browser: 302 → \/unread; signed in/);
    assert.match(verdictOf(healthy(), 'RP-NONCE').diagnosis ?? '', /^Miniflux 2\.3\.5: it sends no nonce in its authorization request \(only PKCE binds the tokens to the sign-in\)/);
    assert.match(verdictOf(healthy(), 'RP-USERINFO-SUB').evidence.join('\n'), /a UserInfo answer about another user .*: refused, no session/);
    assert.match(verdictOf(healthy(), 'PASSKEY-UV').diagnosis ?? '', /^The app does not require user verification \(it asks for 'preferred' and accepted an assertion without it\)/);
    assert.match(verdictOf(healthy(), 'PASSKEY-CLONE').diagnosis ?? '', /^The server accepted a passkey assertion whose signature counter did not grow .*; the deployment declares that it ignores counters/);
    assert.match(verdictOf(healthy(), 'LOGIN-LOCKOUT').diagnosis ?? '', /^Nothing throttled password guessing: 30 wrong passwords for one account/);
    assert.ok(report.checks.filter((c) => c.verdict === 'SKIP').every((c) => /target miniflux lacks capability/.test(c.reason ?? '')));
  });
});

describeSideBySide('Miniflux under each fault, and variants of its deployment', () => {
  // Faults that leave the other checks of the run alone share one stack; a corrupted sign-in
  // breaks every check, and each passkey fault breaks the registration the others start with.
  const shared: Fault[] = ['cookie-flags-stripped', 'wrong-password-accepted', 'fresh-login-rejected', 'logout-skipped'];
  for (const control of CONTROLS.filter((c) => !shared.includes(c.fault))) {
    it(`${control.check} FAILs under ${control.fault}`, async () => {
      await assertControlFails(control, MINIFLUX);
    });
  }
  describeSharedControlRuns(MINIFLUX, [sharedRunOf(CONTROLS, shared)]);

  describe("Miniflux's passkeys judged against a stricter declared policy (the same real app, a deployment that promises more)", () => {
    it('PASSKEY-CLONE and PASSKEY-UV FAIL: Miniflux accepts a cloned counter and an assertion without user verification', async () => {
      const strict = minifluxVariant((t) => t.replace('userVerification: preferred', 'userVerification: required').replace('clonedCounter: ignore', 'clonedCounter: refuse'));
      const run = await runConformance({ env: { ...strict, AUTHCONF_EXPECTED_FAILURES: NO_EXPECTED_FAILURES }, args: ['--grep', '@PASSKEY-CLONE|@PASSKEY-UV'] });
      const clone = verdictOf(run, 'PASSKEY-CLONE');
      assert.equal(clone.verdict, 'FAIL', run.output.slice(-3000));
      assert.match(clone.diagnosis ?? '', /^The server accepted a passkey assertion whose signature counter did not grow \(\d+ after it had seen \d+\): a cloned authenticator signs in unnoticed .*, although the deployment declares it refuses them/);
      const uv = verdictOf(run, 'PASSKEY-UV');
      assert.equal(uv.verdict, 'FAIL');
      assert.match(uv.diagnosis ?? '', /^The server accepted a passkey assertion without user verification \(UV flag clear\) although the deployment requires it .* and the app asked only for 'preferred'/);
      assert.notEqual(run.code, 0);
    });
  });

  describe('Miniflux 2.3.0, whose redirect_url took "/\\host" for one of its own paths (fixed in 2.3.1: backslashes refused)', () => {
    it('OPEN-REDIRECT FAILs: after signing in, the browser is sent to the attacker\'s host', async () => {
      // A real release with the flaw: the fault comes from the app's own history, not from authconf.
      const withOlderRelease = minifluxVariant((t) => t.replace('supported: [2.3.5]', 'supported: [2.3.5, 2.3.0]'));
      const run = await runConformance({ env: { ...withOlderRelease, AUTHCONF_TARGET_VERSION: '2.3.0', AUTHCONF_EXPECTED_FAILURES: NO_EXPECTED_FAILURES }, args: ['--grep', '@OPEN-REDIRECT'] });
      const result = verdictOf(run, 'OPEN-REDIRECT');
      assert.equal(result.verdict, 'FAIL', run.output.slice(-3000));
      assert.match(
        result.diagnosis ?? '',
        /^The browser was sent off http:\/\/miniflux\.localhost:(\d+) for 1 of 10 values of redirect_url on the sign-in page: "\/\\evil\.localhost:\1\/feeds" \(backslash \(\/\\host\)\) → http:\/\/evil\.localhost:\1\/feeds\. An open redirect \(ASVS v5\.0\.0-3\.7\.2\)\. Likely cause: the test for "one of the app's own pages" misses a form that browsers read as another host/,
      );
      assert.notEqual(run.code, 0);
    });
  });

  describe("Miniflux's OpenID client secret configured empty (the Pocket-ID + Portainer case, on the relying party's side) against the hostile provider", () => {
    it('the sign-in with the provider behaving fails at the token endpoint (invalid_client), and the RP checks FAIL saying so', async () => {
      const emptySecret = minifluxVariant((t) => t.replace('OAUTH2_CLIENT_SECRET: "{hostile.clientSecret}"', 'OAUTH2_CLIENT_SECRET: ""'));
      const run = await runConformance({ env: { ...emptySecret, AUTHCONF_EXPECTED_FAILURES: NO_EXPECTED_FAILURES }, args: ['--grep', '@RP-KEY-ROTATION'] });
      const rotation = verdictOf(run, 'RP-KEY-ROTATION');
      assert.equal(rotation.verdict, 'FAIL', run.output.slice(-3000));
      assert.match(rotation.diagnosis ?? '', /^Miniflux 2\.3\.5 did not sign in with the provider behaving \(.*its log: .*failed to exchange token: oauth2: \\?"invalid_client\\?" \\?"client authentication failed\\?"/);
      assert.notEqual(run.code, 0);
    });
  });

  describe('Miniflux accounts made by its own CLI in its container, the password on standard input', () => {
    it("LOGIN-OK PASSes, and no password of the run ever shows in the machine's process list", async () => {
      // Miniflux creates an admin at start-up from CREATE_ADMIN; ADMIN_PASSWORD_FILE=/dev/stdin reads the password from the pipe.
      const byCommand = [
        '  command:',
        '    run: [miniflux, -run-cleanup-tasks]',
        '    environment: { CREATE_ADMIN: "1", ADMIN_USERNAME: "{login}", ADMIN_PASSWORD_FILE: /dev/stdin }',
        '    stdin: "{password}"',
        '',
      ].join('\n');
      const accountsByCommand = minifluxVariant((t) => t.replace(/  http:\n(    .*\n)+/, byCommand));
      const ledger = newLedger();
      const watch = watchProcessList();
      const run = await runConformance({ env: { ...accountsByCommand, AUTHCONF_SECRETS_LEDGER: ledger }, args: ['--grep', '@LOGIN-OK|@SESS-PARALLEL'] });
      const seen = await watch.stop();
      assert.equal(verdictOf(run, 'LOGIN-OK').verdict, 'PASS', run.output.slice(-3000));
      assert.equal(verdictOf(run, 'SESS-PARALLEL').verdict, 'PASS');
      assert.ok(seen.some((line) => line.includes('-run-cleanup-tasks')), 'the process watch saw the account command run');
      assert.deepEqual(linesWithSecrets(seen, readLedger(ledger)), [], 'a password appeared in ps output');
    });
  });
});
