/**
 * authconf's command line: one subcommand per module in cli/commands/. `authconf --help`
 * lists them, `authconf NAME --help` explains one.
 */
import { EXIT, UsageError, type Command } from './command.ts';
import { diff } from './commands/diff.ts';
import { images } from './commands/images.ts';
import { run } from './commands/run.ts';
import { stability } from './commands/stability.ts';
import { targets } from './commands/targets.ts';

const COMMANDS: Command[] = [run, targets, images, diff, stability];

const USAGE = `usage: authconf COMMAND [options]      (authconf COMMAND --help for one command)

commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

exit codes:
  0  fine (no FAIL, no new FAIL, no flaky check)
  1  a check FAILed · diff: a new FAIL · stability: a flaky check · matrix: a cell did not pass
  2  bad arguments or unreadable input (the message names it; nothing was started)
  3  Docker engine unreachable`;

async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError('authconf', `unknown command '${name}'; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
  return command.run(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  const hint = error.command === 'authconf' ? 'authconf --help' : `authconf ${error.command} --help`;
  process.stderr.write(`authconf${error.command === 'authconf' ? '' : ` ${error.command}`}: ${error.message}\n(see ${hint})\n`);
  process.exitCode = EXIT.usage;
}
