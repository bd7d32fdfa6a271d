/** What authconf has in Docker right now: containers, networks and published ports. */
import { execFileSync } from 'node:child_process';
import { OWNER_LABEL } from '../../containers/labels.ts';

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).split('\n').filter(Boolean);

export function authconfContainers(): string[] {
  return docker('ps', '-a', '--filter', `label=${OWNER_LABEL}`, '--format', '{{.Names}} ({{.Image}}, {{.Status}})');
}

export function authconfNetworks(): string[] {
  return docker('network', 'ls', '--filter', 'name=authconf-', '--format', '{{.Name}}');
}

/** Published ports of authconf's running containers, as Docker reports them (`127.0.0.1:P->P/tcp`). */
export function publishedPorts(): string[] {
  return docker('ps', '--filter', `label=${OWNER_LABEL}`, '--format', '{{.Ports}}')
    .flatMap((line) => line.split(', '))
    .filter((port) => port.includes('->')); // the rest are EXPOSEd but unpublished
}

/** Addresses listening on TCP `port` on this machine (from `ss -ltnH`). */
export function listeners(port: number): string[] {
  const lines = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
  return lines.map((line) => line.trim().split(/\s+/)[3] ?? '');
}
