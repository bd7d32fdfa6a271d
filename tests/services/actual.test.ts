/**
 * The Actual Budget service on its own (first brick of the Actual target, issue #6): the
 * local image builds from npm, the server answers its health check, serves the web app,
 * and a fresh server takes its password through the API and then hands out session tokens.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { stderrProgress } from '../../containers/images/progress.ts';
import { ensureLocalImage } from '../../containers/images/resolve.ts';
import { freeLoopbackPort } from '../../containers/loopback-container.ts';
import { ActualApiError, ActualContainer, actualImage, type StartedActualContainer } from '../../containers/services/actual.ts';
import { Stack } from '../../containers/stack.ts';
import { newSecret, redact } from '../../fixtures/secrets.ts';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

const VERSION = '26.9.0';

describe(`Actual Budget ${VERSION} service`, () => {
  let stack: Stack<{ app: { hostname: string; container: () => ActualContainer } }>;
  let actual: StartedActualContainer;
  const password = newSecret();

  before(async () => {
    const recipe = actualImage(VERSION);
    await ensureLocalImage(recipe, stderrProgress('images'));
    const port = await freeLoopbackPort();
    stack = await Stack.start('actual', { app: { hostname: 'actual.localhost', container: () => new ActualContainer(recipe.localRef).withHttpPort(port) } }, { progress: stderrProgress('stack'), redact });
    actual = stack.services.app;
  });

  after(async () => {
    await stack?.stop();
  });

  it('answers its health check on the loopback port', async () => {
    const health = await fetch(`${actual.apiUrl()}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'UP' });
  });

  it('reports the version it was built from', async () => {
    const info = (await (await fetch(`${actual.apiUrl()}/info`)).json()) as { build: { name: string; version: string } };
    assert.deepEqual(info.build, { ...info.build, name: '@actual-app/sync-server', version: VERSION });
  });

  it('serves the web app at /', async () => {
    const page = await fetch(`${actual.apiUrl()}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const html = await page.text();
    assert.match(html, /<title>Actual<\/title>/);
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, 'the page loads a script bundle');
    assert.equal((await fetch(`${actual.apiUrl()}${script.startsWith('/') ? '' : '/'}${script}`)).status, 200);
  });

  it('a fresh server needs its password, takes it once, and then logs in with it', async () => {
    assert.equal(await actual.needsBootstrap(), true);
    const bootstrapToken = await actual.bootstrapPassword(password);
    assert.ok(bootstrapToken);
    assert.equal(await actual.needsBootstrap(), false);
    await assert.rejects(actual.bootstrapPassword(newSecret()), /already-bootstrapped/);

    const token = await actual.loginWithPassword(password);
    const validate = await fetch(`${actual.apiUrl()}/account/validate`, { headers: { 'x-actual-token': token } });
    assert.equal(validate.status, 200);
    assert.equal(((await validate.json()) as { status: string }).status, 'ok');
  });

  it('a wrong password gets no token', async () => {
    await assert.rejects(actual.loginWithPassword(`${password}x`), (error: Error) => error instanceof ActualApiError && /invalid-password/.test(error.message));
  });
});
