/**
 * Runs matrix cells: each a whole `playwright test` with its own report dir, output log and
 * blob report, one after another or a few side by side. A cell that fails (or crashes) is
 * recorded and the others go on.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { stderrProgress } from '../../containers/images/progress.ts';
import { runLabel, type RunConfig } from '../../fixtures/config.ts';
import { resolveImages } from '../../fixtures/images.ts';
import { conformanceReportOf, conformanceSchema, summaryText, type ConformanceReport } from '../../fixtures/verdicts/schema.ts';
import type { MatrixCell } from '../../fixtures/verdicts/matrix-file.ts';
import { PLAYWRIGHT_CONFIG, playwright } from '../playwright.ts';

export interface CellPlan {
  config: RunConfig;
  /** The AUTHCONF_* variables of this cell. */
  env: Record<string, string>;
}

export interface CellOptions {
  outDir: string;
  parallel: number;
  /** Arguments for every cell's `playwright test` (grep, workers, passthrough). */
  playwrightArgs: string[];
}

const say = stderrProgress('matrix');

export const cellId = (config: RunConfig) => runLabel(config);
export const cellDir = (outDir: string, config: RunConfig) => path.join(outDir, 'cells', cellId(config));

export async function runCells(plans: CellPlan[], options: CellOptions): Promise<MatrixCell[]> {
  const results: MatrixCell[] = new Array(plans.length);
  let next = 0;
  const lane = async () => {
    while (next < plans.length) {
      const index = next++;
      results[index] = await runCell(plans[index]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, plans.length) }, lane));
  return results;
}

async function runCell({ config, env }: CellPlan, { outDir, playwrightArgs }: CellOptions): Promise<MatrixCell> {
  const id = cellId(config);
  const dir = cellDir(outDir, config);
  mkdirSync(dir, { recursive: true });
  const log = path.join(dir, 'output.log');
  const started = Date.now();
  say(`cell ${id}: running (output: ${path.relative(process.cwd(), log)})`);
  const exitCode = await playwright(['test', '--config', PLAYWRIGHT_CONFIG, '--output', path.join(dir, 'test-results'), ...playwrightArgs], {
    env: { ...env, AUTHCONF_REPORT_DIR: dir, AUTHCONF_BLOB_REPORT: 'true' },
    logFile: log,
  });
  const verdictFile = path.join(dir, 'conformance.json');
  const report = readCellReport(verdictFile);
  const seconds = Math.round((Date.now() - started) / 1000);
  if (report) {
    say(`cell ${id}: exit ${exitCode} — ${summaryText(report.summary)} (${seconds} s)`);
    return { id, report, verdictFile, exitCode };
  }
  const tail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-8).join('\n    ') : '';
  // Its column then reads "not part of this run" for every check.
  say(`cell ${id}: exit ${exitCode}, no verdict file (${seconds} s); last output:\n    ${tail}`);
  return { id, report: conformanceReportOf(config, []), exitCode };
}

/**
 * Resolves every cell's images before any cell starts, so cells side by side never build the
 * same image at once. A cell whose images fail is left out of the run with the reason.
 */
export async function prepareImages(plans: CellPlan[]): Promise<{ ready: CellPlan[]; failed: MatrixCell[] }> {
  const ready: CellPlan[] = [];
  const failed: MatrixCell[] = [];
  for (const plan of plans) {
    try {
      await resolveImages(plan.config, stderrProgress('images'));
      ready.push(plan);
    } catch (error) {
      say(`cell ${cellId(plan.config)}: its images are not available: ${(error as Error).message}`);
      failed.push({ id: cellId(plan.config), report: conformanceReportOf(plan.config, []), exitCode: 1 });
    }
  }
  return { ready, failed };
}

/** Copies each cell's blob report to one folder, named after the cell, for `merge-reports`. */
export function collectBlobs(outDir: string, cells: MatrixCell[]): string {
  const blobs = path.join(outDir, 'blobs');
  // merge-reports unpacks into this folder: what an earlier matrix left there would be merged again.
  rmSync(blobs, { recursive: true, force: true });
  mkdirSync(blobs, { recursive: true });
  for (const cell of cells) {
    if (!cell.verdictFile) continue;
    const from = path.join(path.dirname(cell.verdictFile), 'blob');
    for (const zip of existsSync(from) ? readdirSync(from).filter((f) => f.endsWith('.zip')) : []) {
      copyFileSync(path.join(from, zip), path.join(blobs, `${cell.id}.zip`));
    }
  }
  return blobs;
}

function readCellReport(file: string): ConformanceReport | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = conformanceSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : undefined;
}

