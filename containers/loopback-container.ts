/**
 * A GenericContainer whose ports are published on 127.0.0.1 only, at the same number
 * inside and outside, so `http://NAME.localhost:PORT` is one URL for the browser (Chromium
 * resolves *.localhost to loopback) and for the other containers (NAME.localhost is a
 * network alias).
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { AbstractStartedContainer, GenericContainer, type StartedTestContainer } from 'testcontainers';
import { execAnsweringPrompts, type ExecResult, type PromptAnswer } from './exec-input.ts';

// Every port is published on 127.0.0.1, so Testcontainers' wait strategies must reach the
// containers there too: run inside a container (/.dockerenv), it would try the bridge's
// gateway instead and never see a port come up.
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';

export class LoopbackContainer extends GenericContainer {
  /**
   * Publishes 127.0.0.1:`port` → container:`containerPort` (the same number unless the app
   * cannot be told which port to listen on; then only the browser has the one URL).
   */
  withLoopbackPort(port: number, containerPort = port): this {
    this.withExposedPorts({ container: containerPort, host: port });
    const key = `${containerPort}/tcp`;
    this.hostConfig.PortBindings = {
      ...this.hostConfig.PortBindings,
      [key]: [{ HostIp: '127.0.0.1', HostPort: String(port) }],
    };
    return this;
  }

  /**
   * Publishes `port` on 127.0.0.1 at a port Docker picks: for services the test process
   * reaches only to wait for them (no URL to share with the browser).
   */
  withLoopbackWaitPort(port: number): this {
    this.withExposedPorts(port);
    this.hostConfig.PortBindings = { ...this.hostConfig.PortBindings, [`${port}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '' }] };
    return this;
  }
}

/**
 * Where published ports are picked: below the kernel's ephemeral range (32768–60999 unless the
 * machine says otherwise). A published port is also the one the service listens on inside its
 * container, and Docker's embedded DNS binds random ephemeral ports in every container of a
 * user-defined network: nginx in a stack's front once died with "still could not bind()" on a
 * port the DNS had taken, while Docker's port checks (which the DNS's socket satisfies) said up.
 */
export function publishedPortRange(ephemeral = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')): { low: number; high: number } {
  const ephemeralLow = Number(ephemeral.trim().split(/\s+/)[0]) || 32_768;
  const high = ephemeralLow - 1;
  return { low: Math.max(high - 12_000, 1_025), high };
}

/** A port in publishedPortRange that is free on 127.0.0.1 right now (bound and released at once). */
export async function freeLoopbackPort(): Promise<number> {
  const { low, high } = publishedPortRange();
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = low + randomInt(high - low + 1);
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port on 127.0.0.1 between ${low} and ${high} after 50 tries`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export class CliError extends Error {
  override name = 'CliError';
}

/** A started service published on loopback, with a typed way to run its own CLI inside it. */
export class StartedLoopbackContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    readonly httpPort: number,
  ) {
    super(started);
  }

  /** Base URL for the test process (Node cannot resolve *.localhost names, so loopback). */
  apiUrl(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  /**
   * Runs `command` inside the container; throws a CliError with the last output line when it
   * fails — by exit code, or by `failedDespiteExit0` for tools that exit 0 on errors. Only
   * the first two arguments are named in the error: later ones may be passwords (an app CLI
   * that takes them only so, as ADMIN-CLI-RECOVERY tests it).
   */
  protected async runCli(command: string[], failedDespiteExit0: (output: string) => boolean = () => false): Promise<string> {
    return cliOutput(command, await this.exec(command), failedDespiteExit0);
  }

  /**
   * Runs `command` in a terminal inside the container, typing each answer at its prompt:
   * how a password reaches a CLI that reads it only from a terminal.
   */
  protected async runCliTyping(command: string[], answers: PromptAnswer[]): Promise<string> {
    return cliOutput(command, await execAnsweringPrompts(this.getId(), command, answers));
  }
}

function cliOutput(command: string[], { exitCode, output }: ExecResult, failedDespiteExit0: (output: string) => boolean = () => false): string {
  if (exitCode !== 0 || failedDespiteExit0(output)) {
    throw new CliError(`${command.slice(0, 3).join(' ')} failed (exit ${exitCode}): ${output.trim().split('\n').at(-1)?.trim()}`);
  }
  return output;
}
