/**
 * A port taken by another program: the stack says which port and that another program holds
 * it, fails within a bounded time, and leaves no container or network behind.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { stderrProgress } from '../../containers/images/progress.ts';
import { ensureLocalImage } from '../../containers/images/resolve.ts';
import { freeLoopbackPort } from '../../containers/loopback-container.ts';
import { MailpitContainer, mailpitImage } from '../../containers/services/mailpit.ts';
import { PortTakenError, Stack } from '../../containers/stack.ts';
import { redact } from '../../fixtures/secrets.ts';
import { assertNothingLeft } from '../support/docker.ts';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';

describe('a published port already taken', () => {
  const image = mailpitImage('v1.33.1');
  let squatter: Server;
  let port: number;

  before(async () => {
    await ensureLocalImage(image, stderrProgress('images'));
    port = await freeLoopbackPort();
    squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
  });

  after(() => squatter?.close());

  it('fails with PortTakenError naming the port, within 30 s, leaving nothing', async () => {
    const began = Date.now();
    await assert.rejects(
      Stack.start('port-taken', { mail: { hostname: 'mail.localhost', container: () => new MailpitContainer(image.localRef).withHttpPort(port) } }, { progress: () => undefined, redact }),
      (error: Error) => {
        assert.ok(error instanceof PortTakenError, `${error.name}: ${error.message}`);
        assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port} is already in use by another program`));
        return true;
      },
    );
    assert.ok(Date.now() - began < 30_000, `took ${Date.now() - began} ms`);
    assertNothingLeft(process.pid, 'after the failed start');
  });
});
