/**
 * PocketBase (the auth core of Beszel; issue #7). Local image from the Go module proxy
 * (`examples/base`), honouring the contract of the image most deployments use
 * (ghcr.io/muchobien/pocketbase): data in /pb_data, port from PB_PORT (8090), arguments
 * starting with `-` are appended to `serve`, anything else runs as a pocketbase command.
 * Facts behind this file: docs/targets/pocketbase.md.
 */
import { Wait } from 'testcontainers';
import { goServiceImage } from '../images/go-service.ts';
import type { ImageRecipe } from '../images/recipe.ts';
import { LoopbackContainer, StartedLoopbackContainer } from '../loopback-container.ts';

const BINARY = '/usr/local/bin/pocketbase';
const ENTRYPOINT_SCRIPT = [
  '#!/bin/sh',
  'set -e',
  'if [ $# -eq 0 ] || [ "${1#-}" != "$1" ]; then',
  `  exec ${BINARY} serve --http="\${PB_HOST:-0.0.0.0}:\${PB_PORT:-8090}" --dir=/pb_data --publicDir=/pb_public --hooksDir=/pb_hooks "$@"`,
  'fi',
  `exec ${BINARY} "$@"`,
];

/** The minor version of a 0.x PocketBase release ("v0.23.12" → 23): where its behaviour changed. */
export function pocketbaseMinor(version: string): number {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > 0 ? Number.POSITIVE_INFINITY : minor;
}

/** PocketBase 0.40 asks for Go 1.27 (go.mod); the go command fetches that toolchain from the module proxy. */
function toolchainFor(version: string): string | undefined {
  return pocketbaseMinor(version) >= 40 ? 'go1.27.4' : undefined;
}

export function pocketbaseImage(version: string): ImageRecipe {
  return goServiceImage({
    toolchain: toolchainFor(version),
    name: 'pocketbase',
    version,
    goModule: 'github.com/pocketbase/pocketbase',
    command: './examples/base',
    buildFlags: ['-ldflags', `-s -w -X github.com/pocketbase/pocketbase.Version=${version.replace(/^v/, '')}`],
    binaryPath: BINARY,
    cgo: false,
    upstreamRef: `ghcr.io/muchobien/pocketbase:${version.replace(/^v/, '')}`,
    contract: [
      `RUN printf '%s\\n' ${ENTRYPOINT_SCRIPT.map((line) => `'${line}'`).join(' ')} > /usr/local/bin/entrypoint.sh && chmod +x /usr/local/bin/entrypoint.sh && mkdir -p /pb_data /pb_public /pb_hooks`,
      'EXPOSE 8090',
      'VOLUME /pb_data',
      'ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]',
    ],
  });
}

/** PocketBase 0.22 and older keep admins apart; 0.23 made them the `_superusers` auth collection. */
export function hasLegacyAdmins(version: string): boolean {
  return pocketbaseMinor(version) < 23;
}

function adminCommandOf(version: string): 'admin' | 'superuser' {
  return hasLegacyAdmins(version) ? 'admin' : 'superuser';
}

export class PocketBaseContainer extends LoopbackContainer {
  private httpPort = 8090;

  constructor(image: string) {
    super(image);
    this.withStartupTimeout(60_000);
  }

  withHttpPort(port: number): this {
    this.httpPort = port;
    return this.withEnvironment({ PB_PORT: String(port) })
      .withLoopbackPort(port)
      .withWaitStrategy(Wait.forHttp('/api/health', port).forStatusCode(200));
  }

  /** Keeps /pb_data in a named volume (data that outlives the container, e.g. across an upgrade). */
  withDataVolume(volume: string): this {
    return this.withBindMounts([{ source: volume, target: '/pb_data' }]);
  }

  /** JavaScript hooks (`NAME.pb.js`) for the served app, in the upstream hooks dir. */
  withHooks(hooks: Record<string, string>): this {
    return this.withCopyContentToContainer(Object.entries(hooks).map(([name, content]) => ({ content, target: `/pb_hooks/${name}` })));
  }

  override async start(): Promise<StartedPocketBaseContainer> {
    return new StartedPocketBaseContainer(await super.start(), this.httpPort);
  }
}

export class StartedPocketBaseContainer extends StartedLoopbackContainer {
  /**
   * Runs `pocketbase ARGS` on the served data dir; throws a CliError when it fails — also
   * when it exits 0 with an error, as versions before 0.40 do.
   */
  executeCliCmd(args: string[], dataDir = '/pb_data'): Promise<string> {
    return this.runCli([BINARY, `--dir=${dataDir}`, ...args], (output) => /^(Error:|.*failed to)/im.test(output));
  }

  /**
   * The installer token PocketBase ≥ 0.23 prints at first start while it has no superuser
   * (its first-run page `/_/#/pbinstall/TOKEN` creates the first one with it). The token is a
   * superuser's for 30 minutes and dies when a real superuser exists; it is printed shortly
   * after the server answers, so the log is followed until it appears.
   */
  async installerToken(timeoutMs = 20_000): Promise<string> {
    const logs = await this.logs();
    let seen = '';
    try {
      return await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`PocketBase printed no installer link (/_/#/pbinstall/…) within ${timeoutMs / 1000} s of starting: does it already have a superuser?`)), timeoutMs);
        logs.on('data', (chunk: Buffer | string) => {
          seen += chunk.toString();
          const token = /#\/pbinstall?\/([\w.-]+)/.exec(seen)?.[1];
          if (token) {
            clearTimeout(timer);
            resolve(token);
          }
        });
        logs.on('error', reject);
      });
    } finally {
      logs.destroy();
    }
  }

  /** Creates the superuser, or sets its password (`superuser upsert`, PocketBase ≥ 0.23). */
  async upsertSuperuser(email: string, password: string): Promise<void> {
    await this.executeCliCmd(['superuser', 'upsert', email, password]);
  }

  /** `superuser create` (0.23+) or `admin create` (0.22, where admins were not yet superusers). */
  async createSuperuser(version: string, email: string, password: string, dataDir?: string): Promise<void> {
    await this.executeCliCmd([adminCommandOf(version), 'create', email, password], dataDir);
  }

  /** `superuser update` / `admin update`: sets the password of an existing one. */
  async updateSuperuser(version: string, email: string, password: string, dataDir?: string): Promise<void> {
    await this.executeCliCmd([adminCommandOf(version), 'update', email, password], dataDir);
  }
}
