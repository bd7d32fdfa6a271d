/** Progress output for image builds and stack start-up: one prefixed line per event, on stderr. */
import { spawn, type SpawnOptions } from 'node:child_process';

export type Progress = (message: string) => void;

export const stderrProgress =
  (prefix: string): Progress =>
  (message) =>
    process.stderr.write(`[${prefix}] ${message}\n`);

export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly outputTail: string,
  ) {
    super(`'${command}' exited with ${exitCode}:\n${outputTail}`);
  }
}

/**
 * Runs a command, streaming its output line by line to `progress` (so a long build shows
 * where it is), and rejects with the last lines of output when it fails.
 */
export function runStreaming(
  command: string,
  args: readonly string[],
  progress: Progress,
  options: SpawnOptions & { stdinFrom?: NodeJS.ReadableStream } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: [options.stdinFrom ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 30) tail.shift();
        progress(`  ${line}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    if (options.stdinFrom && child.stdin) options.stdinFrom.pipe(child.stdin);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new CommandError([command, ...args].join(' '), code, tail.join('\n')));
    });
  });
}
