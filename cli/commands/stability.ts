import { formatStability, isFlaky, stabilityOf } from '../../fixtures/verdicts/stability.ts';
import { EXIT, parseOptions, printHelp, UsageError, type Command } from '../command.ts';
import { readVerdictFile } from '../verdict-files.ts';

export const stability: Command = {
  help: `usage: authconf stability RUN.json

After \`authconf run -- --repeat-each=20\`: each check's verdicts over the repetitions.

exit codes: 0 every check gave the same verdict each time · 1 a check is flaky · 2 bad arguments`,

  run(args) {
    const { values, positionals } = parseOptions('stability', args, {}, { positionals: true });
    if (values.help) return printHelp(this.help);
    if (positionals.length !== 1) throw new UsageError('stability', `stability takes one verdict file (of a run with --repeat-each), got ${positionals.length}`);
    const entries = stabilityOf(readVerdictFile('stability', positionals[0]!));
    const flaky = entries.filter(isFlaky);
    process.stdout.write(`${formatStability(entries)}\n${flaky.length ? `${flaky.length} flaky check(s)` : 'every check gave the same verdict in every repetition'}\n`);
    return flaky.length ? EXIT.failed : EXIT.ok;
  },
};
