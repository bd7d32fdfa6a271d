/**
 * Whatever a run creates in Docker is gone afterwards — after success, after a failing
 * check, after Ctrl-C in the middle — and what a killed run left is removed by the next.
 * While a stack runs, every published port listens on 127.0.0.1 only.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { OWNER_LABEL } from '../../containers/labels.ts';
import { runConformance } from '../support/conformance-run.ts';
import { assertNothingLeft, authconfContainers, authconfNetworks, listeners, publishedPorts } from '../support/docker.ts';

describe('teardown and exposure', () => {
  it('a passing run leaves no container or network', async () => {
    const run = await runConformance({ args: ['--grep', '@LOGIN-OK'] });
    assert.equal(run.code, 0, run.output);
    assertNothingLeft(run.pid, 'after a passing run');
  });

  it('a failing run leaves no container or network', async () => {
    const run = await runConformance({ args: ['--grep', '@LOGOUT-REPLAY'], env: { AUTHCONF_FAULTS: 'logout-skipped' } });
    assert.equal(run.code, 1, run.output);
    assertNothingLeft(run.pid, 'after a failing run');
  });

  it('while a stack runs its ports listen on 127.0.0.1 only; Ctrl-C mid-run leaves nothing behind', async () => {
    let ports: string[] = [];
    let sockets: string[] = [];
    let interrupted = false;
    const run = await runConformance({
      onOutput: (output, child) => {
        if (interrupted || !/stack 'goatcounter' up/.test(output)) return;
        interrupted = true;
        ports = publishedPorts(child.pid!);
        sockets = ports.flatMap((p) => listeners(Number(/:(\d+)->/.exec(p)?.[1])));
        process.kill(-child.pid!, 'SIGINT'); // the whole process group, as a terminal's Ctrl-C
      },
    });
    assert.ok(interrupted, `the run never reported a stack up:\n${run.output.slice(-2000)}`);
    assert.ok(ports.length >= 2, `expected published ports, saw ${ports.join(', ')}`);
    for (const port of ports) assert.match(port, /^127\.0\.0\.1:(\d+)->\1\/tcp$/, 'published on loopback at the same number');
    assert.ok(sockets.length > 0);
    for (const socket of sockets) assert.match(socket, /^127\.0\.0\.1:\d+$/, `ss shows a listener on ${socket}`);
    assert.notEqual(run.code, 0, 'an interrupted run does not exit 0');
    assertNothingLeft(run.pid, 'after Ctrl-C');
  });

  it('a spec that times out leaves nothing behind, and its verdict says what it was waiting for', async () => {
    const run = await runConformance({ args: ['--grep', '@LOGOUT-REPLAY', '--timeout', '1000'] });
    assert.equal(run.code, 1, run.output);
    assert.match(run.report?.checks[0]?.diagnosis ?? '', /^The check ran out of time after \d+ s( while \w+\.\w+ was waiting( \(.+\))?)?(: .+)?\. The screenshot and the container logs show the moment it stopped\.$/);
    assertNothingLeft(run.pid, 'after a spec timeout');
  });

  it('SIGTERM mid-run (as CI cancelling a job) leaves nothing behind', async () => {
    let terminated = false;
    const run = await runConformance({
      onOutput: (output, child) => {
        if (terminated || !/stack 'goatcounter' up/.test(output)) return;
        terminated = true;
        process.kill(-child.pid!, 'SIGTERM');
      },
    });
    assert.ok(terminated, `the run never reported a stack up:\n${run.output.slice(-2000)}`);
    assert.notEqual(run.code, 0);
    assertNothingLeft(run.pid, 'after SIGTERM');
  });

  it('a run removes what a killed earlier run left, and says so', async () => {
    const deadPid = spawnSync('true').pid!; // a pid that has just exited: its owner is gone
    const network = `authconf-${deadPid}-goatcounter-deadbeef`;
    execFileSync('docker', ['network', 'create', network]);
    execFileSync('docker', ['create', '--label', `${OWNER_LABEL}=${deadPid}`, '--network', network, 'authconf-local/mailpit:v1.33.1']);
    const run = await runConformance({ args: ['--grep', '@LOGIN-OK'] });
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /removing leftovers of an earlier run that did not finish: 1 container\(s\), 1 network\(s\)/);
    assertNothingLeft(deadPid, 'of the killed run after cleaning leftovers');
    assertNothingLeft(run.pid, 'after the run');
  });
});
