/**
 * Commands run inside a container that take a secret the way a person would give it — on
 * standard input, or typed at the prompt of a terminal — so it never becomes a process
 * argument (those are visible to every local user in `ps` while the command runs).
 */
import { spawn } from 'node:child_process';
import type { Duplex } from 'node:stream';
import { getContainerRuntimeClient } from 'testcontainers';

export interface ExecResult {
  exitCode: number;
  output: string;
}

/**
 * `docker exec -i` with `input` on the command's standard input (Testcontainers' exec has
 * none). Variables are passed by name only (`-e NAME`): their values come from this
 * process's environment, not from the docker command line.
 */
export function execWithInput(containerId: string, args: string[], env: Record<string, string>, input: string): Promise<ExecResult> {
  const child = spawn('docker', ['exec', '-i', ...Object.keys(env).flatMap((name) => ['-e', name]), containerId, ...args], { env: { ...process.env, ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, output }));
  });
}

/** What the command asks (matched against its output since the last answer) and what to type. */
export interface PromptAnswer {
  prompt: RegExp;
  answer: string;
}

export class PromptNotShownError extends Error {
  override name = 'PromptNotShownError';
}

/**
 * Runs `args` in a terminal inside the container and types each answer once its prompt has
 * appeared, for tools that read passwords only from a terminal (Go's term.ReadPassword,
 * Java's Console.readPassword): those switch echo off before reading, so waiting for the
 * prompt also keeps the answer out of the output. The output is returned as the terminal
 * showed it (CRLF line ends).
 */
export async function execAnsweringPrompts(containerId: string, args: string[], answers: PromptAnswer[], timeoutMs = 60_000): Promise<ExecResult> {
  const { dockerode } = (await getContainerRuntimeClient()).container;
  const exec = await dockerode.getContainer(containerId).exec({ Cmd: args, AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true });
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
  let output = '';
  let answeredUpTo = 0;
  const pending = [...answers];
  const finished = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy();
      const waitingFor = pending[0] ? `the prompt ${pending[0].prompt}` : 'the command to exit';
      reject(new PromptNotShownError(`'${args.slice(0, 2).join(' ')}' did not show ${waitingFor} within ${timeoutMs / 1000} s; it printed: ${JSON.stringify(output.slice(-200))}`));
    }, timeoutMs);
    stream.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const next = pending[0];
      if (next && next.prompt.test(output.slice(answeredUpTo))) {
        pending.shift();
        answeredUpTo = output.length;
        stream.write(`${next.answer}\n`);
      }
    });
    stream.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  await finished;
  const { ExitCode } = await exec.inspect();
  return { exitCode: ExitCode ?? 1, output };
}
