import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { authorize, basicAuthOf, discoveryOf, endSession, gotTokens, newState, refreshTokens, signInForTokens, type AuthorizationOutcome, type ProviderAnswer } from '../../fixtures/oidc-flow.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const OIDC_RP_LOGOUT = check('OIDC-RP-LOGOUT');

const where = (answer: ProviderAnswer) => (answer.redirectedTo ? `sent the browser to ${answer.redirectedTo.origin}${answer.redirectedTo.pathname}` : `kept it on its own page: "${answer.providerPage}"`);
const outcome = (o: AuthorizationOutcome) => (o.code ? 'a code' : o.error ? `error=${o.error}` : `its own page: "${o.providerPage}"`);

test('RP-initiated logout: only the registered post-logout URI, state returned, the session and its refresh token ended', OIDC_RP_LOGOUT, async ({ page, oidc }) => {
  const user = await oidc.newUser();
  const discovery = await discoveryOf(oidc);
  verdict.require(
    typeof discovery.end_session_endpoint === 'string',
    'The discovery document names no end_session_endpoint: relying parties cannot end the provider session (OpenID Connect RP-Initiated Logout 1.0 §2.1).',
  );
  const { client } = oidc;
  const signIn = () => signInForTokens(page, oidc, user, client, discovery);
  const providerSessionAlive = async () => {
    const o = await authorize(page, oidc, user, { client, state: newState(), prompt: 'none' }, discovery);
    verdict.note(`authorization with prompt=none: ${outcome(o)}`);
    return Boolean(o.code);
  };

  let session = await signIn();
  // Unregistered post-logout URIs, while the session lives (RP-Initiated Logout 1.0 §3: the URI must have been registered).
  const registered = client.postLogoutRedirectUri;
  for (const unregistered of [`${new URL(registered).origin}/elsewhere`, `${registered}/extra`]) {
    const answer = await endSession(page, discovery, { idTokenHint: session.idToken, postLogoutRedirectUri: unregistered, state: newState() });
    verdict.note(`logout with post_logout_redirect_uri ${unregistered}: the provider ${where(answer)}`);
    verdict.require(
      !answer.redirectedTo,
      `After logout the provider sent the browser to ${unregistered}, which is not the registered ${registered}: anyone can make it redirect there (RP-Initiated Logout 1.0 §3). ` +
        "Likely cause: a wildcard in the client's registered post-logout redirect URIs.",
    );
  }
  if (!(await providerSessionAlive())) {
    verdict.note('a refused logout request still ended the provider session; signed in again');
    session = await signIn();
    verdict.require(await providerSessionAlive(), 'Precondition failed: the provider keeps no session after sign-in (prompt=none gave no code).');
  }

  const state = newState();
  const loggedOut = await endSession(page, discovery, { idTokenHint: session.idToken, postLogoutRedirectUri: registered, state });
  verdict.note(`logout with the registered post_logout_redirect_uri: the provider ${where(loggedOut)}`);
  const landed = loggedOut.redirectedTo && `${loggedOut.redirectedTo.origin}${loggedOut.redirectedTo.pathname}`;
  verdict.require(landed === registered, `Logout with id_token_hint and the registered post_logout_redirect_uri did not return there: the provider ${where(loggedOut)} (RP-Initiated Logout 1.0 §3).`);
  verdict.require(loggedOut.state === state, `The state parameter came back from logout as "${loggedOut.state}" instead of "${state}" (RP-Initiated Logout 1.0 §3).`);

  verdict.require(!(await providerSessionAlive()), 'After RP-initiated logout the provider still signed the user in without asking (prompt=none gave a code): its session was not ended (ASVS v5.0.0-7.4.1).');
  const refreshed = await refreshTokens(oidc, discovery, { client, refreshToken: session.refreshToken, auth: basicAuthOf(client) });
  verdict.note(`the refresh token from before logout: ${refreshed.summary}`);
  verdict.require(!gotTokens(refreshed), 'After RP-initiated logout the refresh token issued before it still gave new tokens: the relying party\'s access outlives the logout (ASVS v5.0.0-7.4.1).');
});
