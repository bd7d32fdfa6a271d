/** Runs `authconf` (cli/authconf.ts) as a user would, returning exit code and output. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './conformance-run.ts';

export function authconf(...args: string[]): { code: number | null; output: string } {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'cli/authconf.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}
