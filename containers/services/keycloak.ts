/**
 * Keycloak, the identity provider (issue #6). Local image: the server distribution
 * `org.keycloak:keycloak-quarkus-dist` from Maven Central on Debian trixie's OpenJDK 21
 * (upstream's image runs Java 21; the host's bookworm has only 17). It keeps the contract of
 * quay.io/keycloak/keycloak: /opt/keycloak, ENTRYPOINT kc.sh, port 8080, user 1000,
 * KC_BOOTSTRAP_ADMIN_*, realms imported from /opt/keycloak/data/import by
 * `start-dev --import-realm`.
 *
 * One URL for everyone: the HTTP port has the same number inside and outside and the
 * hostname is pinned (KC_HOSTNAME), so the issuer `http://idp.localhost:P/realms/R` is the
 * same whether the browser, another container or the test process (at 127.0.0.1:P) asks.
 */
import { Wait } from 'testcontainers';
import { debianBase } from '../images/debian-base.ts';
import { debianPackageImage } from '../images/debian-packages.ts';
import { mavenDistImage } from '../images/maven-dist.ts';
import type { ImageRecipe } from '../images/recipe.ts';
import { LoopbackContainer, StartedLoopbackContainer } from '../loopback-container.ts';
import { userRepresentation, type RealmUser } from './keycloak-realm.ts';

export const KEYCLOAK_HOME = '/opt/keycloak';
const IMPORT_DIR = `${KEYCLOAK_HOME}/data/import`;

/**
 * Build-time options the container always sets. The local image is augmented for dev mode
 * with exactly these (a `start-dev` run during the build, stopped once augmented), so
 * `start-dev` finds its build current and skips the re-augmentation that otherwise costs
 * about 90 s on 2 busy cores (measured: first start 160 s → 39 s). `kc.sh build` cannot do
 * this: it refuses the dev profile. The upstream image simply re-augments at start.
 */
const BUILD_OPTIONS = { KC_HEALTH_ENABLED: 'true' } as const;

/**
 * The JVM's quick compiler only (kc.sh appends JAVA_OPTS_APPEND): a test server lives minutes,
 * and the optimizing compiler's work at start-up is most of its CPU. Measured on 2 busy cores:
 * start 40 s → 26 s, CPU 40 s → 23 s; a password grant (PBKDF2) ~115 → ~190 ms.
 */
const JVM_OPTIONS = '-XX:TieredStopAtLevel=1';
const AUGMENTED_FOR_DEV = 'Running the server in development mode';

/** Starts `start-dev`, stops it once the augmentation is persisted, and removes the data it began to write. */
const PREBUILD_DEV_MODE = [
  `${KEYCLOAK_HOME}/bin/kc.sh start-dev > /tmp/prebuild.log 2>&1 & pid=$!`,
  `until grep -q "${AUGMENTED_FOR_DEV}" /tmp/prebuild.log; do kill -0 $pid 2>/dev/null || { cat /tmp/prebuild.log; exit 1; }; sleep 1; done`,
  'kill $pid; wait $pid',
  `rm -rf ${KEYCLOAK_HOME}/data/h2 ${KEYCLOAK_HOME}/data/tmp /tmp/prebuild.log`,
].join('; ');

export function openJdk21Image(): ImageRecipe {
  return debianPackageImage(
    { name: 'openjdk', tag: '21-jre-trixie', packages: ['openjdk-21-jre-headless'], upstreamRef: 'eclipse-temurin:21-jre', contract: [] },
    debianBase('trixie'),
  );
}

export function keycloakImage(version: string): ImageRecipe {
  return mavenDistImage(
    {
      name: 'keycloak',
      version,
      artifact: `org.keycloak:keycloak-quarkus-dist:${version}:zip`,
      installPath: KEYCLOAK_HOME,
      owner: '1000:0',
      folders: ['data/import'],
      upstreamRef: `quay.io/keycloak/keycloak:${version}`,
      contract: [
        'RUN echo "keycloak:x:1000:0:keycloak user:/opt/keycloak:/sbin/nologin" >> /etc/passwd',
        'ENV LANG=C.UTF-8',
        'USER 1000',
        `RUN export ${Object.entries(BUILD_OPTIONS).map(([k, v]) => `${k}=${v}`).join(' ')}; ${PREBUILD_DEV_MODE}`,
        'EXPOSE 8080 8443 9000',
        `ENTRYPOINT ["${KEYCLOAK_HOME}/bin/kc.sh"]`,
      ],
    },
    openJdk21Image(),
  );
}

export class KeycloakContainer extends LoopbackContainer {
  private httpPort = 8080;
  private readyPath = '/realms/master/.well-known/openid-configuration';

  constructor(image: string) {
    super(image);
    // Dev mode listens on localhost unless Quarkus believes it runs in a container, which it
    // does not conclude here (cgroup v2): published ports then get an empty reply.
    this.withEnvironment({ ...BUILD_OPTIONS, KC_HTTP_HOST: '0.0.0.0', JAVA_OPTS_APPEND: JVM_OPTIONS })
      .withCommand(['start-dev', '--import-realm'])
      // A JVM start with schema creation and realm import: a minute or more on 2 busy cores.
      .withStartupTimeout(300_000);
  }

  /** The temporary admin of the master realm, created at first start. */
  withBootstrapAdmin(username: string, password: string): this {
    return this.withEnvironment({ KC_BOOTSTRAP_ADMIN_USERNAME: username, KC_BOOTSTRAP_ADMIN_PASSWORD: password });
  }

  /**
   * Serves HTTP on `port` (inside and outside) under the public URL `http://HOSTNAME:PORT`;
   * `publicUrl` overrides that URL (a hostname misconfiguration, for negative controls).
   */
  withHttpPort(port: number, hostname: string, publicUrl = `http://${hostname}:${port}`): this {
    this.httpPort = port;
    return this.withEnvironment({ KC_HTTP_PORT: String(port), KC_HOSTNAME: publicUrl }).withLoopbackPort(port);
  }

  /** A realm (Keycloak's realm representation) imported at start; start-up waits until it serves. */
  withRealm(realm: { realm: string }): this {
    this.readyPath = `/realms/${realm.realm}/.well-known/openid-configuration`;
    return this.withCopyContentToContainer([{ content: JSON.stringify(realm), target: `${IMPORT_DIR}/${realm.realm}-realm.json`, mode: 0o644 }]);
  }

  override async start(): Promise<StartedKeycloakContainer> {
    this.withWaitStrategy(Wait.forHttp(this.readyPath, this.httpPort).forStatusCode(200));
    return new StartedKeycloakContainer(await super.start(), this.httpPort);
  }
}

export class StartedKeycloakContainer extends StartedLoopbackContainer {
  /** The issuer of `realm` as the test process reaches it (Keycloak names it by its public URL). */
  realmApiUrl(realm: string): string {
    return `${this.apiUrl()}/realms/${realm}`;
  }

  /** Creates a user in `realm` through the admin REST API, as the master realm's `admin`. */
  async createUser(admin: { username: string; password: string }, realm: string, user: RealmUser): Promise<void> {
    const token = await fetch(`${this.realmApiUrl('master')}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: admin.username, password: admin.password }),
    });
    if (!token.ok) throw new Error(`Keycloak admin sign-in failed: ${token.status} ${await token.text()}`);
    const { access_token } = (await token.json()) as { access_token: string };
    const created = await fetch(`${this.apiUrl()}/admin/realms/${realm}/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify(userRepresentation(user)),
    });
    if (created.status !== 201) throw new Error(`creating a user in realm ${realm} failed: ${created.status} ${await created.text()}`);
  }

  /**
   * Runs `kcadm.sh ARGS` inside the container, signed in to the master realm as `admin`;
   * throws a CliError when it fails.
   */
  async executeCliCmd(admin: { username: string; password: string }, args: string[]): Promise<string> {
    const kcadm = `${KEYCLOAK_HOME}/bin/kcadm.sh`;
    const config = ['--config', '/tmp/kcadm.config'];
    // Without --password, kcadm asks for it at the terminal (Console.readPassword).
    await this.runCliTyping([kcadm, 'config', 'credentials', ...config, '--server', `http://127.0.0.1:${this.httpPort}`, '--realm', 'master', '--user', admin.username], [
      { prompt: /Enter password/, answer: admin.password },
    ]);
    return this.runCli([kcadm, ...args, ...config]);
  }
}
