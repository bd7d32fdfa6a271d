/**
 * Published ports are picked below the kernel's ephemeral range: inside a container the same
 * number must be free, and Docker's embedded DNS takes random ephemeral ports there.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { freeLoopbackPort, publishedPortRange } from '../../containers/loopback-container.ts';

describe('published ports', () => {
  it("lie just below the machine's ephemeral range, never in it", () => {
    assert.deepEqual(publishedPortRange('32768\t60999\n'), { low: 20_767, high: 32_767 });
    assert.deepEqual(publishedPortRange('10000 65000'), { low: 1_025, high: 9_999 });
  });

  it('are free on 127.0.0.1 when picked, and differ from call to call', async () => {
    const { low, high } = publishedPortRange();
    const ports = await Promise.all(Array.from({ length: 5 }, () => freeLoopbackPort()));
    for (const port of ports) {
      assert.ok(port >= low && port <= high, `${port} outside ${low}–${high}`);
      const server = createServer();
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
      await new Promise((resolve) => server.close(resolve));
    }
    assert.ok(new Set(ports).size > 1, `five picks gave ${ports.join(', ')}`);
  });
});
