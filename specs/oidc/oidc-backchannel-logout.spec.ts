import { createRemoteJWKSet, decodeJwt } from 'jose';
import { judgeLogoutToken } from '../../fixtures/backchannel-logout.ts';
import { check } from '../../fixtures/checks.ts';
import { test } from '../../fixtures/index.ts';
import { basicAuthOf, discoveryOf, gotTokens, refreshTokens, signInForTokens } from '../../fixtures/oidc-flow.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const OIDC_BACKCHANNEL_LOGOUT = check('OIDC-BACKCHANNEL-LOGOUT');

/** The provider sends logout tokens while it ends the session; this allows for a slow send. */
const DELIVERY_SECONDS = 10;

test("signing out at the provider sends the RP a valid logout token naming the session; the RP's tokens end", OIDC_BACKCHANNEL_LOGOUT, async ({ page, oidc }) => {
  const inbox = oidc.logoutTokens;
  test.skip(!inbox, "the target's provider has no relying party with a back-channel logout endpoint");
  const discovery = await discoveryOf(oidc);
  verdict.note(`discovery: backchannel_logout_supported ${discovery.backchannel_logout_supported}, backchannel_logout_session_supported ${discovery.backchannel_logout_session_supported}`);
  verdict.require(discovery.backchannel_logout_supported === true, 'The discovery document does not announce backchannel_logout_supported: relying parties cannot expect logout tokens (Back-Channel Logout 1.0 §2.1).');

  const { client } = oidc;
  const signedIn = await signInForTokens(page, oidc, await oidc.newUser(), client, discovery);
  const idToken = decodeJwt(signedIn.idToken) as { sub: string; sid?: string };
  verdict.note(`the RP's endpoint: ${inbox!.url} (it needs sid: ${inbox!.sessionRequired})`);

  const signOutAt = Date.now();
  await oidc.signOut(page);
  const delivery = await inbox!.deliveryAfter(signOutAt, DELIVERY_SECONDS * 1000);
  verdict.require(delivery, `No logout token reached the RP's back-channel endpoint (${inbox!.url}) within ${DELIVERY_SECONDS} s after the user signed out at the provider: the RP's session lives on (Back-Channel Logout 1.0 §2.5).`);
  verdict.note(`logout token POSTed ${((delivery.receivedAt - signOutAt) / 1000).toFixed(1)} s after the sign-out began, as ${delivery.contentType}`);
  verdict.require(delivery.contentType.startsWith('application/x-www-form-urlencoded') && delivery.token, `The provider's POST to the back-channel endpoint carried no logout_token form parameter (content type "${delivery.contentType}") (Back-Channel Logout 1.0 §2.5).`);

  const judged = await judgeLogoutToken(delivery.token, {
    issuer: discovery.issuer,
    clientId: client.clientId,
    keys: createRemoteJWKSet(new URL(oidc.backchannelUrl(discovery.jwks_uri))),
    sessionRequired: inbox!.sessionRequired,
    idToken,
  });
  for (const note of judged.notes) verdict.note(note);
  verdict.require(judged.problems.length === 0, `The logout token is not one an RP may act on: ${judged.problems.join('; ')}.`);
  for (const warning of judged.warnings) verdict.warn(`${warning.charAt(0).toUpperCase()}${warning.slice(1)}.`);

  const refreshed = await refreshTokens(oidc, discovery, { client, refreshToken: signedIn.refreshToken, auth: basicAuthOf(client) });
  verdict.note(`the RP's refresh token from before the sign-out: ${refreshed.summary}`);
  verdict.require(!gotTokens(refreshed), "After the sign-out the RP's refresh token still gave new tokens: the provider told the RP the session ended but kept it alive for the RP (ASVS v5.0.0-7.4.1).");
});
