/**
 * Watches the machine's process list (`ps -eo args`, what every local user can read) while
 * something runs, to assert that no secret of the run ever appears in a process's arguments.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface ProcessListWatch {
  /** Stops sampling; returns every distinct command line seen. */
  stop(): Promise<string[]>;
}

/** Samples every `intervalMs` (short commands such as an account creation live ~100 ms). */
export function watchProcessList(intervalMs = 40): ProcessListWatch {
  const seen = new Set<string>();
  let sampling: Promise<void> = Promise.resolve();
  const sample = async () => {
    const { stdout } = await exec('ps', ['-eo', 'args'], { maxBuffer: 16 * 1024 * 1024 });
    for (const line of stdout.split('\n')) seen.add(line);
  };
  // One sample at a time: a slow `ps` under load skips ticks instead of piling up.
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    sampling = sample().finally(() => (busy = false));
  }, intervalMs);
  return {
    // Idempotent: a second stop returns the same lines.
    async stop() {
      clearInterval(timer);
      await sampling;
      return [...seen];
    },
  };
}

/** The command lines that contain one of `secrets`, with the secret masked (for the failure message). */
export function linesWithSecrets(lines: string[], secrets: string[]): string[] {
  return lines.flatMap((line) => secrets.filter((secret) => line.includes(secret)).map((secret) => line.replaceAll(secret, '<secret>')));
}
