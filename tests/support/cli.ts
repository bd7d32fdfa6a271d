/** Runs the `authconf` executable (bin/authconf.mjs, as package.json's bin) as a user would. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { cleanEnv, ROOT } from './conformance-run.ts';

export function authconf(...args: string[]): { code: number | null; output: string; stdout: string } {
  // Chromium only, as runConformance: a test that grades Firefox says so.
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin/authconf.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...cleanEnv(), AUTHCONF_BROWSERS: 'chromium' } });
  return { code: run.status, output: `${run.stdout}${run.stderr}`, stdout: run.stdout };
}

