/** Runs Playwright's own CLI (`playwright test`, `merge-reports`) from this package. */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * Where playwright.config and specs/ are: the root of a source checkout (this file runs as
 * TypeScript through tsx), or the installed package's dist/ (compiled JavaScript).
 */
export const PACKAGE_ROOT = path.resolve(import.meta.dirname, '..');
export const PLAYWRIGHT_CONFIG = path.join(PACKAGE_ROOT, `playwright.config${path.extname(import.meta.filename)}`);
/**
 * Playwright's CLI as a module, resolved from here: installed as a package, npm hoists
 * @playwright/test into the consumer's node_modules, next to (not inside) this package.
 */
const PLAYWRIGHT_CLI = fileURLToPath(import.meta.resolve('@playwright/test/cli'));

export interface PlaywrightRun {
  /** Added to the environment of the child. */
  env?: Record<string, string>;
  /** Output goes to this file instead of the terminal. */
  logFile?: string;
}

/** Resolves with Playwright's exit code (128 + signal number when a signal ended it). */
export function playwright(args: string[], { env = {}, logFile }: PlaywrightRun = {}): Promise<number> {
  const log = logFile ? createWriteStream(logFile) : undefined;
  const child = spawn(process.execPath, [PLAYWRIGHT_CLI, ...args], { env: { ...withoutRunState(process.env), ...env }, stdio: ['ignore', log ? 'pipe' : 'inherit', log ? 'pipe' : 'inherit'] });
  child.stdout?.pipe(log!, { end: false });
  child.stderr?.pipe(log!, { end: false });
  // Ctrl-C reaches the whole process group by itself; a CI cancel (SIGTERM) reaches only us.
  const forward = () => child.kill('SIGTERM');
  process.on('SIGTERM', forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      process.off('SIGTERM', forward);
      log?.end();
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

/** The state a parent run hands its workers (owner pid, resolved images) must not leak into a new run. */
function withoutRunState(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { AUTHCONF_OWNER_PID, AUTHCONF_IMAGE_REFS, ...rest } = env;
  return rest;
}
