import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { requireDockerEngine } from '../../fixtures/global-setup.ts';
import { formatStability, isFlaky, stabilityOf } from '../../fixtures/verdicts/stability.ts';
import type { ConformanceReport } from '../../fixtures/verdicts/schema.ts';
import { EXIT, parseOptions, printHelp, UsageError, wholeNumber, type Command } from '../command.ts';
import { PLAYWRIGHT_CONFIG, playwright } from '../playwright.ts';
import { SETTING_OPTIONS, SETTINGS_HELP, settingsEnv, validatedConfig } from '../settings.ts';
import { readVerdictFile } from '../verdict-files.ts';
import { prepareMachineForRuns } from './setup.ts';

/** What must be equal for verdicts to be repetitions of one another. */
const runOf = (report: ConformanceReport) => `${report.target.id} ${report.target.version} faults=[${[...report.faults].sort().join(',')}]`;

export const stability: Command = {
  help: `usage: authconf stability RUN.json [RUN.json ...]
       authconf stability --runs N [run settings] [-g PATTERN] [-- PLAYWRIGHT-ARGS...]

Each check's verdicts over repetitions; a check whose verdict changed is a flake.
  RUN.json ...   of one run made with \`authconf run -- --repeat-each=20\`, or of whole runs
                 (one verdict file each; same target, version and faults)
  --runs N       makes N whole runs one after the other (2..50), each into
                 REPORT-DIR/stability/run-<i>/ (conformance.json, html/, output.log), then compares them

${SETTINGS_HELP}
  -g, --grep PATTERN          only checks matching, in every run

examples:
  authconf stability --runs 10                         # the default run, ten times
  authconf stability reports/conformance.json          # after authconf run -- --repeat-each=20

exit codes: 0 every check gave the same verdict each time · 1 a check is flaky · 2 bad arguments
· 3 Docker engine unreachable`,

  async run(args) {
    const { values, positionals, passthrough } = parseOptions(
      'stability',
      args,
      { ...SETTING_OPTIONS, runs: { type: 'string' }, grep: { type: 'string', short: 'g' } },
      { positionals: true, passthroughTo: 'Playwright' },
    );
    if (values.help) return printHelp(this.help);
    const runs = values.runs === undefined ? readRuns(positionals) : await makeRuns(values, positionals, passthrough);
    const differing = runs.find((run) => runOf(run) !== runOf(runs[0]!));
    if (differing) throw new UsageError('stability', `the verdict files are of different runs: ${runOf(runs[0]!)} vs ${runOf(differing)}`);
    const entries = stabilityOf(...runs);
    const flaky = entries.filter(isFlaky);
    process.stdout.write(`${formatStability(entries)}\n${flaky.length ? `${flaky.length} flaky check(s)` : 'every check gave the same verdict in every repetition'}\n`);
    return flaky.length ? EXIT.failed : EXIT.ok;
  },
};

function readRuns(files: string[]): ConformanceReport[] {
  if (files.length === 0) throw new UsageError('stability', 'stability takes one verdict file (of a run with --repeat-each) or several (whole runs), got none');
  return files.map((file) => readVerdictFile('stability', file));
}

type MakeRunsValues = Parameters<typeof settingsEnv>[0] & { runs?: string; grep?: string };

async function makeRuns(values: MakeRunsValues, positionals: string[], passthrough: string[]): Promise<ConformanceReport[]> {
  if (positionals.length) throw new UsageError('stability', `--runs makes its own verdict files; drop '${positionals[0]}'`);
  const count = wholeNumber('stability', 'runs', values.runs, { min: 2, max: 50 })!;
  if (values.grep === '') throw new UsageError('stability', '--grep needs a pattern');
  const settings = settingsEnv(values);
  const config = validatedConfig('stability', settings);
  prepareMachineForRuns();
  await requireDockerEngine();
  const outDir = path.join(config.reportDir, 'stability');
  const reports: ConformanceReport[] = [];
  for (let i = 1; i <= count; i++) {
    const reportDir = path.join(outDir, `run-${i}`);
    mkdirSync(reportDir, { recursive: true });
    const started = Date.now();
    const args = ['test', '--config', PLAYWRIGHT_CONFIG, ...(values.grep ? ['--grep', values.grep] : []), ...passthrough];
    const code = await playwright(args, { env: { ...settings, AUTHCONF_REPORT_DIR: reportDir }, logFile: path.join(reportDir, 'output.log') });
    // A run that wrote no verdict file (setup failed, killed) cannot be compared: say where its log is.
    const report = (() => {
      try {
        return readVerdictFile('stability', path.join(reportDir, 'conformance.json'));
      } catch {
        throw new Error(`run ${i} of ${count} (exit ${code}) wrote no verdict file; its output: ${path.join(reportDir, 'output.log')}`);
      }
    })();
    reports.push(report);
    const summary = Object.entries(report.summary).filter(([, n]) => n > 0).map(([verdict, n]) => `${n} ${verdict}`).join(', ');
    process.stdout.write(`run ${i}/${count}: exit ${code}, ${summary} in ${Math.round((Date.now() - started) / 1000)} s → ${reportDir}\n`);
  }
  return reports;
}
