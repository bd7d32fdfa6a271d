/**
 * Runs the real conformance suite (Playwright against real containers) as a child process,
 * the way a user does, and hands back its exit code, output and verdict file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { conformanceSchema, type ConformanceReport } from '../../fixtures/verdicts/schema.ts';
import { tempDir } from './temp-dir.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const PLAYWRIGHT = path.join(ROOT, 'node_modules/.bin/playwright');

export interface RunResult {
  /** The Playwright runner's pid: it owns the run's containers and networks. */
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  reportDir: string;
  report: ConformanceReport | undefined;
}

export interface RunOptions {
  /** AUTHCONF_* variables (and others) for the run. */
  env?: Record<string, string>;
  /** Extra Playwright arguments, e.g. ['--grep', '@LOGIN-OK']. */
  args?: string[];
  cwd?: string;
  /** Another Playwright config (e.g. the verdict fixture specs'). */
  config?: string;
  /** Called with each chunk of output while the run goes on (to act mid-run). */
  onOutput?: (soFar: string, child: ChildProcess) => void;
}

export function runConformance(options: RunOptions = {}): Promise<RunResult> {
  const reportDir = tempDir('report');
  const child = spawn(PLAYWRIGHT, ['test', '--config', options.config ?? path.join(ROOT, 'playwright.config.ts'), '--output', path.join(reportDir, 'test-results'), ...(options.args ?? [])], {
    cwd: options.cwd ?? ROOT,
    // Chromium unless a test names its engines: a verdict is then one per check (verdictOf).
    env: { ...cleanEnv(), AUTHCONF_REPORT_DIR: reportDir, AUTHCONF_IMAGE_MODE: 'local', AUTHCONF_BROWSERS: 'chromium', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so a test can Ctrl-C it as a terminal would
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    options.onOutput?.(output, child);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const file = path.join(reportDir, 'conformance.json');
      const report = existsSync(file) ? conformanceSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) : undefined;
      resolve({ pid: child.pid!, code, signal, output, reportDir, report });
    });
  });
}

/** The environment without AUTHCONF_* settings of the developer's shell, so runs are reproducible. */
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AUTHCONF_') || k === 'AUTHCONF_CACHE' || k === 'AUTHCONF_CHROMIUM'));
}

export function verdictOf(result: RunResult, checkId: string, engine = 'chromium') {
  const found = result.report?.checks.find((c) => c.id === checkId && c.test.project === engine);
  if (!found) throw new Error(`no verdict for ${checkId} in the run (exit ${result.code}):\n${result.output.slice(-3000)}`);
  return found;
}
