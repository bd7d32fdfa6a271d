import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { authorize, basicAuthOf, discoveryOf, gotTokens, newPkce, newState, redeemCode, type AuthorizationOutcome } from '../../fixtures/oidc-flow.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const OIDC_CODE_ONCE = check('OIDC-CODE-ONCE');

const outcome = (o: AuthorizationOutcome) => (o.code ? `a code at ${o.redirectedTo?.origin}${o.redirectedTo?.pathname}` : o.error ? `error=${o.error}` : `its own page: "${o.providerPage}"`);

test('codes work once, only at the exact redirect URI, with state returned and PKCE enforced', OIDC_CODE_ONCE, async ({ page, oidc }) => {
  const user = await oidc.newUser();
  const discovery = await discoveryOf(oidc);
  const { client, pkceClient } = oidc;
  const codeFor = async (request: Parameters<typeof authorize>[3]) => {
    const o = await authorize(page, oidc, user, request, discovery);
    verdict.require(o.code, `Precondition failed: the authorization request of ${request.client.clientId} gave no code but ${outcome(o)}.`);
    return o.code;
  };

  // State (RFC 6749 §4.1.2): returned exactly as sent.
  const state = newState();
  const first = await authorize(page, oidc, user, { client, state }, discovery);
  verdict.require(first.code, `Precondition failed: the authorization request gave no code but ${outcome(first)}.`);
  verdict.require(first.state === state, `The state parameter came back as "${first.state}" instead of "${state}": the client cannot tie the answer to its request (RFC 6749 §4.1.2).`);

  // Single use (RFC 6749 §4.1.2, ASVS v5.0.0-10.4.2).
  const redeemed = await redeemCode(oidc, discovery, { client, code: first.code, auth: basicAuthOf(client) });
  verdict.require(gotTokens(redeemed), `Precondition failed: redeeming a fresh code gave ${redeemed.summary}.`);
  const again = await redeemCode(oidc, discovery, { client, code: first.code, auth: basicAuthOf(client) });
  verdict.note(`the same code a second time: ${again.summary}`);
  verdict.require(!gotTokens(again), 'The authorization code was accepted a second time and issued new tokens; a code must be single use (RFC 6749 §4.1.2, ASVS v5.0.0-10.4.2).');
  verdict.require(again.json?.error === 'invalid_grant', `A used code was refused with ${again.summary}; RFC 6749 §5.2 names that "invalid_grant".`);

  // Redirect URI: only the registered one, to the letter (ASVS v5.0.0-10.4.1).
  const registered = new URL(client.redirectUri);
  for (const altered of [`${client.redirectUri}/extra`, `${registered.origin}/elsewhere`]) {
    const o = await authorize(page, oidc, user, { client, state: newState(), redirectUri: altered }, discovery);
    verdict.note(`authorization with redirect_uri ${altered}: ${outcome(o)}`);
    verdict.require(
      !o.code,
      `The redirect URI is not matched exactly: the provider sent a code to ${altered}, which is not the registered ${client.redirectUri} (ASVS v5.0.0-10.4.1). ` +
        'Likely cause: a wildcard in the client\'s registered redirect URIs.',
    );
  }
  const code = await codeFor({ client, state: newState() });
  const mismatch = await redeemCode(oidc, discovery, { client, code, auth: basicAuthOf(client), redirectUri: `${client.redirectUri}/extra` });
  verdict.note(`redeeming with another redirect_uri than the request's: ${mismatch.summary}`);
  verdict.require(!gotTokens(mismatch), `The redirect URI is not checked at the token endpoint: a code issued for ${client.redirectUri} was redeemed with another redirect_uri (RFC 6749 §4.1.3).`);

  // PKCE (RFC 7636, ASVS v5.0.0-10.4.3) on the client that requires it.
  const withoutChallenge = await authorize(page, oidc, user, { client: pkceClient, state: newState() }, discovery);
  verdict.note(`authorization without code_challenge for ${pkceClient.clientId}: ${outcome(withoutChallenge)}`);
  verdict.require(!withoutChallenge.code, `PKCE is not enforced: ${pkceClient.clientId} requires it, yet an authorization request without code_challenge got a code.`);
  const pkce = newPkce();
  for (const [attempt, verifier] of [['without code_verifier', undefined], ['with a wrong code_verifier', newPkce().verifier]] as const) {
    const c = await codeFor({ client: pkceClient, state: newState(), pkce });
    const answer = await redeemCode(oidc, discovery, { client: pkceClient, code: c, auth: basicAuthOf(pkceClient), codeVerifier: verifier });
    verdict.note(`PKCE code redeemed ${attempt}: ${answer.summary}`);
    verdict.require(!gotTokens(answer), `PKCE is not enforced: a code issued for a code_challenge was redeemed ${attempt} (RFC 7636 §4.6).`);
  }
  const right = await redeemCode(oidc, discovery, { client: pkceClient, code: await codeFor({ client: pkceClient, state: newState(), pkce }), auth: basicAuthOf(pkceClient), codeVerifier: pkce.verifier });
  verdict.require(gotTokens(right), `Precondition failed: a PKCE code with its right code_verifier was refused: ${right.summary}.`);
});
