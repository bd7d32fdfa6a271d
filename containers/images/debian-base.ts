/**
 * The Debian base of every local image: `debootstrap --variant=minbase` into a folder, then
 * `docker import`. The mirror is the one this machine's apt already uses (read at run time,
 * never written into the project).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RECIPE_LABEL, type ImageRecipe } from './recipe.ts';
import { runStreaming, type Progress } from './progress.ts';

const EXTRA_PACKAGES = ['ca-certificates', 'tzdata'];

/**
 * The host's own Debian release by default: cgo binaries built on the host then find the
 * glibc they were linked against.
 */
export function hostDebianSuite(): string {
  const osRelease = readFileSync('/etc/os-release', 'utf8');
  return /^VERSION_CODENAME=(\w+)/m.exec(osRelease)?.[1] ?? 'bookworm';
}

/**
 * A suite other than the host's (e.g. trixie for a newer JRE) is bootstrapped from the
 * mirror apt uses for the host's suite when no source names it: a Debian archive serves
 * every suite.
 */
export function debianBase(suite = hostDebianSuite()): ImageRecipe {
  return {
    localRef: `authconf-local/debian:${suite}`,
    upstreamRef: `debian:${suite}-slim`,
    dependsOn: [],
    definition: JSON.stringify({ suite, variant: 'minbase', EXTRA_PACKAGES }),
    async build(progress: Progress, fingerprint: string) {
      const mirror = await aptMirrorFor(suite).catch(() => aptMirrorFor(hostDebianSuite()));
      const work = await mkdtemp(path.join(tmpdir(), 'authconf-debootstrap-'));
      const rootfs = path.join(work, 'rootfs');
      try {
        progress(`debootstrap --variant=minbase ${suite} (about 30 s)`);
        await runStreaming(
          'debootstrap',
          ['--variant=minbase', `--include=${EXTRA_PACKAGES.join(',')}`, suite, rootfs, mirror],
          quietDebootstrap(progress),
        );
        progress(`docker import → ${this.localRef}`);
        await runStreaming(
          'bash',
          ['-o', 'pipefail', '-c', `tar -C "$1" -c . | docker import --change "LABEL ${RECIPE_LABEL}=${fingerprint}" --change 'CMD ["bash"]' - "$2"`, 'import', rootfs, this.localRef],
          progress,
        );
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
  };
}

/** debootstrap prints a line per package; show only its phases. */
function quietDebootstrap(progress: Progress): Progress {
  return (line) => {
    if (/I: (Retrieving Release|Validating Packages|Installing core|Base system)/.test(line)) progress(line);
    if (/E: |W: /.test(line)) progress(line);
  };
}

/** The first mirror URI in apt's sources that serves `suite` (deb822 `.sources` or one-line format). */
export async function aptMirrorFor(suite: string): Promise<string> {
  const dir = '/etc/apt/sources.list.d';
  const files = ['/etc/apt/sources.list', ...(await readdir(dir).catch(() => [])).map((f) => path.join(dir, f))];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const uri = file.endsWith('.sources') ? fromDeb822(text, suite) : fromOneLine(text, suite);
    if (uri) return uri;
  }
  throw new Error(`no apt source for Debian '${suite}' found in /etc/apt/sources.list{,.d}; debootstrap needs a mirror`);
}

export function fromDeb822(text: string, suite: string): string | undefined {
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1]?.trim().split(/\s+/) ?? [];
    if (field('Types').includes('deb') && field('Suites').includes(suite)) return field('URIs')[0];
  }
  return undefined;
}

export function fromOneLine(text: string, suite: string): string | undefined {
  for (const line of text.split('\n')) {
    const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line.trim());
    if (m && m[2] === suite) return m[1];
  }
  return undefined;
}
