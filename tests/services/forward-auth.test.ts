/**
 * nginx `auth_request` + oauth2-proxy in front of Actual Budget (issue #6), both answers to a
 * request without a proxy session: the classic documented front redirects everything, so
 * the app's background fetches get a 302 that ends at the IdP (our Actual-behind-Authentik
 * case); the background-401 front redirects navigations only and answers fetches with 401.
 * The IdP is not needed for these answers: oauth2-proxy is given its endpoints and skips
 * discovery.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { stderrProgress } from '../../containers/images/progress.ts';
import { ensureLocalImage } from '../../containers/images/resolve.ts';
import { freeLoopbackPort } from '../../containers/loopback-container.ts';
import { ActualContainer, actualImage } from '../../containers/services/actual.ts';
import { NginxContainer, nginxImage, type UnauthenticatedAnswer } from '../../containers/services/nginx.ts';
import { OAuth2ProxyContainer, oauth2ProxyImage } from '../../containers/services/oauth2-proxy.ts';
import { Stack } from '../../containers/stack.ts';
import { newSecret, redact } from '../../fixtures/secrets.ts';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

/** What Chromium sends on a top-level navigation. */
const NAVIGATION = { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
/** What Actual 26.9.0's web worker sends on a sync, as Chromium showed it (docs/targets/actual.md). */
const SYNC_FETCH = { 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty', 'content-type': 'application/actual-sync', 'x-actual-token': 'expired-session' };

interface RawRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
}

/**
 * An HTTP request with exactly the headers given: Node's fetch (undici) always sends its own
 * `Sec-Fetch-Mode: cors`, which is what a background fetch says, so it cannot play a navigation.
 */
function rawRequest(url: string, { method = 'GET', headers = {}, body }: RawRequest = {}): Promise<{ status: number; headers: { get(name: string): string | null } }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: { get: (name) => [res.headers[name.toLowerCase()]].flat()[0] ?? null } }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const images = { app: actualImage('26.9.0'), auth: oauth2ProxyImage('v7.15.6'), front: nginxImage() };

/** Actual behind two fronts (one per unauthenticated answer) sharing one oauth2-proxy. */
async function startForwardAuthStack() {
  const [appPort, authPort, idpPort, redirectPort, api401Port] = await Promise.all([1, 2, 3, 4, 5].map(() => freeLoopbackPort())) as [number, number, number, number, number];
  const issuer = `http://idp.localhost:${idpPort}/realms/authconf`;
  const ports: Record<UnauthenticatedAnswer, number> = { redirect: redirectPort, 'background-401': api401Port };
  const front = (unauthenticated: UnauthenticatedAnswer) => ({
    hostname: unauthenticated === 'redirect' ? 'actual.localhost' : 'actual-api401.localhost',
    dependsOn: ['app', 'auth'],
    container: () =>
      new NginxContainer(images.front.localRef).withForwardAuth(ports[unauthenticated], {
        upstream: `http://app.actual.localhost:${appPort}`,
        authProxy: `http://auth.localhost:${authPort}`,
        unauthenticated,
      }),
  });
  const stack = await Stack.start(
    'forward-auth',
    {
      app: { hostname: 'app.actual.localhost', container: () => new ActualContainer(images.app.localRef).withHttpPort(appPort) },
      auth: {
        hostname: 'auth.localhost',
        container: () =>
          new OAuth2ProxyContainer(images.auth.localRef)
            .withHttpPort(authPort)
            .withOidcProvider({
              issuerUrl: issuer,
              clientId: 'actual',
              clientSecret: newSecret(),
              endpoints: { authorization: `${issuer}/protocol/openid-connect/auth`, token: `${issuer}/protocol/openid-connect/token`, jwks: `${issuer}/protocol/openid-connect/certs` },
            })
            .withRedirectUrl(`http://actual.localhost:${redirectPort}/oauth2/callback`)
            .withAuthOnly()
            .withReverseProxy()
            .withSetXAuthRequest()
            .withSkipProviderButton()
            .withCookieLifetime(60),
      },
      front: front('redirect'),
      frontApi401: front('background-401'),
    },
    { progress: stderrProgress('stack'), redact },
  );
  return { stack, issuer, ports };
}

describe('forward auth: nginx auth_request + oauth2-proxy v7.15.6 in front of Actual 26.9.0', () => {
  let started: Awaited<ReturnType<typeof startForwardAuthStack>>;

  before(async () => {
    // One build at a time: the machine has two cores.
    for (const recipe of Object.values(images)) await ensureLocalImage(recipe, stderrProgress('images'));
    started = await startForwardAuthStack();
  });

  after(async () => {
    await started?.stack.stop();
  });

  const request = (answer: UnauthenticatedAnswer, path: string, init: RawRequest = {}) => rawRequest(`http://127.0.0.1:${started.ports[answer]}${path}`, init);

  it('/oauth2/auth without a session answers 401', async () => {
    const auth = await request('redirect', '/oauth2/auth');
    assert.equal(auth.status, 401);
  });

  it('unauthenticated navigation is redirected to sign-in with the original URI, and on to the IdP', async () => {
    const page = await request('redirect', '/budget', { headers: NAVIGATION });
    assert.equal(page.status, 302);
    assert.equal(page.headers.get('location'), '/oauth2/start?rd=/budget');

    const start = await request('redirect', '/oauth2/start?rd=/budget', { headers: NAVIGATION });
    assert.equal(start.status, 302);
    const idp = new URL(start.headers.get('location')!);
    assert.equal(`${idp.origin}${idp.pathname}`, `${started.issuer}/protocol/openid-connect/auth`);
    assert.equal(idp.searchParams.get('client_id'), 'actual');
    assert.equal(idp.searchParams.get('redirect_uri'), `http://actual.localhost:${started.ports.redirect}/oauth2/callback`);
    // oauth2-proxy carries the page to return to in the state: `NONCE:%2Fbudget`.
    assert.match(decodeURIComponent(idp.searchParams.get('state') ?? ''), /:\/budget$/);
  });

  it('classic front: the app\'s background sync fetch gets the same 302 (the cross-origin redirect of our Actual case)', async () => {
    const sync = await request('redirect', '/sync/sync', { method: 'POST', headers: SYNC_FETCH, body: new Uint8Array([1]) });
    assert.equal(sync.status, 302);
    assert.match(sync.headers.get('location') ?? '', /^\/oauth2\/start\?rd=/);
  });

  it('background-401 front: background requests get 401, navigation still gets the redirect', async () => {
    const sync = await request('background-401', '/sync/sync', { method: 'POST', headers: SYNC_FETCH, body: new Uint8Array([1]) });
    assert.equal(sync.status, 401);
    // As oauth2-proxy answers its own API routes.
    assert.equal(sync.headers.get('content-type'), 'application/json');
    const json = await request('background-401', '/account/validate', { headers: { accept: 'application/json' } });
    assert.equal(json.status, 401);
    const xhr = await request('background-401', '/account/validate', { headers: { 'x-requested-with': 'XMLHttpRequest' } });
    assert.equal(xhr.status, 401);

    const page = await request('background-401', '/budget', { headers: NAVIGATION });
    assert.equal(page.status, 302);
    assert.equal(page.headers.get('location'), '/oauth2/start?rd=/budget');
    // A client that says nothing about itself (curl, an old browser) counts as a navigation.
    const bare = await request('background-401', '/');
    assert.equal(bare.status, 302);
  });

  it('the app behind the front is up (reached directly inside the stack)', async () => {
    assert.equal((await fetch(`${started.stack.services.app.apiUrl()}/health`)).status, 200);
  });
});
