/**
 * A negative control, as every target's control table uses it: run one check with one
 * fault against the real stack; it must FAIL with the expected diagnosis, make the run exit
 * non-zero, record the fault, and leak no secret even though it failed.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { CheckId } from '../../fixtures/catalog.ts';
import type { Fault } from '../../fixtures/faults.ts';
import { runConformance, verdictOf, type RunResult } from './conformance-run.ts';
import { assertNothingLeft } from './docker.ts';
import { linesWithSecrets, watchProcessList } from './process-list.ts';
import { findSecrets, newLedger, readLedger } from './secret-scan.ts';
import { tempDir } from './temp-dir.ts';

export interface Control {
  check: CheckId;
  fault: Fault;
  diagnosis: RegExp;
  /** The check's time limit in this run, for a fault that makes it run out of time (a hang): no need to wait out the default. */
  timeoutSeconds?: number;
}

/** An expected-failures file with no entry: a control wants the raw verdict. */
export const NO_EXPECTED_FAILURES = path.join(tempDir('no-expected-failures'), 'expected-failures.json');
writeFileSync(NO_EXPECTED_FAILURES, '[]');

/** Returns the run and the secrets it used (from its ledger). */
export async function assertControlFails({ check, fault, diagnosis, timeoutSeconds }: Control, env: Record<string, string> = {}): Promise<{ run: RunResult; secrets: string[] }> {
  const ledger = newLedger();
  const run = await runConformance({
    env: { ...env, AUTHCONF_FAULTS: fault, AUTHCONF_SECRETS_LEDGER: ledger, AUTHCONF_EXPECTED_FAILURES: NO_EXPECTED_FAILURES },
    args: ['--grep', `@${check}`, ...(timeoutSeconds ? ['--timeout', String(timeoutSeconds * 1000)] : [])],
  });
  // A control run on one engine (AUTHCONF_BROWSERS=firefox) is graded there.
  const result = verdictOf(run, check, env.AUTHCONF_BROWSERS ?? 'chromium');
  assert.equal(result.verdict, 'FAIL', `${check} under ${fault}: ${result.verdict} ${result.diagnosis ?? ''}`);
  assert.match(result.diagnosis ?? '', diagnosis);
  assert.notEqual(run.code, 0, 'a FAIL verdict must make the run exit non-zero');
  assert.deepEqual(run.report?.faults, [fault], 'the verdict file records the injected fault');
  const secrets = readLedger(ledger);
  assert.deepEqual(await findSecrets(run.reportDir, secrets), [], 'a failing run (screenshot, page snapshot) leaks no secret');
  return { run, secrets };
}

export interface ProcessWatch {
  /** A command line the watch must have seen: proof it sampled while that command ran. */
  mustSee: RegExp;
  /**
   * Command lines of the app's own CLI that take a password only as an argument, used by
   * the check that tests that CLI (which reports it): exempt from the assertion.
   */
  appCliWithPasswordArgument?: RegExp;
}

/**
 * A target's healthy run, started before the describe block's tests and checked by the first
 * of them: it completes without FAIL and leaks no secret — in its files, or (with `watch`)
 * in a process's arguments while it ran. Returns a getter for the run.
 */
export function healthyRunOf(env: Record<string, string>, watch?: ProcessWatch): () => RunResult {
  const ledger = newLedger();
  let healthy: RunResult | undefined;
  let processes: string[] = [];
  before(async () => {
    const processList = watchProcessList();
    healthy = await runConformance({ env: { ...env, AUTHCONF_SECRETS_LEDGER: ledger } }).finally(async () => (processes = await processList.stop()));
  });
  it(`the run completes without FAIL, leaks no secret${watch ? ' (files, process arguments)' : ''} and leaves nothing in Docker`, async () => {
    assert.equal(healthy!.code, 0, healthy!.output.slice(-3000));
    const secrets = readLedger(ledger);
    assert.deepEqual(await findSecrets(healthy!.reportDir, secrets), []);
    if (watch) {
      assert.ok(processes.some((line) => watch.mustSee.test(line)), `the process watch never saw ${watch.mustSee}`);
      const exempt = watch.appCliWithPasswordArgument;
      const ours = processes.filter((line) => !exempt?.test(line));
      assert.deepEqual(linesWithSecrets(ours, secrets), [], 'a secret of the run appeared in a process argument');
    }
    assertNothingLeft(healthy!.pid, 'after the run');
  });
  return () => healthy!;
}

/**
 * Runs that each start their own stacks, two at a time (node:test's describe concurrency).
 * A short run spends most of its time outside its checks — Playwright and the global setup
 * starting, a stack coming up and going down — which a second run beside it fills.
 * Only for runs that read nothing another run of the block writes.
 */
export function describeSideBySide(name: string, fn: () => void): void {
  describe(name, { concurrency: 2 }, fn);
}

/** Faults injected together into one run, each check graded only under its own fault. */
export interface SharedControlRun {
  faults: Fault[];
  controls: Omit<Control, 'timeoutSeconds'>[];
  /** Stacks side by side (Playwright workers). */
  workers?: number;
  /**
   * The controls leave the stack as they found it, so they may share it: each is listed as an
   * expected failure (controlsExpectedToFail) and its FAIL keeps the worker and its stack.
   * Otherwise every FAIL restarts its worker (Playwright's rule) and so starts another stack.
   */
  shareStacks?: boolean;
}

/**
 * The controls of `table` whose fault is one of `faults` (and whose check is in `checks`, when
 * given), as one run on shared stacks: faults chosen because each acts on its own checks only.
 */
export function sharedRunOf(table: readonly Control[], faults: Fault[], checks?: ReadonlySet<string>): SharedControlRun {
  return { faults, shareStacks: true, controls: table.filter((c) => faults.includes(c.fault) && (!checks || checks.has(c.check))) };
}

/**
 * Every control's check listed as an expected failure of the run, whatever its diagnosis (the
 * tests assert the diagnosis, exactly): Playwright restarts a worker — and so starts another
 * stack — after every unexpected failure, but keeps it after an expected one. A FAIL still
 * happened, graded EXPECTED-FAIL with its diagnosis; a control check that passes is a stale
 * entry and FAILs.
 */
function controlsExpectedToFail(run: SharedControlRun): string {
  const file = path.join(tempDir('controls-expected'), 'expected-failures.json');
  writeFileSync(file, JSON.stringify(run.controls.map((c) => ({ check: c.check, diagnosis: '^', reason: `the negative control of ${c.check}: fault ${c.fault}` }))));
  return file;
}

/**
 * Negative controls for a target whose stack is slow to start: faults that touch different
 * checks share a run (one global setup, one stack per worker), and each check must FAIL with
 * its own fault's diagnosis.
 */
export function describeSharedControlRuns(env: Record<string, string>, runs: readonly SharedControlRun[]): void {
  for (const run of runs) {
    describe(`AUTHCONF_FAULTS=${run.faults.join(',')}`, () => {
      const ledger = newLedger();
      let result: RunResult;
      before(async () => {
        const grep = run.controls.map((c) => `@${c.check}`).join('|');
        const expected = run.shareStacks ? controlsExpectedToFail(run) : NO_EXPECTED_FAILURES;
        result = await runConformance({ env: { ...env, AUTHCONF_FAULTS: run.faults.join(','), AUTHCONF_SECRETS_LEDGER: ledger, AUTHCONF_EXPECTED_FAILURES: expected }, args: ['--grep', grep, ...(run.workers ? ['--workers', String(run.workers)] : [])] });
      });

      // A run on one engine (AUTHCONF_BROWSERS=firefox) is graded there.
      const engine = env.AUTHCONF_BROWSERS ?? 'chromium';
      for (const control of run.controls) {
        it(`${control.check} FAILs under ${control.fault}${engine === 'chromium' ? '' : ` in ${engine}`}`, () => {
          const verdict = verdictOf(result, control.check, engine);
          // With shared stacks EXPECTED-FAIL: the check FAILed and the run knew it would (controlsExpectedToFail).
          assert.equal(verdict.verdict, run.shareStacks ? 'EXPECTED-FAIL' : 'FAIL', `${control.check}: ${verdict.verdict} ${verdict.diagnosis ?? ''}`);
          assert.match(verdict.diagnosis ?? '', control.diagnosis);
        });
      }

      it('the run exits as its controls say (non-zero, or 0 when they were expected), records its faults and leaks no secret', async () => {
        if (run.shareStacks) assert.equal(result.code, 0, result.output.slice(-3000));
        else assert.notEqual(result.code, 0);
        assert.deepEqual([...(result.report?.faults ?? [])].sort(), [...run.faults].sort());
        assert.deepEqual(await findSecrets(result.reportDir, readLedger(ledger)), []);
      });
    });
  }
}
