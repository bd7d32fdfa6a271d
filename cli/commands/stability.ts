import { formatStability, isFlaky, stabilityOf } from '../../fixtures/verdicts/stability.ts';
import { EXIT, parseOptions, printHelp, UsageError, type Command } from '../command.ts';
import { readVerdictFile } from '../verdict-files.ts';
import type { ConformanceReport } from '../../fixtures/verdicts/schema.ts';

/** What must be equal for verdicts to be repetitions of one another. */
const runOf = (report: ConformanceReport) => `${report.target.id} ${report.target.version} faults=[${[...report.faults].sort().join(',')}]`;

export const stability: Command = {
  help: `usage: authconf stability RUN.json [RUN.json ...]

Each check's verdicts over repetitions: of one run with \`authconf run -- --repeat-each=20\`,
or of whole runs (one verdict file each, same target, version and faults), e.g.
  for i in $(seq 10); do authconf run --report-dir reports/run-$i; done
  authconf stability reports/run-*/conformance.json

exit codes: 0 every check gave the same verdict each time · 1 a check is flaky · 2 bad arguments`,

  run(args) {
    const { values, positionals } = parseOptions('stability', args, {}, { positionals: true });
    if (values.help) return printHelp(this.help);
    if (positionals.length === 0) throw new UsageError('stability', 'stability takes one verdict file (of a run with --repeat-each) or several (whole runs), got none');
    const runs = positionals.map((file) => readVerdictFile('stability', file));
    const differing = runs.find((run) => runOf(run) !== runOf(runs[0]!));
    if (differing) throw new UsageError('stability', `the verdict files are of different runs: ${runOf(runs[0]!)} vs ${runOf(differing)}`);
    const entries = stabilityOf(...runs);
    const flaky = entries.filter(isFlaky);
    process.stdout.write(`${formatStability(entries)}\n${flaky.length ? `${flaky.length} flaky check(s)` : 'every check gave the same verdict in every repetition'}\n`);
    return flaky.length ? EXIT.failed : EXIT.ok;
  },
};
