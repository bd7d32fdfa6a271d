import { diffReports, formatDiff } from '../../fixtures/verdicts/diff.ts';
import { EXIT, parseOptions, printHelp, UsageError, type Command } from '../command.ts';
import { readVerdictFile } from '../verdict-files.ts';

export const diff: Command = {
  help: `usage: authconf diff BEFORE.json AFTER.json

Lists the verdict changes between two verdict files (conformance.json of two runs, e.g.
version N and N+1, or two cells of a matrix): NEW FAIL, FIXED, CHANGED, ADDED, REMOVED.

exit codes: 0 no new FAIL · 1 a new FAIL · 2 bad arguments or a file that is not a verdict file`,

  run(args) {
    const { values, positionals } = parseOptions('diff', args, {}, { positionals: true });
    if (values.help) return printHelp(this.help);
    if (positionals.length !== 2) throw new UsageError('diff', `diff takes exactly two verdict files (got ${positionals.length})`);
    const [before, after] = positionals.map((file) => readVerdictFile('diff', file)) as [ReturnType<typeof readVerdictFile>, ReturnType<typeof readVerdictFile>];
    const changes = diffReports(before, after);
    process.stdout.write(`${formatDiff(before, after, changes)}\n`);
    return changes.some((c) => c.kind === 'new-failure') ? EXIT.failed : EXIT.ok;
  },
};
