/**
 * The forward-auth stack end to end with the real IdP (issue #6): Keycloak + oauth2-proxy
 * (OIDC discovery against the same issuer URL the browser uses) + nginx auth_request +
 * Actual. In Chromium, an unauthenticated navigation to Actual goes to Keycloak's login,
 * and after signing in the browser is back on the page it asked for, served by Actual.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium } from '@playwright/test';
import { stderrProgress } from '../../containers/images/progress.ts';
import { ensureLocalImage } from '../../containers/images/resolve.ts';
import { freeLoopbackPort } from '../../containers/loopback-container.ts';
import { ActualContainer, actualImage } from '../../containers/services/actual.ts';
import { KeycloakContainer, keycloakImage } from '../../containers/services/keycloak.ts';
import { keycloakRealm } from '../../containers/services/keycloak-realm.ts';
import { NginxContainer, nginxImage } from '../../containers/services/nginx.ts';
import { OAuth2ProxyContainer, oauth2ProxyImage } from '../../containers/services/oauth2-proxy.ts';
import { Stack } from '../../containers/stack.ts';
import { fillSecret, newSecret, redact } from '../../fixtures/secrets.ts';
import { distinctClientHeaders } from '../../fixtures/client-address.ts';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

const REALM = 'authconf';
const images = { idp: keycloakImage('26.7.3'), app: actualImage('26.9.0'), auth: oauth2ProxyImage('v7.15.6'), front: nginxImage() };

async function startStack() {
  const [idpPort, appPort, authPort, frontPort] = (await Promise.all([1, 2, 3, 4].map(() => freeLoopbackPort()))) as [number, number, number, number];
  const issuer = `http://idp.localhost:${idpPort}/realms/${REALM}`;
  const appUrl = `http://actual.localhost:${frontPort}`;
  const user = { username: 'alice', email: 'alice@authconf.test', password: newSecret() };
  const client = { clientId: 'oauth2-proxy', secret: newSecret(), redirectUris: [`${appUrl}/oauth2/callback`] };
  const realm = keycloakRealm({ realm: REALM, users: [user], clients: [client] });
  const stack = await Stack.start(
    'proxy-login',
    {
      idp: { hostname: 'idp.localhost', container: () => new KeycloakContainer(images.idp.localRef).withBootstrapAdmin('admin', newSecret()).withHttpPort(idpPort, 'idp.localhost').withRealm(realm) },
      app: { hostname: 'app.actual.localhost', container: () => new ActualContainer(images.app.localRef).withHttpPort(appPort) },
      auth: {
        hostname: 'auth.localhost',
        // Discovery at start-up: after Keycloak serves the realm.
        dependsOn: ['idp'],
        container: () =>
          new OAuth2ProxyContainer(images.auth.localRef)
            .withHttpPort(authPort)
            .withOidcProvider({ issuerUrl: issuer, clientId: client.clientId, clientSecret: client.secret })
            .withRedirectUrl(`${appUrl}/oauth2/callback`)
            .withAuthOnly()
            .withReverseProxy()
            .withSetXAuthRequest()
            .withSkipProviderButton(),
      },
      front: {
        hostname: 'actual.localhost',
        dependsOn: ['app', 'auth'],
        container: () => new NginxContainer(images.front.localRef).withForwardAuth(frontPort, { upstream: `http://app.actual.localhost:${appPort}`, authProxy: `http://auth.localhost:${authPort}`, unauthenticated: 'redirect' }),
      },
    },
    { progress: stderrProgress('stack'), redact },
  );
  return { stack, issuer, appUrl, user };
}

describe('PROXY-LOGIN path: Actual behind nginx + oauth2-proxy + Keycloak', () => {
  let started: Awaited<ReturnType<typeof startStack>>;

  before(async () => {
    for (const recipe of Object.values(images)) await ensureLocalImage(recipe, stderrProgress('images'));
    started = await startStack();
  });

  after(async () => {
    await started?.stack.stop();
  });

  it('unauthenticated navigation → Keycloak login → back on the requested page of Actual', async () => {
    const browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ extraHTTPHeaders: distinctClientHeaders() });
      await page.goto(`${started.appUrl}/login`);
      assert.ok(page.url().startsWith(`${started.issuer}/protocol/openid-connect/auth`), `at ${page.url()}`);
      await page.locator('#username').fill(started.user.username);
      await fillSecret(page.locator('#password'), started.user.password);
      await page.locator('#kc-login').click();
      await page.waitForURL(`${started.appUrl}/**`);
      assert.equal(new URL(page.url()).pathname, '/login');
      await page.getByText('Sign in to this Actual instance').or(page.getByText("you'll need to set a password for your server")).first().waitFor();
      const cookies = await page.context().cookies(started.appUrl);
      assert.ok(cookies.some((c) => c.name === '_oauth2_proxy'), 'the proxy session cookie is set on the app origin');
    } finally {
      await browser.close();
    }
  });
});
