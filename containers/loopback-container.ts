/**
 * A GenericContainer whose ports are published on 127.0.0.1 only, at the same number
 * inside and outside, so `http://NAME.localhost:PORT` is one URL for the browser (Chromium
 * resolves *.localhost to loopback) and for the other containers (NAME.localhost is a
 * network alias).
 */
import { createServer } from 'node:net';
import { GenericContainer } from 'testcontainers';

export class LoopbackContainer extends GenericContainer {
  /** Publishes `port` as 127.0.0.1:port → container:port. */
  withLoopbackPort(port: number): this {
    this.withExposedPorts({ container: port, host: port });
    const key = `${port}/tcp`;
    this.hostConfig.PortBindings = {
      ...this.hostConfig.PortBindings,
      [key]: [{ HostIp: '127.0.0.1', HostPort: String(port) }],
    };
    return this;
  }
}

/** A port that is free on 127.0.0.1 right now (the kernel picks it; we release it at once). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
