import { check } from '../../fixtures/checks.ts';
import { expect, test } from '../../fixtures/index.ts';
import type { Discovery } from '../../fixtures/oidc-flow.ts';
import { verdict } from '../../fixtures/verdicts/verdict.ts';

const OIDC_DISCOVERY = check('OIDC-DISCOVERY');

test('the discovery document names the issuer it is served under, for the browser and for the containers alike', OIDC_DISCOVERY, async ({ page, oidc }) => {
  const url = `${oidc.issuer}/.well-known/openid-configuration`;

  const inBrowser = await page.goto(url);
  verdict.require(inBrowser?.status() === 200, `The browser could not fetch the discovery document at ${url} (status ${inBrowser?.status()}).`);
  const seenByBrowser = (await inBrowser.json()) as Discovery;
  verdict.note(`browser: issuer "${seenByBrowser.issuer}"`);

  const inside = await oidc.fetchInside(url);
  verdict.require(inside.status === 200, `A container on the stack network could not fetch the discovery document at ${url} (status ${inside.status}).`);
  const seenInside = JSON.parse(inside.body) as Discovery;
  verdict.note(`container on the stack network: issuer "${seenInside.issuer}"`);

  for (const [who, seen] of [['the browser', seenByBrowser], ['a container on the stack network', seenInside]] as const) {
    verdict.require(
      seen.issuer === oidc.issuer,
      `The discovery document fetched by ${who} at ${url} names the issuer "${seen.issuer}", which differs from "${oidc.issuer}", the URL it is served under. ` +
        'OIDC Discovery §4.3 requires them identical; relying parties then refuse its ID tokens. Likely cause: the IdP is configured with another public URL (Keycloak: KC_HOSTNAME).',
    );
  }
  verdict.require(
    JSON.stringify(seenByBrowser) === JSON.stringify(seenInside),
    'The browser and a container on the stack network were given different discovery documents: a relying party in a container and the user\'s browser would use different endpoints.',
  );

  for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const) {
    verdict.require(
      typeof seenByBrowser[endpoint] === 'string' && seenByBrowser[endpoint].startsWith(`${oidc.issuer}/`),
      `The discovery document's ${endpoint} ("${seenByBrowser[endpoint]}") is not under the issuer ${oidc.issuer}: one side of the network may not reach it.`,
    );
  }
  const keysInBrowser = await page.goto(seenByBrowser.jwks_uri);
  const keysInside = await oidc.fetchInside(seenByBrowser.jwks_uri);
  verdict.note(`jwks_uri: browser ${keysInBrowser?.status()}, container ${keysInside.status}`);
  verdict.require(keysInBrowser?.status() === 200 && keysInside.status === 200, `The signing keys (jwks_uri ${seenByBrowser.jwks_uri}) are not reachable from both sides: browser ${keysInBrowser?.status()}, container ${keysInside.status}.`);
  expect((JSON.parse(keysInside.body) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
});
