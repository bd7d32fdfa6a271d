/**
 * A stack: a set of services on one Docker network, started in dependency waves (services
 * whose dependencies are up start in parallel), each with a `NAME.localhost` alias, its log
 * captured line by line (secrets redacted), and always torn down — also when start-up fails.
 */
import { randomBytes } from 'node:crypto';
import { Network, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import type { Readable } from 'node:stream';
import { INSTANCE_LABEL, logTailOf, networkName, ownerPid, OWNER_LABEL, removeContainersLabelled, SERVICE_LABEL, STACK_LABEL } from './labels.ts';
import type { Progress } from './images/progress.ts';

/** What the stack needs of a container definition (a GenericContainer subclass). */
export interface StartableContainer<S extends StartedTestContainer> {
  withNetwork(network: StartedNetwork): this;
  withNetworkAliases(...aliases: string[]): this;
  withLabels(labels: Record<string, string>): this;
  withLogConsumer(consumer: (stream: Readable) => unknown): this;
  withEntrypoint(entrypoint: string[]): this;
  withStartupTimeout(ms: number): this;
  start(): Promise<S>;
}

export interface ServiceDefinition<S extends StartedTestContainer = StartedTestContainer> {
  /** The name it is known by in the browser and in the network, e.g. `mail.localhost`. */
  hostname: string;
  /** Services that must be up before this one starts. */
  dependsOn?: readonly string[];
  container(): StartableContainer<S> | Promise<StartableContainer<S>>;
}

type Definitions = Record<string, ServiceDefinition<any>>;
export type StartedServices<D extends Definitions> = {
  [K in keyof D]: D[K] extends ServiceDefinition<infer S> ? S : never;
};

export interface LogLine {
  at: number;
  text: string;
}

export interface StackOptions {
  progress: Progress;
  redact: (text: string) => string;
  /** Last word on a service's container before it starts (negative controls break one here). */
  adjust?: (service: string, container: StartableContainer<StartedTestContainer>) => void;
  /**
   * A network the caller keeps after the stack stops (a worker's: kept-network.ts says why).
   * Without it the stack makes a network of its own and removes it when it stops.
   */
  network?: StartedNetwork;
}

export class StackStartError extends Error {
  override name = 'StackStartError';
}

/**
 * A published port was taken by another program. authconf picks free loopback ports just
 * before starting, so this is a race (or a program binding ports at random); starting the
 * stack again with new ports is the remedy.
 */
export class PortTakenError extends StackStartError {
  override name = 'PortTakenError';
}

const PORT_TAKEN = /port is already allocated|address already in use/i;

export class Stack<D extends Definitions> {
  private readonly alsoClosed: { close(): Promise<void> }[] = [];

  private constructor(
    readonly name: string,
    readonly services: StartedServices<D>,
    private readonly network: StartedNetwork,
    private readonly ownsNetwork: boolean,
    private readonly logs: Map<string, LogLine[]>,
  ) {}

  /** Starts every service; on any failure stops what did start and throws with the failing service's log. */
  static async start<D extends Definitions>(
    name: string,
    definitions: D,
    options: StackOptions,
  ): Promise<Stack<D>> {
    const { progress, redact, adjust } = options;
    const unique = randomBytes(4).toString('hex');
    const ownsNetwork = !options.network;
    const network = options.network ?? (await new Network({ nextUuid: () => networkName(ownerPid(), name, unique) }).start());
    const logs = new Map<string, LogLine[]>();
    const started = new Map<string, StartedTestContainer>();
    const t0 = Date.now();
    try {
      for (const wave of dependencyWaves(definitions)) {
        await Promise.all(
          wave.map(async (service) => {
            const definition = definitions[service]!;
            const lines: LogLine[] = [];
            logs.set(service, lines);
            const container = (await definition.container())
              .withNetwork(network)
              .withNetworkAliases(definition.hostname)
              .withLabels({ [OWNER_LABEL]: String(ownerPid()), [STACK_LABEL]: name, [INSTANCE_LABEL]: unique, [SERVICE_LABEL]: service })
              .withLogConsumer((stream) => captureLines(stream, lines, redact));
            adjust?.(service, container);
            const began = Date.now();
            try {
              started.set(service, await container.start());
            } catch (error) {
              // A container that exited at once may be gone before its log stream attached: ask Docker.
              const message = String((error as Error).message ?? error);
              if (PORT_TAKEN.test(message)) {
                const port = /127\.0\.0\.1:(\d+)/.exec(message)?.[1];
                throw new PortTakenError(
                  `service '${service}' (${definition.hostname}) could not publish its port: ${port ? `127.0.0.1:${port}` : 'a loopback port'} is already in use by another program ` +
                    `(it was free a moment before; free the port or run again)`,
                );
              }
              const tail = lines.slice(-20).map((l) => l.text).join('\n') || redact(await logTailOf(unique, service).catch(() => '')) || '(no output)';
              throw new StackStartError(
                `service '${service}' (${definition.hostname}) did not start: ${redact(String((error as Error).message ?? error))}\n--- last lines of its log ---\n${tail}`,
              );
            }
            progress(`${service} (${definition.hostname}) up in ${((Date.now() - began) / 1000).toFixed(1)} s`);
          }),
        );
      }
    } catch (error) {
      // A container whose health wait failed may still exist without being in `started`.
      await stopAll(started);
      await removeContainersLabelled(INSTANCE_LABEL, unique).catch(() => undefined);
      if (ownsNetwork) await network.stop().catch(() => undefined);
      throw error;
    }
    progress(`stack '${name}' up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return new Stack(name, Object.fromEntries(started) as StartedServices<D>, network, ownsNetwork, logs);
  }

  /** Log lines of `service` written at or after `since` (ms epoch). */
  logOf(service: keyof D & string, since = 0): string {
    return (this.logs.get(service) ?? [])
      .filter((line) => line.at >= since)
      .map((line) => line.text)
      .join('\n');
  }

  serviceNames(): (keyof D & string)[] {
    return [...this.logs.keys()] as (keyof D & string)[];
  }

  /** Something the stack's services talk to outside Docker (a server of the test process), closed with the stack. */
  closeWith(resource: { close(): Promise<void> }): void {
    this.alsoClosed.push(resource);
  }

  async stop(): Promise<void> {
    await Promise.all(this.alsoClosed.map((r) => r.close().catch(() => undefined)));
    await stopAll(new Map(Object.entries(this.services)));
    if (this.ownsNetwork) await this.network.stop().catch(() => undefined);
  }
}

/** Groups services into waves: each wave depends only on earlier ones. */
export function dependencyWaves(definitions: Record<string, { dependsOn?: readonly string[] }>): string[][] {
  const remaining = new Set(Object.keys(definitions));
  const done = new Set<string>();
  const waves: string[][] = [];
  for (const [name, def] of Object.entries(definitions)) {
    for (const dep of def.dependsOn ?? []) {
      if (!(dep in definitions)) throw new StackStartError(`service '${name}' depends on unknown service '${dep}'`);
    }
  }
  while (remaining.size > 0) {
    const wave = [...remaining].filter((name) => (definitions[name]!.dependsOn ?? []).every((d) => done.has(d)));
    if (wave.length === 0) throw new StackStartError(`dependency cycle among services: ${[...remaining].join(', ')}`);
    wave.forEach((name) => {
      remaining.delete(name);
      done.add(name);
    });
    waves.push(wave);
  }
  return waves;
}

function captureLines(stream: Readable, into: LogLine[], redact: (text: string) => string): void {
  let partial = '';
  stream.on('data', (chunk: Buffer | string) => {
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) into.push({ at: Date.now(), text: redact(line) });
  });
  stream.on('end', () => partial && into.push({ at: Date.now(), text: redact(partial) }));
}

async function stopAll(containers: Map<string, StartedTestContainer>): Promise<void> {
  await Promise.allSettled([...containers.values()].map((c) => c.stop({ timeout: 2_000, removeVolumes: true })));
}
