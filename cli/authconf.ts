/**
 * authconf's command line for verdict files.
 *
 *   authconf diff BEFORE.json AFTER.json     changes between two runs; exit 1 on a new FAIL
 *   authconf matrix OUT.html RUN.json...      one matrix page over several runs
 *   authconf stability RUN.json               verdict changes between repetitions (--repeat-each)
 *
 * Exit codes: 0 fine, 1 a new FAIL (diff) or a flaky check (stability), 2 bad arguments or
 * unreadable input.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { diffReports, formatDiff } from '../fixtures/verdicts/diff.ts';
import { renderMatrix } from '../fixtures/verdicts/matrix-html.ts';
import { formatStability, isFlaky, stabilityOf } from '../fixtures/verdicts/stability.ts';
import { conformanceSchema, type ConformanceReport } from '../fixtures/verdicts/schema.ts';

const USAGE = `usage:
  authconf diff BEFORE.json AFTER.json   list new failures, fixes and changed verdicts; exit 1 on a new FAIL
  authconf matrix OUT.html RUN.json...   render one conformance matrix over several verdict files
  authconf stability RUN.json            after --repeat-each=N: checks whose verdict changed between repetitions; exit 1 if any`;

class UsageError extends Error {}

function readReport(file: string): ConformanceReport {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read verdict file ${file}: ${(error as Error).message}`);
  }
  const parsed = conformanceSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`${file} is not a conformance verdict file: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function main(args: string[]): number {
  const [command, ...rest] = args;
  switch (command) {
    case 'diff': {
      if (rest.length !== 2) throw new UsageError('diff takes exactly two verdict files');
      const [before, after] = rest.map(readReport) as [ConformanceReport, ConformanceReport];
      const changes = diffReports(before, after);
      process.stdout.write(`${formatDiff(before, after, changes)}\n`);
      return changes.some((c) => c.kind === 'new-failure') ? 1 : 0;
    }
    case 'matrix': {
      const [out, ...files] = rest;
      if (!out?.endsWith('.html') || files.length === 0) throw new UsageError('matrix takes OUT.html and at least one verdict file');
      const columns = files.map((file) => {
        const report = readReport(file);
        return { report, htmlReportHref: path.relative(path.dirname(path.resolve(out)), path.resolve(path.dirname(file), report.htmlReport)) };
      });
      writeFileSync(out, renderMatrix(columns));
      process.stdout.write(`matrix of ${files.length} run(s) → ${out}\n`);
      return 0;
    }
    case 'stability': {
      if (rest.length !== 1) throw new UsageError('stability takes one verdict file (of a run with --repeat-each)');
      const entries = stabilityOf(readReport(rest[0]!));
      const flaky = entries.filter(isFlaky);
      process.stdout.write(`${formatStability(entries)}\n${flaky.length ? `${flaky.length} flaky check(s)` : 'every check gave the same verdict in every repetition'}\n`);
      return flaky.length ? 1 : 0;
    }
    case '--help':
    case 'help':
    case undefined:
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`authconf: ${error.message}\n${USAGE}\n`);
  process.exitCode = 2;
}
