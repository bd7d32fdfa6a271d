/**
 * authconf's command line: one subcommand per module in cli/commands/, loaded only when
 * called (diff and --help need no Docker or Testcontainers). `authconf --help` lists them,
 * `authconf NAME --help` explains one.
 */
import { ConfigError } from '../fixtures/config-error.ts';
import { EXIT, UsageError, type Command } from './command.ts';

const COMMANDS: { name: string; summary: string; load: () => Promise<Command> }[] = [
  { name: 'init', summary: "set authconf up in your app's repository: config, a declarative target, a CI workflow", load: async () => (await import('./commands/init.ts')).init },
  { name: 'run', summary: 'a conformance run of one target and version (playwright test underneath)', load: async () => (await import('./commands/run.ts')).run },
  { name: 'targets', summary: 'the targets, their versions and capabilities, and which checks run on each', load: async () => (await import('./commands/targets.ts')).targets },
  { name: 'images', summary: 'build, list and prune the local images (recipes fingerprinted by label)', load: async () => (await import('./commands/images.ts')).images },
  { name: 'matrix', summary: 'a target over versions / fault sets as cells, merged into one matrix (or merge verdict files)', load: async () => (await import('./commands/matrix.ts')).matrix },
  { name: 'diff', summary: 'verdict changes between two runs (release gate: exit 1 on a new FAIL)', load: async () => (await import('./commands/diff.ts')).diff },
  { name: 'stability', summary: 'verdict changes between the repetitions of one run (--repeat-each)', load: async () => (await import('./commands/stability.ts')).stability },
  { name: 'repro', summary: 'a bug report in plain words → a spec (your authconf/specs/regressions/), run with --run', load: async () => (await import('./commands/repro.ts')).repro },
  { name: 'setup', summary: 'prepare this machine (Node, Go, Docker, Chromium; installs only what is missing)', load: async () => (await import('./commands/setup.ts')).setup },
];

const USAGE = `usage: authconf [--config FILE] COMMAND [options]      (authconf COMMAND --help for one command)

  --config FILE   the configuration file that registers your targets (default: authconf.config.*
                  in the working directory: .ts, .mts, .mjs, .js, .json, .yaml or .yml)

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

exit codes:
  0  fine (no FAIL, no new FAIL, no flaky check)
  1  a check FAILed · diff: a new FAIL · stability: a flaky check · matrix: a cell did not pass
  2  bad arguments or unreadable input (the message names it; nothing was started)
  3  Docker engine unreachable`;

/**
 * `--config FILE` before the command: the registry reads AUTHCONF_CONFIG when a command
 * first loads it, so it is set before any command module is imported.
 */
function takeConfigOption(args: string[]): string[] {
  const [first, second, ...rest] = args;
  if (first === '--config') {
    if (!second || second.startsWith('-')) throw new UsageError('authconf', 'option --config needs a file');
    process.env.AUTHCONF_CONFIG = second;
    return rest;
  }
  if (first?.startsWith('--config=')) {
    process.env.AUTHCONF_CONFIG = first.slice('--config='.length);
    return args.slice(1);
  }
  return args;
}

async function main(args: string[]): Promise<number> {
  const [name, ...rest] = takeConfigOption(args);
  if (name === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) throw new UsageError('authconf', `unknown command '${name}'; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
  return (await entry.load()).run(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    const hint = error.command === 'authconf' ? 'authconf --help' : `authconf ${error.command.split(' ')[0]} --help`;
    process.stderr.write(`authconf${error.command === 'authconf' ? '' : ` ${error.command}`}: ${error.message}\n(see ${hint})\n`);
  } else if (error instanceof ConfigError) {
    // The configuration file, or a target file it names: its problem, and nothing started.
    process.stderr.write(`authconf: ${error.message}\n`);
  } else {
    throw error;
  }
  process.exitCode = EXIT.usage;
}
