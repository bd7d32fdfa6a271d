/**
 * The built-in targets' expected-failures entries against the diagnoses their checks really
 * give (copied from healthy runs) and against failures with another cause, which must stay
 * FAIL — the Keycloak case of issue #15 among them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultExpectedFailuresFile, loadExpectedFailures, mismatchOf, type ExpectedFailure } from '../../fixtures/expected-failures.ts';

const entryOf = (target: string, check: string): ExpectedFailure => {
  const entry = loadExpectedFailures(defaultExpectedFailuresFile(target)).find((e) => e.check === check);
  assert.ok(entry, `${target} lists ${check}`);
  return entry;
};

const unauthorizedClient = (attempt: string) =>
  `with ${attempt} it answered 401 {"error":"unauthorized_client","error_description":"Invalid client or Invalid client credentials"}, but RFC 6749 §5.2 names a failed client authentication "invalid_client" (relying parties key their "check your client secret" message on it)`;
const RIGHT_SECRET_WORKED = 'the right client secret (client_secret_basic): 200 {"access_token":"…","token_type":"Bearer","id_token":"…","scope":"openid profile email"}';

/** [target, check, diagnosis, evidence]: the failure each entry documents, as the check words it. */
const DOCUMENTED: [string, string, string, string[]][] = [
  ['goatcounter', 'MFA-TOTP-ENROLL', "The TOTP prompt page carries a hidden field whose value is already a valid session (cookie 'key'): anyone who knows the password can set it as a cookie and skip the code (MFA bypass).", []],
  ['goatcounter', 'MFA-TOTP-REPLAY', 'The same TOTP code was accepted a second time (0 step(s) after its first use): an observed code can be replayed within its window (ASVS v5.0.0-6.5.1, RFC 6238 §5.2).', ['replayed 0 step(s) after first use']],
  ['goatcounter', 'MAIL-VERIFY', 'The reset link worked a second time: after its first use it still set a new password that then signed in. A reset link must work once (ASVS v5.0.0-6.6.2).', []],
  ['keycloak', 'OIDC-CLIENT-AUTH', `Refused client secrets are not answered as RFC 6749 §5.2 says: ${unauthorizedClient('an empty client secret')}; ${unauthorizedClient('a wrong client secret')}.`, [RIGHT_SECRET_WORKED]],
  ['keycloak', 'LOGIN-COOKIES', "Set-Cookie 'KEYCLOAK_IDENTITY' from /realms/authconf/login-actions/authenticate has SameSite=None; expected Lax or Strict so other sites cannot ride the session (ASVS v5.0.0-3.3.2).", []],
  ['pocketbase', 'LOGOUT-REPLAY', "After sign-out, the session (localStorage '__pb_superusers__/_' (JSON, token at token)) captured before it still opens the authenticated page from a fresh browser context: the server did not end the session (ASVS v5.0.0-7.4.1). Most likely sign-out only makes the browser forget its token.", []],
];

/** [target, check, diagnosis, evidence]: failures of a listed check with another cause. */
const OTHER_CAUSES: [string, string, string, string[]][] = [
  // Issue #15: the client secrets rotated behind the suite's back.
  ['keycloak', 'OIDC-CLIENT-AUTH', 'The right client secret was refused: the token endpoint answered 401 {"error":"unauthorized_client","error_description":"Invalid client or Invalid client credentials"}.', ['the right client secret (client_secret_basic): 401 {"error":"unauthorized_client","error_description":"Invalid client or Invalid client credentials"}']],
  ['keycloak', 'OIDC-CLIENT-AUTH', 'An empty client secret accepted: the token endpoint answered 200 {"access_token":"…"} and issued tokens (client_secret_post). A confidential client must authenticate with its secret (RFC 6749 §2.3.1, §5.2); is the client registered as public, or its authentication switched off?', []],
  ['keycloak', 'OIDC-CLIENT-AUTH', `Refused client secrets are not answered as RFC 6749 §5.2 says: ${unauthorizedClient('an empty client secret')}; with an empty client secret the error came as text/html, not application/json; ${unauthorizedClient('a wrong client secret')}.`, [RIGHT_SECRET_WORKED]],
  ['keycloak', 'LOGIN-COOKIES', "Set-Cookie 'KEYCLOAK_IDENTITY' from /realms/authconf/login-actions/authenticate lacks HttpOnly: any script on the page can read the session token (ASVS v5.0.0-3.3.4).", []],
  ['goatcounter', 'MFA-TOTP-ENROLL', 'After only the password step, the browser already reaches the authenticated page: the code is not demanded (ASVS v5.0.0-6.5.5).', []],
  ['goatcounter', 'MFA-TOTP-REPLAY', 'Precondition failed: the code for the current step was refused.', []],
  ['goatcounter', 'MAIL-VERIFY', 'The password-reset mail did not arrive: no mail to user-1@authconf.test arrived; to that address came: nothing.', []],
  ['pocketbase', 'LOGOUT-REPLAY', 'After signing out, the same browser still reaches the authenticated page.', []],
  ['pocketbase', 'LOGOUT-REPLAY', 'The check could not complete: Error: page.goto: net::ERR_CONNECTION_REFUSED at http://pocketbase.localhost/_/', []],
];

describe("the built-in targets' expected failures", () => {
  for (const [target, check, diagnosis, evidence] of DOCUMENTED) {
    it(`${target} ${check}: the failure it documents matches`, () => {
      assert.equal(mismatchOf(entryOf(target, check), { diagnosis, evidence }), undefined);
    });
  }

  for (const [target, check, diagnosis, evidence] of OTHER_CAUSES) {
    it(`${target} ${check}: "${diagnosis.slice(0, 60)}…" does not match`, () => {
      assert.match(mismatchOf(entryOf(target, check), { diagnosis, evidence }) ?? '', /^it expects \//);
    });
  }

  it('each entry names its place in its file', () => {
    assert.match(entryOf('keycloak', 'OIDC-CLIENT-AUTH').entry, /fixtures\/targets\/keycloak\/expected-failures\.json\[0\]$/);
  });
});
