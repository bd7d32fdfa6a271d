import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { authorize, basicAuthOf, discoveryOf, gotTokens, newState, redeemCode, type ClientAuthentication, type TokenAnswer } from '../../fixtures/oidc-flow.ts';
import { newSecret } from '../../fixtures/secrets.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const OIDC_CLIENT_AUTH = check('OIDC-CLIENT-AUTH');

/**
 * RFC 6749 §5.2: a failed client authentication is `invalid_client` in a JSON body; 401 when
 * the client used the Authorization header. Returns what deviates (FAILs an acceptance at once).
 */
function deviationsOfRefusal(attempt: string, auth: ClientAuthentication, answer: TokenAnswer): string[] {
  verdict.note(`${attempt} (${auth.method}): ${answer.summary}`);
  verdict.require(
    !gotTokens(answer),
    `${attempt[0]!.toUpperCase()}${attempt.slice(1)} accepted: the token endpoint answered ${answer.summary} and issued tokens (${auth.method}). ` +
      'A confidential client must authenticate with its secret (RFC 6749 §2.3.1, §5.2); is the client registered as public, or its authentication switched off?',
  );
  const deviations: string[] = [];
  if (answer.status >= 500) deviations.push(`with ${attempt} the token endpoint failed with ${answer.summary}, a server error instead of 401 invalid_client`);
  if (answer.json?.error !== 'invalid_client') deviations.push(`with ${attempt} it answered ${answer.summary}, but RFC 6749 §5.2 names a failed client authentication "invalid_client" (relying parties key their "check your client secret" message on it)`);
  if (!/application\/json/.test(answer.contentType)) deviations.push(`with ${attempt} the error came as ${answer.contentType || 'no content type'}, not application/json`);
  if (auth.method === 'client_secret_basic') {
    if (answer.status !== 401) deviations.push(`with ${attempt} in the Authorization header it answered ${answer.status}; RFC 6749 §5.2 requires 401 then`);
    if (!answer.wwwAuthenticate) verdict.warn(`With ${attempt} sent in the Authorization header the 401 carries no WWW-Authenticate header, which RFC 6749 §5.2 asks for.`);
  } else if (answer.status !== 401 && answer.status < 500) {
    verdict.warn(`With ${attempt} (client_secret_post) the token endpoint answered ${answer.status}; RFC 6749 §5.2 allows 400 there, but 401 tells clients plainly that authentication failed.`);
  }
  return deviations;
}

test('the token endpoint refuses an empty and a wrong client secret with 401 invalid_client, and accepts the right one', OIDC_CLIENT_AUTH, async ({ page, oidc }) => {
  const user = await oidc.newUser();
  const discovery = await discoveryOf(oidc);
  const { client } = oidc;

  const first = await authorize(page, oidc, user, { client, state: newState() }, discovery);
  verdict.require(first.code, `Precondition failed: the authorization request gave no code (${first.error ?? first.providerPage ?? 'no redirect'}).`);
  const empty: ClientAuthentication = { method: 'client_secret_post', secret: '' };
  const deviations = deviationsOfRefusal('an empty client secret', empty, await redeemCode(oidc, discovery, { client, code: first.code, auth: empty }));
  const wrong: ClientAuthentication = { method: 'client_secret_basic', secret: newSecret() };
  deviations.push(...deviationsOfRefusal('a wrong client secret', wrong, await redeemCode(oidc, discovery, { client, code: first.code, auth: wrong })));

  // A fresh code: a provider may spend a code on a refused attempt.
  const second = await authorize(page, oidc, user, { client, state: newState() }, discovery);
  verdict.require(second.code, `Precondition failed: the second authorization request gave no code (${second.error ?? second.providerPage ?? 'no redirect'}).`);
  const right = await redeemCode(oidc, discovery, { client, code: second.code, auth: basicAuthOf(client) });
  verdict.note(`the right client secret (client_secret_basic): ${right.summary}`);
  verdict.require(gotTokens(right), `The right client secret was refused: the token endpoint answered ${right.summary}.`);
  verdict.require(deviations.length === 0, `Refused client secrets are not answered as RFC 6749 §5.2 says: ${deviations.join('; ')}.`);
});
