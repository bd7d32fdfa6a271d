/**
 * Ownership of what authconf creates in Docker. Ryuk (Testcontainers' reaper) cannot be
 * pulled offline, so every container carries the pid of the run that owns it and every
 * network is named after it; a later run removes what belongs to a pid that is gone.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const OWNER_LABEL = 'authconf.owner-pid';
export const STACK_LABEL = 'authconf.stack';
export const SERVICE_LABEL = 'authconf.service';
export const INSTANCE_LABEL = 'authconf.stack-instance';
const NETWORK_PREFIX = 'authconf-';

/** The pid of the process that owns this run's containers: the Playwright runner, not a worker. */
export function ownerPid(): number {
  return Number(process.env.AUTHCONF_OWNER_PID ?? process.pid);
}

export function networkName(owner: number, stack: string, unique: string): string {
  return `${NETWORK_PREFIX}${owner}-${stack}-${unique}`;
}

export function ownerOfNetwork(name: string): number | undefined {
  const m = /^authconf-(\d+)-/.exec(name);
  return m ? Number(m[1]) : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface Leftovers {
  containers: string[];
  networks: string[];
  volumes: string[];
}

/** A named volume owned by this run (data kept across containers, e.g. an app upgrade). */
export async function createOwnedVolume(purpose: string): Promise<string> {
  const [name] = await docker(['volume', 'create', '--label', `${OWNER_LABEL}=${ownerPid()}`, '--label', `authconf.purpose=${purpose}`]);
  return name!;
}

export async function removeVolume(name: string): Promise<void> {
  await docker(['volume', 'rm', '-f', name]);
}

/** Containers and networks of authconf runs matching `belongsToGone` (default: owner pid no longer alive). */
export async function findLeftovers(isGone: (owner: number) => boolean = (pid) => !isAlive(pid)): Promise<Leftovers> {
  const ps = await docker(['ps', '-a', '--filter', `label=${OWNER_LABEL}`, '--format', `{{.ID}} {{.Label "${OWNER_LABEL}"}}`]);
  const containers = ps
    .map((line) => line.split(' '))
    .filter(([, owner]) => isGone(Number(owner)))
    .map(([id]) => id!);
  const nets = await docker(['network', 'ls', '--filter', `name=${NETWORK_PREFIX}`, '--format', '{{.Name}}']);
  const networks = nets.filter((name) => {
    const owner = ownerOfNetwork(name);
    return owner !== undefined && isGone(owner);
  });
  const vols = await docker(['volume', 'ls', '--filter', `label=${OWNER_LABEL}`, '--format', `{{.Name}} {{.Label "${OWNER_LABEL}"}}`]);
  const volumes = vols
    .map((line) => line.split(' '))
    .filter(([, owner]) => isGone(Number(owner)))
    .map(([name]) => name!);
  return { containers, networks, volumes };
}

export async function removeLeftovers(leftovers: Leftovers): Promise<void> {
  if (leftovers.containers.length) await docker(['rm', '-f', '-v', ...leftovers.containers]);
  for (const network of leftovers.networks) await docker(['network', 'rm', network]).catch(() => undefined);
  if (leftovers.volumes.length) await docker(['volume', 'rm', '-f', ...leftovers.volumes]);
}

/** Removes what crashed earlier runs left behind and says so; returns what was removed. */
export async function removeLeftoversOfDeadRuns(say: (message: string) => void): Promise<Leftovers> {
  const leftovers = await findLeftovers();
  if (leftovers.containers.length || leftovers.networks.length || leftovers.volumes.length) {
    say(
      `removing leftovers of an earlier run that did not finish: ${leftovers.containers.length} container(s), ${leftovers.networks.length} network(s), ${leftovers.volumes.length} volume(s)`,
    );
    await removeLeftovers(leftovers);
  }
  return leftovers;
}

export async function removeContainersLabelled(label: string, value: string): Promise<void> {
  const ids = await docker(['ps', '-aq', '--filter', `label=${label}=${value}`]);
  if (ids.length) await docker(['rm', '-f', '-v', ...ids]);
}

/** The last lines a (possibly exited) container of a stack instance wrote, from Docker itself. */
export async function logTailOf(instance: string, service: string, lines = 20): Promise<string> {
  const [id] = await docker(['ps', '-aq', '--filter', `label=${INSTANCE_LABEL}=${instance}`, '--filter', `label=${SERVICE_LABEL}=${service}`]);
  if (!id) return '';
  const { stdout, stderr } = await exec('docker', ['logs', '--tail', String(lines), id]);
  return `${stdout}${stderr}`.trim();
}

/**
 * Removes everything `owner` holds and says what. Synchronous, so that a signal handler can
 * use it too (SIGTERM: Playwright's workers die without running fixture teardown).
 */
export function removeOwnedBy(owner: number): Leftovers {
  const run = (args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n').filter(Boolean);
  const containers = run(['ps', '-aq', '--filter', `label=${OWNER_LABEL}=${owner}`]);
  if (containers.length) run(['rm', '-f', '-v', ...containers]);
  const networks = run(['network', 'ls', '--format', '{{.Name}}', '--filter', `name=${NETWORK_PREFIX}${owner}-`]);
  for (const network of networks) {
    try {
      run(['network', 'rm', network]);
    } catch {
      // already gone
    }
  }
  const volumes = run(['volume', 'ls', '-q', '--filter', `label=${OWNER_LABEL}=${owner}`]);
  if (volumes.length) run(['volume', 'rm', '-f', ...volumes]);
  return { containers, networks, volumes };
}

async function docker(args: string[]): Promise<string[]> {
  const { stdout } = await exec('docker', args);
  return stdout.split('\n').filter(Boolean);
}
