/**
 * A declarative target (examples/miniflux: a YAML file, no code) gets the same verdicts and
 * the same negative controls as the built-in ones: healthy, its checks PASS; with one fault
 * injected into its real stack, each turns FAIL with the right diagnosis.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, runConformance, verdictOf } from '../support/conformance-run.ts';
import { linesWithSecrets, watchProcessList } from '../support/process-list.ts';
import { newLedger, readLedger } from '../support/secret-scan.ts';
import { tempDir } from '../support/temp-dir.ts';
import { assertControlFails, healthyRunOf, type Control } from '../support/controls.ts';

const MINIFLUX = { AUTHCONF_CONFIG: path.join(ROOT, 'examples/miniflux/authconf.config.yaml') };

const CONTROLS = [
  { check: 'LOGIN-OK', fault: 'login-wrong-password', diagnosis: /did not reach the authenticated page.*Invalid username or password/s },
  { check: 'LOGIN-BAD', fault: 'wrong-password-accepted', diagnosis: /wrong password let the user in/ },
  { check: 'LOGIN-COOKIES', fault: 'cookie-flags-stripped', diagnosis: /Set-Cookie 'MinifluxSessionID' from \/ lacks HttpOnly/ },
  { check: 'LOGOUT-REPLAY', fault: 'logout-skipped', diagnosis: /still opens the authenticated page from a fresh browser context/ },
  { check: 'SESS-PARALLEL', fault: 'fresh-login-rejected', diagnosis: /new browser could not sign in while the first session was alive/ },
] as const satisfies readonly Control[];

describe('Miniflux as a declarative target', () => {
  const healthy = healthyRunOf(MINIFLUX);

  it('PASSes the checks it declares and SKIPs the rest with the missing capability', () => {
    const report = healthy().report!;
    assert.deepEqual(report.target, { id: 'miniflux', version: '2.3.5' });
    const graded = report.checks.filter((c) => c.verdict !== 'SKIP').map((c) => `${c.id} ${c.verdict}`).sort();
    // SESS-REVOKE has no fault here (nothing in front of Miniflux can keep a session alive); GoatCounter and PocketBase are its controls.
    // Miniflux throttles no sign-in: LOGIN-LOCKOUT WARNs (GoatCounter's stack is its control).
    assert.deepEqual(graded, [...CONTROLS.map((c) => `${c.check} PASS`), 'SESS-REVOKE PASS', 'LOGIN-LOCKOUT WARN'].sort());
    assert.match(verdictOf(healthy(), 'LOGIN-LOCKOUT').diagnosis ?? '', /^Nothing throttled password guessing: 30 wrong passwords for one account/);
    assert.ok(report.checks.filter((c) => c.verdict === 'SKIP').every((c) => /target miniflux lacks capability/.test(c.reason ?? '')));
  });

  for (const control of CONTROLS) {
    it(`${control.check} FAILs under ${control.fault}`, async () => {
      await assertControlFails(control, MINIFLUX);
    });
  }
});

describe('Miniflux accounts made by its own CLI in its container, the password on standard input', () => {
  it("LOGIN-OK PASSes, and no password of the run ever shows in the machine's process list", async () => {
    const dir = tempDir('consumer');
    cpSync(path.join(ROOT, 'examples/miniflux'), dir, { recursive: true });
    const target = path.join(dir, 'authconf/miniflux.yaml');
    // Miniflux creates an admin at start-up from CREATE_ADMIN; ADMIN_PASSWORD_FILE=/dev/stdin reads the password from the pipe.
    const byCommand = [
      '  command:',
      '    run: [miniflux, -run-cleanup-tasks]',
      '    environment: { CREATE_ADMIN: "1", ADMIN_USERNAME: "{login}", ADMIN_PASSWORD_FILE: /dev/stdin }',
      '    stdin: "{password}"',
      '',
    ].join('\n');
    writeFileSync(target, readFileSync(target, 'utf8').replace(/  http:\n(    .*\n)+/, byCommand));
    const ledger = newLedger();
    const watch = watchProcessList();
    const run = await runConformance({ env: { AUTHCONF_CONFIG: path.join(dir, 'authconf.config.yaml'), AUTHCONF_SECRETS_LEDGER: ledger }, args: ['--grep', '@LOGIN-OK|@SESS-PARALLEL'] });
    const seen = await watch.stop();
    assert.equal(verdictOf(run, 'LOGIN-OK').verdict, 'PASS', run.output.slice(-3000));
    assert.equal(verdictOf(run, 'SESS-PARALLEL').verdict, 'PASS');
    assert.ok(seen.some((line) => line.includes('-run-cleanup-tasks')), 'the process watch saw the account command run');
    assert.deepEqual(linesWithSecrets(seen, readLedger(ledger)), [], 'a password appeared in ps output');
  });
});
