/**
 * Keycloak as a target, against a real Keycloak stack: the OIDC checks and the reset-mail
 * checks as they are on the healthy stack, then each OIDC check under the one
 * misconfiguration it guards against — a client registered as public (an empty secret gets
 * tokens), the IdP's public URL set to another host (the issuer differs), redirect URIs
 * registered as a wildcard, post-logout redirect URIs registered as a wildcard, back-channel
 * logout registered without the session — SESS-IDLE and SESS-ABSOLUTE with the short-session
 * client's lifetimes unset, LOGIN-LOCKOUT with the realm's brute-force detection off, and
 * PASSKEY-UV with the realm's passkey policy asking only for 'preferred' user verification.
 * (The mail checks' own controls break GoatCounter's SMTP: negative-controls.test.ts.)
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { runConformance, verdictOf, type RunResult } from '../support/conformance-run.ts';
import { describeSharedControlRuns, describeSideBySide, type SharedControlRun } from '../support/controls.ts';
import { findSecrets, newLedger, readLedger } from '../support/secret-scan.ts';

const KEYCLOAK = { AUTHCONF_TARGET: 'keycloak' };
const SPECS = ['specs/oidc', 'specs/mail/mail-verify.spec.ts', 'specs/mail/mail-down.spec.ts', 'specs/login/login-lockout.spec.ts', 'specs/session/sess-revoke.spec.ts', 'specs/session/sess-idle.spec.ts', 'specs/session/sess-absolute.spec.ts', 'specs/passkeys', 'specs/attacks/open-redirect.spec.ts', 'specs/attacks/enum-timing.spec.ts', 'specs/attacks/login-csrf.spec.ts'];

/**
 * Keycloak's faults are realm settings, so those touching different checks share a stack.
 * A public client or another issuer changes every OIDC exchange: those two run alone.
 */
const CONTROL_RUNS: SharedControlRun[] = [
  {
    // Realm settings each check meets with an account of its own: one stack per worker for all (shareStacks).
    faults: ['redirect-uri-wildcard', 'post-logout-redirect-wildcard', 'login-throttling-off', 'session-lifetimes-unset', 'backchannel-logout-without-sid'],
    workers: 2,
    shareStacks: true,
    controls: [
      { check: 'OIDC-CODE-ONCE', fault: 'redirect-uri-wildcard', diagnosis: /^The redirect URI is not matched exactly: the provider sent a code to http:\/\/rp\.localhost:\d+\/oauth\/callback\/extra, which is not the registered/ },
      {
        check: 'OIDC-RP-LOGOUT',
        fault: 'post-logout-redirect-wildcard',
        diagnosis: /^After logout the provider sent the browser to http:\/\/rp\.localhost:(\d+)\/elsewhere, which is not the registered http:\/\/rp\.localhost:\1\/oauth\/signed-out/,
      },
      { check: 'LOGIN-LOCKOUT', fault: 'login-throttling-off', diagnosis: /^After 5 wrong passwords the right one signed in at once from another browser, though the deployment declares/ },
      { check: 'SESS-IDLE', fault: 'session-lifetimes-unset', diagnosis: /^After \d+ s without activity the session still gave new tokens \(a refresh token for \d+ s\), although the deployment declares an idle timeout of 8 s/ },
      { check: 'SESS-ABSOLUTE', fault: 'session-lifetimes-unset', diagnosis: /^\d+ s after sign-in a session kept in use still gave new tokens \(a refresh token for \d+ s\), although the deployment declares an absolute lifetime of 20 s/ },
      { check: 'OIDC-BACKCHANNEL-LOGOUT', fault: 'backchannel-logout-without-sid', diagnosis: /^The logout token is not one an RP may act on: the logout token carries no sid, although the relying party requires it/ },
    ],
  },
  {
    // Its own run: after the checks above on a shared stack, the passkey ceremony in the account
    // console ran out of time (2026-12-03, not yet understood); on a stack of its own it FAILs as it should.
    faults: ['passkey-uv-not-enforced'],
    controls: [
      {
        check: 'PASSKEY-UV',
        fault: 'passkey-uv-not-enforced',
        diagnosis: /^The server accepted a passkey assertion without user verification \(UV flag clear\) although the deployment requires it .* and the app asked only for 'preferred'/,
      },
    ],
  },
  {
    // Its own run: '*' as redirect URI also breaks OIDC-CODE-ONCE, whose control is the wildcard above.
    faults: ['redirect-uris-any'],
    controls: [
      {
        check: 'OPEN-REDIRECT',
        fault: 'redirect-uris-any',
        diagnosis: /^The browser was sent off http:\/\/rp\.localhost:(\d+) for \d+ of 10 values of redirect_uri: "http:\/\/evil\.localhost:\1\/oauth\/callback" \(another host\) → http:\/\/evil\.localhost:\1\/oauth\/callback with an authorization code/,
      },
    ],
  },
  { faults: ['oidc-client-public'], controls: [{ check: 'OIDC-CLIENT-AUTH', fault: 'oidc-client-public', diagnosis: /^An empty client secret accepted: the token endpoint answered 200 .*\(client_secret_post\)/ }] },
  {
    faults: ['idp-hostname-differs'],
    controls: [
      {
        check: 'OIDC-DISCOVERY',
        fault: 'idp-hostname-differs',
        diagnosis: /names the issuer "http:\/\/keycloak\.localhost:(\d+)\/realms\/authconf", which differs from "http:\/\/idp\.localhost:\1\/realms\/authconf"/,
      },
    ],
  },
];

describe('the OIDC, reset-mail, lockout, revocation and passkey checks on a healthy Keycloak stack', () => {
  const ledger = newLedger();
  let healthy: RunResult;
  before(async () => {
    // Two stacks side by side: ENUM-TIMING alone takes about a third of the run (72 timed requests),
    // the other checks go on beside it; a Keycloak start costs ~25 s of CPU since its JVM runs C1 only.
    healthy = await runConformance({ env: { ...KEYCLOAK, AUTHCONF_SECRETS_LEDGER: ledger }, args: [...SPECS, '--workers', '2'] });
  });

  it('the run completes without a FAIL', () => {
    assert.equal(healthy.code, 0, healthy.output.slice(-3000));
  });

  it('OIDC-DISCOVERY and OIDC-CODE-ONCE PASS', () => {
    assert.equal(verdictOf(healthy, 'OIDC-DISCOVERY').verdict, 'PASS');
    assert.equal(verdictOf(healthy, 'OIDC-CODE-ONCE').verdict, 'PASS');
  });

  it('OIDC-RP-LOGOUT PASSes: unregistered post-logout URIs refused, state returned, the SSO session and the refresh token ended', () => {
    const { verdict, evidence } = verdictOf(healthy, 'OIDC-RP-LOGOUT');
    assert.equal(verdict, 'PASS');
    const shown = evidence.join('\n');
    assert.match(shown, /post_logout_redirect_uri \S+\/elsewhere: the provider kept it on its own page: .*Invalid redirect uri/s);
    assert.match(shown, /authorization with prompt=none: error=login_required/);
    assert.match(shown, /the refresh token from before logout: 400 \{"error":"invalid_grant"/);
  });

  it("SESS-IDLE and SESS-ABSOLUTE PASS: the short-session client's refresh is refused after 8 s unused and 20 s after sign-in however used", () => {
    const idle = verdictOf(healthy, 'SESS-IDLE');
    assert.equal(idle.verdict, 'PASS', idle.diagnosis);
    assert.match(idle.evidence.join('\n'), /refresh after \d+ s without activity: 400 \{"error":"invalid_grant"/);
    const absolute = verdictOf(healthy, 'SESS-ABSOLUTE');
    assert.equal(absolute.verdict, 'PASS', absolute.diagnosis);
    assert.match(absolute.evidence.join('\n'), /refreshes while in use \(time after sign-in: status\): (\d+ s: 200, ){3}\d+ s: 200\nrefresh 2\d s after sign-in: 400 \{"error":"invalid_grant"/);
  });

  it("OIDC-BACKCHANNEL-LOGOUT PASSes: signing out at Keycloak POSTs a signed, typed logout token with the session's sid to the RP, and the RP's refresh token ends", () => {
    const result = verdictOf(healthy, 'OIDC-BACKCHANNEL-LOGOUT');
    assert.equal(result.verdict, 'PASS', result.diagnosis);
    const shown = result.evidence.join('\n');
    assert.match(shown, /logout token header: alg RS256, typ logout\+jwt/);
    assert.match(shown, /sub = the ID token's; sid = the ID token's/);
    assert.match(shown, /the RP's refresh token from before the sign-out: 400 \{"error":"invalid_grant"/);
  });

  it('OPEN-REDIRECT PASSes: no bypass of redirect_uri or post_logout_redirect_uri leaves the client\'s origin', () => {
    const result = verdictOf(healthy, 'OPEN-REDIRECT');
    assert.equal(result.verdict, 'PASS', result.diagnosis);
    const shown = result.evidence.join('\n');
    assert.match(shown, /^redirect_uri: 10 bypasses in [\d.]+ s; kept on its own page: .*Invalid parameter: redirect_uri/m);
    assert.match(shown, /^post_logout_redirect_uri: 10 bypasses in [\d.]+ s; kept on its own page: /m);
  });

  it("OIDC-CLIENT-AUTH: Keycloak refuses both secrets with 401 but names it unauthorized_client (its expected-failures entry)", () => {
    const result = verdictOf(healthy, 'OIDC-CLIENT-AUTH');
    assert.equal(result.verdict, 'EXPECTED-FAIL');
    assert.match(result.diagnosis ?? '', /with an empty client secret it answered 401 \{"error":"unauthorized_client"/);
    assert.ok(result.evidence.some((e) => /^the right client secret \(client_secret_basic\): 200 /.test(e)), result.evidence.join('\n'));
  });

  it("MAIL-VERIFY PASSES: the reset mail's link sets a new password once", () => {
    const result = verdictOf(healthy, 'MAIL-VERIFY');
    assert.equal(result.verdict, 'PASS', result.diagnosis);
    assert.ok(result.evidence.includes('mail "Reset password" arrived with 1 link(s)'), result.evidence.join('\n'));
  });

  it('MAIL-DOWN WARNs: with SMTP rejecting or down Keycloak still says the mail is on its way, without a 5xx', () => {
    const result = verdictOf(healthy, 'MAIL-DOWN');
    assert.equal(result.verdict, 'WARN', result.diagnosis);
    assert.match(result.diagnosis ?? '', /With SMTP rejecting at recipient with 550, the app told the user "You should receive an email shortly/);
    assert.match(result.diagnosis ?? '', /With SMTP server down \(Mailpit stopped\), the app told the user/);
    // A hanging mail server (paused): what the user saw, and after how long, is measured.
    assert.ok(result.evidence.some((e) => /^SMTP server hanging \(Mailpit paused.*\): (the app said .* after [\d.]+ s|the user waited \d+ s and the page gave no answer)$/.test(e)), result.evidence.join('\n'));
  });

  it("LOGIN-LOCKOUT PASSes: the realm's brute-force detection locks the account after 5 wrong passwords, for about 10 s", () => {
    const result = verdictOf(healthy, 'LOGIN-LOCKOUT');
    assert.equal(result.verdict, 'PASS', result.diagnosis);
    assert.ok(result.evidence.includes('the right password was refused right after the guesses (from another browser: the account is locked)'), result.evidence.join('\n'));
    assert.ok(result.evidence.some((e) => /^the lock ended: the right password signed in again after about \d+ s$/.test(e)), result.evidence.join('\n'));
  });

  // ENUM-TIMING's negative control is this healthy stack: Keycloak promises not to reveal accounts and
  // hashes a dummy password for unknown users, yet answers an empty password for an existing one at
  // once (keycloak#51887), which its expected-failures entry documents.
  it('ENUM-TIMING FAILs on Keycloak itself, as its expected-failures entry says: a wrong password takes as long for an unknown user, an empty one does not', () => {
    const result = verdictOf(healthy, 'ENUM-TIMING');
    assert.equal(result.verdict, 'EXPECTED-FAIL', `${result.verdict} ${result.diagnosis ?? ''}`);
    assert.match(result.diagnosis ?? '', /sign-in with an empty password \(POST \/realms\/authconf\/login-actions\/authenticate\): an unknown login answered \d+ ms slower \(.*, an unknown login slower in \d+ % of pairs; Mann–Whitney p .*\) — so anyone can tell .*, though the deployment promises not to reveal accounts \(Keycloak's login form/);
    assert.ok(result.evidence.some((e) => /^sign-in with a wrong password \(POST \/realms\/authconf\/login-actions\/authenticate\): .* — no tell$/.test(e)), result.evidence.join('\n'));
    assert.ok(result.evidence.some((e) => /^password-reset request \(POST \/realms\/authconf\/login-actions\/reset-credentials\): /.test(e)), result.evidence.join('\n'));
    // Its reset sends the mail before answering: with the mail server hanging, an existing account waits on it.
    assert.match(result.diagnosis ?? '', /password-reset request with the mail server hanging \(POST \/realms\/authconf\/login-actions\/reset-credentials\): an existing account answered \d+ ms slower/);
    assert.ok(result.evidence.some((e) => /^password-reset request with the mail server hanging \(POST [^)]*\): .*; unanswered within the bound \(timed at it\): [56] for an existing account, 0 for an unknown login$/.test(e)), result.evidence.join('\n'));
  });

  it("LOGIN-CSRF PASSes: the login form's post, forged on another site, is refused without the auth session's cookie; from Keycloak's own origin it signs in", () => {
    const result = verdictOf(healthy, 'LOGIN-CSRF');
    assert.equal(result.verdict, 'PASS', result.diagnosis);
    assert.match(result.evidence.join('\n'), /POST \/realms\/authconf\/login-actions\/authenticate \(application\/x-www-form-urlencoded\)[\s\S]*\nthe victim's browser is not signed in\nthe same form from the app's own origin in the attacker's browser: 302 → \/realms\/authconf\/account; signed in/);
  });

  it('SESS-REVOKE PASSes: a password change with "Sign out from other devices" ends the other browser\'s session', () => {
    const result = verdictOf(healthy, 'SESS-REVOKE');
    assert.equal(result.verdict, 'PASS', result.diagnosis);
    assert.ok(result.evidence.includes("the other browser's session ended"), result.evidence.join('\n'));
  });

  it('the five passkey checks PASS: registered in the account console, signed in with the passkey alone, UV and counters enforced, removal effective', () => {
    const evidence = (id: string) => {
      const result = verdictOf(healthy, id);
      assert.equal(result.verdict, 'PASS', `${id}: ${result.diagnosis}`);
      return result.evidence.join('\n');
    };
    assert.match(evidence('PASSKEY-REGISTER'), /navigator\.credentials\.create\(userVerification required, residentKey required, rpId idp\.localhost\) → ok\n.*discoverable credential for idp\.localhost\nthe app lists 1 passkey: "authconf passkey"\nchallenge: \d+ bytes/);
    assert.match(evidence('PASSKEY-LOGIN'), /signed in with the passkey alone \(discoverable: no login typed\)\n.*holds no passkey: .*NotAllowedError.*\na browser without the passkey stays signed out/);
    assert.match(evidence('PASSKEY-UV'), /the app asks for userVerification 'required'.*\n.*\nthe server refused the assertion without user verification: "Passkey authentication result is invalid/);
    assert.match(evidence('PASSKEY-CLONE'), /the server refused the assertion whose counter did not grow: "Passkey authentication result is invalid/);
    assert.match(evidence('PASSKEY-REMOVE'), /the app lists no passkey after the removal\n.*\nthe removed passkey is refused/);
  });

  it('no client secret, password, token or passkey private key of the run appears in any file it wrote', async () => {
    const secrets = readLedger(ledger);
    assert.ok(secrets.length >= 5, `the run recorded only ${secrets.length} secrets`);
    // The virtual authenticators' keys: base64 of PKCS#8 DER (an EC P-256 key starts MIG…).
    assert.ok(secrets.some((s) => s.startsWith('MIG')), 'no passkey private key was registered as a secret');
    assert.deepEqual(await findSecrets(healthy.reportDir, secrets), []);
  });
});

describeSideBySide('each OIDC and session check, LOGIN-LOCKOUT and PASSKEY-UV under the misconfiguration it guards against', () => {
  describeSharedControlRuns(KEYCLOAK, CONTROL_RUNS);
});

describe("a healthy variant: the realm's OTP policy HmacSHA256, 8 digits, 20-second steps", () => {
  let variant: RunResult;
  before(async () => {
    // Another step than the default 30 s proves the checks read it from the page; 20 s rather than the
    // common 60 s, since each check mostly waits for steps to pass (with 60-s steps: 4 min 34 s on one
    // stack, 2 min 47 s on two). Two stacks side by side halve the wait.
    variant = await runConformance({ env: { ...KEYCLOAK, AUTHCONF_VARIANT: 'totp-sha256-8-20' }, args: ['--grep', '@MFA-', '--timeout', '300000', '--workers', '2'] });
  });

  it('the four MFA checks PASS as with the defaults: the parameters are read from the page, not assumed', () => {
    assert.equal(variant.code, 0, variant.output.slice(-3000));
    assert.equal(variant.report?.variant, 'totp-sha256-8-20');
    for (const id of ['MFA-TOTP-ENROLL', 'MFA-TOTP-WINDOW', 'MFA-TOTP-REPLAY', 'MFA-CLOCK-SKEW']) {
      const result = verdictOf(variant, id);
      assert.equal(result.verdict, 'PASS', `${id}: ${result.diagnosis}`);
      assert.ok(result.evidence.includes('TOTP parameters as the app shows them (otpauth URI): SHA256, 8 digits, 20 s period'), `${id}: ${result.evidence.join('\n')}`);
    }
    assert.match(verdictOf(variant, 'MFA-TOTP-WINDOW').evidence.join('\n'), /accepted offsets: -1, 0, \+1/);
  });
});
