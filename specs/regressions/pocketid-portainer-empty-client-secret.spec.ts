/**
 * Bug report (Pocket-ID + Portainer): after an edit of its OAuth settings, the relying party
 * re-submitted an empty client secret; the IdP's secret check failed and users saw "Invalid
 * client secret" / "authorization token missing". Written against the behaviour, on any
 * OpenID provider authconf runs: a code redeemed with an empty secret gets no tokens but a
 * 401 whose body says the client failed to authenticate (so the RP's admin knows to re-enter
 * the secret), never a 5xx; with the secret restored the next sign-in works.
 */
import { runConfig } from '../../fixtures/config.ts';
import { expect, test } from '../../fixtures/index.ts';
import { authorize, basicAuthOf, discoveryOf, gotTokens, newState, redeemCode } from '../../fixtures/oidc-flow.ts';
import { targetRegistry } from '../../fixtures/targets/registry.ts';

test.skip(!targetRegistry().profile(runConfig().target).capabilities.includes('oidc-provider'), `target ${runConfig().target} is not an OpenID provider`);

test('Pocket-ID: an empty client secret after a settings edit gets a clear 401, and the restored secret works', { tag: '@regression' }, async ({ page, oidc }) => {
  const discovery = await discoveryOf(oidc);
  expect(discovery.issuer, 'the discovery document names the issuer it is served under').toBe(oidc.issuer);
  const user = await oidc.newUser();
  const { client } = oidc;

  const edited = await authorize(page, oidc, user, { client, state: newState() }, discovery);
  expect(edited.code, 'the authorization request gives a code').toBeTruthy();
  const refused = await redeemCode(oidc, discovery, { client, code: edited.code!, auth: { method: 'client_secret_post', secret: '' } });
  expect(gotTokens(refused), `an empty client secret must not get tokens (${refused.summary})`).toBe(false);
  expect(refused.status, `an empty client secret is a client-authentication failure, not a server error (${refused.summary})`).toBe(401);
  expect(`${refused.json?.error} ${refused.json?.error_description ?? ''}`, 'the body tells the relying party its client authentication failed').toMatch(/client/i);

  const restored = await authorize(page, oidc, user, { client, state: newState() }, discovery);
  const redeemed = await redeemCode(oidc, discovery, { client, code: restored.code!, auth: basicAuthOf(client) });
  expect(gotTokens(redeemed), `with the secret restored the sign-in completes (${redeemed.summary})`).toBe(true);
});
