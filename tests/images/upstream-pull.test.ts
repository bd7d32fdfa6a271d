/**
 * The upstream image path (AUTHCONF_IMAGE_MODE=upstream), which users with a container
 * registry take: a registry on loopback (built from Debian's package) serves the local
 * images under their upstream names, reached through Testcontainers' registry prefix as a
 * company mirror would be. A run pulls them and grades a check; a registry without them
 * gives a clear error naming the image, and leaves nothing behind.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { stderrProgress } from '../../containers/images/progress.ts';
import { ensureLocalImage } from '../../containers/images/resolve.ts';
import { freeLoopbackPort } from '../../containers/loopback-container.ts';
import { RegistryContainer, registryImage } from '../../containers/services/registry.ts';
import { Stack } from '../../containers/stack.ts';
import { parseConfig } from '../../fixtures/config.ts';
import { redact } from '../../fixtures/secrets.ts';
import { targetRegistry } from '../../fixtures/targets/registry.ts';
import { runConformance, verdictOf } from '../support/conformance-run.ts';
import { assertNothingLeft } from '../support/docker.ts';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('upstream images pulled from a registry', () => {
  let stack: Stack<{ registry: { hostname: string; container: () => RegistryContainer } }>;
  let registry: string;
  /** The names the runs pulled: removed at the end, so every run of this test really pulls. */
  const pulledNames: string[] = [];

  before(async () => {
    const progress = stderrProgress('registry test');
    await ensureLocalImage(registryImage(), progress);
    const port = await freeLoopbackPort();
    registry = `127.0.0.1:${port}`;
    stack = await Stack.start('registry', { registry: { hostname: 'registry.localhost', container: () => new RegistryContainer(registryImage().localRef, port) } }, { progress, redact });
    // The GoatCounter target's images (app and mail), built locally, pushed under their upstream names.
    const images = targetRegistry().definition('goatcounter').images(parseConfig({ AUTHCONF_TARGET: 'goatcounter' }));
    for (const recipe of Object.values(images)) {
      await ensureLocalImage(recipe, progress);
      const mirrored = `${registry}/${recipe.upstreamRef}`;
      docker('tag', recipe.localRef, mirrored);
      docker('push', '--quiet', mirrored);
      docker('rmi', mirrored);
      pulledNames.push(mirrored);
    }
  });

  after(async () => {
    for (const name of pulledNames) execFileSync('docker', ['rmi', '--force', name], { stdio: 'ignore' });
    await stack?.stop();
  });

  it('a run in upstream mode pulls every image through the registry prefix and grades LOGIN-OK PASS', async () => {
    const run = await runConformance({
      env: { AUTHCONF_IMAGE_MODE: 'upstream', TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX: `${registry}/` },
      args: ['--grep', '@LOGIN-OK'],
    });
    assert.equal(verdictOf(run, 'LOGIN-OK').verdict, 'PASS', run.output.slice(-3000));
    for (const name of pulledNames) assert.match(run.output, new RegExp(`pulled ${name.replaceAll('.', '\\.')} in `), `${name} was not pulled`);
    assert.match(run.output, new RegExp(`using app=${registry.replaceAll('.', '\\.')}/arp242/goatcounter:`));
    assertNothingLeft(run.pid, 'after the upstream run');
  });

  it('an image the registry lacks fails the run before any container starts, naming the image and the way out', async () => {
    const run = await runConformance({
      env: { AUTHCONF_IMAGE_MODE: 'upstream', TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX: `${registry}/elsewhere/` },
      args: ['--grep', '@LOGIN-OK'],
    });
    assert.notEqual(run.code, 0);
    // The images are pulled side by side, so whichever the registry refuses first is named.
    const upstreamNames = pulledNames.map((name) => name.slice(`${registry}/`.length).replaceAll('.', '\\.')).join('|');
    assert.match(run.output, new RegExp(`cannot pull ${registry.replaceAll('.', '\\.')}/elsewhere/(${upstreamNames}): .*(not found|unknown)`));
    assert.match(run.output, /Use AUTHCONF_IMAGE_MODE=local or auto/);
    assertNothingLeft(run.pid, 'after the failed pull');
  });
});
