// Global setup: GoatCounter in a container, one site and one account; the URL and the
// account reach the tests through the environment.
import { GenericContainer, Wait } from 'testcontainers';

const IMAGE = process.env.PEER_GOATCOUNTER_IMAGE ?? 'authconf-local/goatcounter:v2.7.0';
const DB = 'sqlite+/home/goatcounter/goatcounter-data/db.sqlite3';

export default async function globalSetup() {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const container = await new GenericContainer(IMAGE)
    .withEnvironment({ GOATCOUNTER_TLS: 'http', GOATCOUNTER_LISTEN: ':8080', GOATCOUNTER_DB: DB, GOATCOUNTER_AUTOMIGRATE: 'true' })
    .withExposedPorts(8080)
    .withWaitStrategy(Wait.forHttp('/status', 8080))
    .start();
  const password = `peer-${Math.random().toString(36).slice(2)}`;
  const created = await container.exec(['goatcounter', 'db', 'create', 'site', '-db', DB, '-vhost', 'goatcounter.localhost', '-user.email', 'peer@example.com', '-user.password', password]);
  if (created.exitCode !== 0) throw new Error(created.output);
  process.env.PEER_BASE_URL = `http://goatcounter.localhost:${container.getMappedPort(8080)}`;
  process.env.PEER_EMAIL = 'peer@example.com';
  process.env.PEER_PASSWORD = password;
  return async () => {
    await container.stop();
  };
}
