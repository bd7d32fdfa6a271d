/**
 * The PocketBase service on its own (first brick of the PocketBase target, issue #7): the
 * local image builds from the Go module proxy, serves on a loopback port, and its own CLI
 * inside the container creates a superuser who can then authenticate over the API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { stderrProgress } from '../../containers/images/progress.ts';
import { ensureLocalImage } from '../../containers/images/resolve.ts';
import { freeLoopbackPort } from '../../containers/loopback-container.ts';
import { CliError } from '../../containers/loopback-container.ts';
import { PocketBaseContainer, pocketbaseImage, type StartedPocketBaseContainer } from '../../containers/services/pocketbase.ts';
import { Stack } from '../../containers/stack.ts';
import { newSecret, redact } from '../../fixtures/secrets.ts';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

const VERSION = 'v0.23.12'; // the 0.23 line: admins became superusers (the Beszel case)

describe(`PocketBase ${VERSION} service`, () => {
  let stack: Stack<{ app: { hostname: string; container: () => PocketBaseContainer } }>;
  let pocketbase: StartedPocketBaseContainer;
  const email = 'recovered@authconf.test';
  const password = newSecret();

  before(async () => {
    const recipe = pocketbaseImage(VERSION);
    await ensureLocalImage(recipe, stderrProgress('images'));
    const port = await freeLoopbackPort();
    stack = await Stack.start('pocketbase', { app: { hostname: 'pocketbase.localhost', container: () => new PocketBaseContainer(recipe.localRef).withHttpPort(port) } }, { progress: stderrProgress('stack'), redact });
    pocketbase = stack.services.app;
  });

  after(async () => {
    await stack?.stop();
  });

  it('serves its health endpoint on the loopback port', async () => {
    const health = await fetch(`${pocketbase.apiUrl()}/api/health`);
    assert.equal(health.status, 200);
  });

  it('`superuser upsert` inside the container makes a superuser who can authenticate', async () => {
    await pocketbase.upsertSuperuser(email, password);
    const auth = await fetch(`${pocketbase.apiUrl()}/api/collections/_superusers/auth-with-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identity: email, password }),
    });
    assert.equal(auth.status, 200);
    assert.ok(((await auth.json()) as { token?: string }).token);
  });

  it('a CLI error is an error even though this version exits 0', async () => {
    await assert.rejects(pocketbase.executeCliCmd(['superuser', 'create', email, password]), CliError);
  });

  it('auth-refresh with a garbage token answers 401', async () => {
    const refresh = await fetch(`${pocketbase.apiUrl()}/api/collections/_superusers/auth-refresh`, { method: 'POST', headers: { authorization: 'garbage' } });
    assert.equal(refresh.status, 401);
  });
});
