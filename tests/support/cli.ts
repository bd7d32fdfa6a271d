/** Runs the `authconf` executable (bin/authconf.mjs, as package.json's bin) as a user would. */
import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { cleanEnv, ROOT } from './conformance-run.ts';

export interface CliResult {
  code: number | null;
  output: string;
  stdout: string;
}

const command = (args: string[]) => ({
  file: process.execPath,
  args: [path.join(ROOT, 'bin/authconf.mjs'), ...args],
  // Chromium only, as runConformance: a test that grades Firefox says so.
  options: { cwd: ROOT, encoding: 'utf8' as const, env: { ...cleanEnv(), AUTHCONF_BROWSERS: 'chromium' } },
});

export function authconf(...args: string[]): CliResult {
  const { file, args: argv, options } = command(args);
  const run = spawnSync(file, argv, options);
  return { code: run.status, output: `${run.stdout}${run.stderr}`, stdout: run.stdout };
}

/** The same without blocking the test process: for cases run side by side (a start costs ~1.6 s of CPU). */
export function authconfAsync(...args: string[]): Promise<CliResult> {
  const { file, args: argv, options } = command(args);
  return new Promise((resolve) => {
    execFile(file, argv, options, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, output: `${stdout}${stderr}`, stdout });
    });
  });
}
