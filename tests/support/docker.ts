/** What authconf has in Docker right now: containers, networks and published ports. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { OWNER_LABEL } from '../../containers/labels.ts';

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).split('\n').filter(Boolean);

/** Containers of authconf runs (of the run owned by `owner`, when given: other runs may share the engine). */
export function authconfContainers(owner?: number): string[] {
  const filter = owner === undefined ? OWNER_LABEL : `${OWNER_LABEL}=${owner}`;
  return docker('ps', '-a', '--filter', `label=${filter}`, '--format', '{{.Names}} ({{.Image}}, {{.Status}})');
}

export function authconfNetworks(owner?: number): string[] {
  return docker('network', 'ls', '--filter', `name=authconf-${owner ?? ''}`, '--format', '{{.Name}}').filter((n) => owner === undefined || n.startsWith(`authconf-${owner}-`));
}

export function authconfVolumes(owner: number): string[] {
  return docker('volume', 'ls', '-q', '--filter', `label=${OWNER_LABEL}=${owner}`);
}

/** Nothing of the run owned by `owner` remains in Docker. */
export function assertNothingLeft(owner: number, when: string): void {
  assert.deepEqual(authconfContainers(owner), [], `containers left ${when}`);
  assert.deepEqual(authconfNetworks(owner), [], `networks left ${when}`);
  assert.deepEqual(authconfVolumes(owner), [], `volumes left ${when}`);
}

/** Published ports of authconf's running containers, as Docker reports them (`127.0.0.1:P->P/tcp`). */
export function publishedPorts(owner: number): string[] {
  return docker('ps', '--filter', `label=${OWNER_LABEL}=${owner}`, '--format', '{{.Ports}}')
    .flatMap((line) => line.split(', '))
    .filter((port) => port.includes('->')); // the rest are EXPOSEd but unpublished
}

/** Addresses listening on TCP `port` on this machine (from `ss -ltnH`). */
export function listeners(port: number): string[] {
  const lines = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
  return lines.map((line) => line.trim().split(/\s+/)[3] ?? '');
}
