import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { requireDockerEngine } from '../../fixtures/global-setup.ts';
import { targetRegistry } from '../../fixtures/targets/registry.ts';
import { EXIT, listOf, parseOptions, printHelp, UsageError, wholeNumber, type Command } from '../command.ts';
import { collectBlobs, cellId, prepareImages, runCells, type CellPlan } from '../matrix/cells.ts';
import { matrixJsonBeside, writeMatrix } from '../matrix/write.ts';
import { playwright } from '../playwright.ts';
import { SETTING_OPTIONS, settingsEnv, validatedConfig } from '../settings.ts';
import { readVerdictFile } from '../verdict-files.ts';
import { prepareMachineForRuns } from './setup.ts';

const HELP = `usage: authconf matrix run [options] [-- PLAYWRIGHT-ARGS...]
       authconf matrix merge OUT.html RUN.json...      (also: authconf matrix OUT.html RUN.json...)

run: a target over several versions and/or fault sets ("cells"), each a whole conformance run
with its own report dir (OUT/cells/<cell>/: conformance.json, html/, blob/, output.log). A cell
that fails does not stop the others. Then: OUT/matrix.html and OUT/matrix.json (a column per
cell) and OUT/html/ (Playwright's merge-reports over the cells' blob reports).

  -t, --target ID           the target (default: AUTHCONF_TARGET or goatcounter)
  -v, --version V[,V...]    versions, repeatable; "all" = every supported version
                            (default: the target's default version)
      --fault-set A[,B]     one cell per fault set, repeatable; "none" = no fault (default: none)
      --parallel N          cells side by side: 1 (default) or 2 (the suite is sized for 2 cores)
  -o, --out DIR             default reports/matrix
  -g, --grep PATTERN        only checks matching, in every cell
  -w, --workers N           Playwright workers per cell (default: 2, or 1 with --parallel 2)
      --image-mode, --browsers, --mailpit-version, --expected-failures   as for \`authconf run\`

merge: render OUT.html and OUT.json from verdict files that exist already.

examples:
  authconf matrix run --target goatcounter --version v2.7.0 --fault-set none --fault-set logout-skipped --grep @LOGOUT-REPLAY
  authconf diff reports/matrix/cells/goatcounter-v2.7.0/conformance.json reports/matrix/cells/goatcounter-v2.7.0+logout-skipped/conformance.json

exit codes: 0 every cell passed · 1 a cell had a FAIL or did not complete (the matrix is still
written) · 2 bad arguments · 3 Docker engine unreachable`;

async function runMatrix(args: string[]): Promise<number> {
  const { values, passthrough } = parseOptions(
    'matrix run',
    args,
    {
      target: SETTING_OPTIONS.target,
      version: { ...SETTING_OPTIONS.version, multiple: true },
      'fault-set': { type: 'string', multiple: true },
      parallel: { type: 'string' },
      out: { type: 'string', short: 'o' },
      grep: { type: 'string', short: 'g' },
      workers: { type: 'string', short: 'w' },
      'image-mode': SETTING_OPTIONS['image-mode'],
      browsers: SETTING_OPTIONS.browsers,
      'mailpit-version': SETTING_OPTIONS['mailpit-version'],
      'expected-failures': SETTING_OPTIONS['expected-failures'],
    },
    { passthroughTo: 'Playwright' },
  );
  if (values.help) return printHelp(HELP);
  const parallel = wholeNumber('matrix run', 'parallel', values.parallel, { min: 1, max: 2 }) ?? 1;
  const workers = wholeNumber('matrix run', 'workers', values.workers, { min: 1, max: 16 }) ?? (parallel > 1 ? 1 : undefined);
  if (values.grep === '') throw new UsageError('matrix run', '--grep needs a pattern');
  const common = settingsEnv({ ...values, version: undefined });
  const target = validatedConfig('matrix run', common).target;
  const versions = versionsOf(target, listOf(values.version));
  const faultSets = (values['fault-set'] ?? ['none']).map((set) => (set.trim() === 'none' ? '' : set));
  const plans: CellPlan[] = versions.flatMap((version) =>
    faultSets.map((faults) => {
      const env = { ...common, AUTHCONF_TARGET: target, AUTHCONF_TARGET_VERSION: version, AUTHCONF_FAULTS: faults };
      return { env, config: validatedConfig('matrix run', env) };
    }),
  );
  const ids = plans.map((p) => cellId(p.config));
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new UsageError('matrix run', `cell ${twice} is given twice`);

  const outDir = path.resolve(values.out ?? 'reports/matrix');
  mkdirSync(outDir, { recursive: true });
  prepareMachineForRuns();
  await requireDockerEngine();
  const { ready, failed } = await prepareImages(plans);
  const playwrightArgs = [...(values.grep ? ['--grep', values.grep] : []), ...(workers ? ['--workers', String(workers)] : []), ...passthrough];
  const ran = await runCells(ready, { outDir, parallel, playwrightArgs });
  const cells = ids.map((id) => [...ran, ...failed].find((c) => c.id === id)!);

  const blobs = collectBlobs(outDir, cells);
  const mergedHtml = path.join(outDir, 'html');
  const merged = await playwright(['merge-reports', '--reporter', 'html', blobs], { env: { PLAYWRIGHT_HTML_OUTPUT_DIR: mergedHtml, PLAYWRIGHT_HTML_OPEN: 'never' }, logFile: path.join(outDir, 'merge-reports.log') });
  const written = writeMatrix(path.join(outDir, 'matrix.html'), cells, merged === 0 ? path.join(mergedHtml, 'index.html') : undefined);
  const notPassed = cells.filter((c) => c.exitCode !== 0);
  process.stdout.write(
    `matrix of ${cells.length} cell(s) → ${path.relative(process.cwd(), written.html)}, ${path.relative(process.cwd(), written.json)}` +
      `${merged === 0 ? `, ${path.relative(process.cwd(), mergedHtml)}/index.html` : ` (merge-reports failed: see ${path.relative(process.cwd(), path.join(outDir, 'merge-reports.log'))})`}\n` +
      `${notPassed.length ? `cells that did not pass: ${notPassed.map((c) => `${c.id} (exit ${c.exitCode})`).join(', ')}\n` : 'every cell passed\n'}`,
  );
  return notPassed.length ? EXIT.failed : EXIT.ok;
}

function versionsOf(target: string, asked: string[]): string[] {
  const { versions } = targetRegistry().profile(target);
  if (asked.length === 0) return [versions.default];
  if (asked.includes('all')) return [...versions.supported];
  const unknown = asked.find((v) => !versions.supported.includes(v));
  if (unknown) throw new UsageError('matrix run', `${target} has no version '${unknown}'; supported: ${versions.supported.join(', ')}`);
  return [...new Set(asked)];
}

function mergeMatrix(args: string[]): number {
  const { values, positionals } = parseOptions('matrix merge', args, {}, { positionals: true });
  if (values.help) return printHelp(HELP);
  const [out, ...files] = positionals;
  if (!out?.endsWith('.html')) throw new UsageError('matrix merge', `the first argument is the page to write, OUT.html (got '${out ?? ''}')`);
  if (files.length === 0) throw new UsageError('matrix merge', 'matrix merge takes at least one verdict file after OUT.html');
  if (files.some((f) => path.resolve(f) === path.resolve(matrixJsonBeside(out)))) throw new UsageError('matrix merge', `${matrixJsonBeside(out)} is an input; it would be overwritten by the matrix verdict file`);
  const seen = new Map<string, number>();
  const cells = files.map((file) => {
    const report = readVerdictFile('matrix merge', file);
    const base = [`${report.target.id}-${report.target.version}`, ...report.faults].join('+');
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { id: n === 1 ? base : `${base}#${n}`, report, verdictFile: file };
  });
  const written = writeMatrix(out, cells);
  process.stdout.write(`matrix of ${files.length} run(s) → ${written.html}, ${written.json}\n`);
  return EXIT.ok;
}

export const matrix: Command = {
  help: HELP,
  run(args) {
    const [action, ...rest] = args;
    if (action === undefined) throw new UsageError('matrix', 'matrix needs an action: run or merge');
    if (action === '--help' || action === '-h') return printHelp(HELP);
    if (action === 'run') return runMatrix(rest);
    if (action === 'merge') return mergeMatrix(rest);
    // The form before `matrix merge` existed: authconf matrix OUT.html RUN.json...
    if (action.endsWith('.html')) return mergeMatrix(args);
    throw new UsageError('matrix', `unknown action '${action}'; actions: run, merge (or OUT.html RUN.json... to merge)`);
  },
};
