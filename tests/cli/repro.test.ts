/**
 * `authconf repro` turns the bug reports of docs/repro/*.yaml (the five of shared/DESIGN.md and
 * one in plain words) into the specs shown beside them, and what it writes type-checks and is
 * collected by Playwright as is. Plain words read as steps ("Log in", "Open a second tab"); words
 * that read as none stay a test.fixme with a "did you mean" note. In a maintainer's repository
 * (a configuration file in use) the spec goes beside the configuration file and imports from
 * 'authconf/test'. (What the examples do against GoatCounter is in docs/repro/README.md.)
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { reproHome, runArgs } from '../../cli/commands/repro.ts';
import { PUBLIC_TEST_ENTRY, renderSpec, type ImportStyle } from '../../cli/repro/render.ts';
import { STEPS, type ParsedStep } from '../../cli/repro/steps.ts';
import { parseSteps, readWords } from '../../cli/repro/words.ts';
import { targetRegistry, TargetRegistry } from '../../fixtures/targets/registry.ts';
import { authconf } from '../support/cli.ts';
import { cleanEnv, ROOT } from '../support/conformance-run.ts';
import { tempDir } from '../support/temp-dir.ts';

const EXAMPLES = path.join(ROOT, 'docs/repro');
const CASES = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
// Scaffolded where a user's would go; the name keeps them apart from real regressions and other runs.
const PREFIX = `tmp-repro-test-${process.pid}-`;
const scaffolded = (name: string) => path.join(ROOT, 'specs/regressions', `${PREFIX}${name}.spec.ts`);
const tsconfig = path.join(ROOT, `tsconfig.${PREFIX}json`);
const tsc = (files: string[], paths: Record<string, string[]> = {}) => {
  writeFileSync(tsconfig, JSON.stringify({ extends: './tsconfig.json', compilerOptions: { paths }, include: [], files }));
  execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '-p', tsconfig], { cwd: ROOT, encoding: 'utf8' });
};

const REPORT = { target: 'goatcounter', title: 'signing out in one tab leaves the other signed in', expected: 'signed out', actual: 'signed in', checks: [] };
const FOUR_STEPS = ['Log in', 'Open a second tab', 'Log out in the first tab', 'Reload the second tab'];
/** Arguments for the steps that take one, where the tests write every step. */
const ARGS: Record<string, ParsedStep['args']> = { 'server-clock-behind': { seconds: 90 }, 'server-clock-ahead': { seconds: 30 }, wait: { seconds: 5 }, 'totp-code': { offset: -1 }, upgrade: { from: '0.22', to: '0.23' }, 'switch-to': { where: 'second-tab' } };
const ids = (text: string) => {
  const parsed = parseSteps(text);
  return 'error' in parsed ? parsed.error : parsed.map((s) => s.id ?? '?');
};

describe('authconf repro', () => {
  before(() => {
    for (const name of CASES) {
      const result = authconf('repro', '--from', path.join(EXAMPLES, `${name}.yaml`), '--out', scaffolded(name));
      assert.equal(result.code, 0, result.output);
    }
  });
  after(() => {
    for (const name of readdirSync(path.join(ROOT, 'specs/regressions')).filter((f) => f.startsWith(PREFIX))) rmSync(path.join(ROOT, 'specs/regressions', name), { force: true });
    rmSync(tsconfig, { force: true });
  });

  it('the cases of docs/repro/*.yaml give the specs beside them', () => {
    assert.equal(CASES.length, 6);
    for (const name of CASES) assert.equal(readFileSync(scaffolded(name), 'utf8'), readFileSync(path.join(EXAMPLES, `${name}.spec.ts`), 'utf8'), name);
  });

  it('what it writes type-checks (tsc, the project settings)', () => {
    tsc(CASES.map(scaffolded));
  });

  it('Playwright collects it (playwright test --list)', () => {
    // One engine, so each spec is listed once (the default run lists it per engine).
    const listed = execFileSync(path.join(ROOT, 'node_modules/.bin/playwright'), ['test', '--list', PREFIX], { cwd: ROOT, encoding: 'utf8', env: { ...cleanEnv(), AUTHCONF_BROWSERS: 'chromium' } });
    assert.match(listed, new RegExp(`Total: ${CASES.length} tests in ${CASES.length} files`));
    assert.match(listed, /› GoatCounter: after a reboot every TOTP code is "invalid"\n/);
  });

  it('refuses to overwrite a spec unless --force', () => {
    const name = CASES[0]!;
    const again = authconf('repro', '--from', path.join(EXAMPLES, `${name}.yaml`), '--out', scaffolded(name));
    assert.equal(again.code, 2);
    assert.match(again.output, /exists; --force overwrites it/);
  });

  it('a four-step report in plain words: every step automated, in the tabs it names', () => {
    const out = scaffolded('four-steps');
    const result = authconf('repro', '--target', REPORT.target, '--title', REPORT.title, '--expected', REPORT.expected, '--actual', REPORT.actual, ...FOUR_STEPS.flatMap((s) => ['--step', s]), '--out', out);
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /step 1: "Log in" → sign-in\n.*step 2: "Open a second tab" → open-second-tab\n.*step 3: "Log out in the first tab" → sign-out \(first-tab\)\n.*step 4: "Reload the second tab" → reload \(second-tab\)\n/s);
    assert.doesNotMatch(result.stdout, /reads as no step/);
    const spec = readFileSync(out, 'utf8');
    assert.doesNotMatch(spec, /test\.fixme|not automated yet/);
    for (const line of [
      'await target.submitSignIn(page, account);',
      'const secondTab = await page.context().newPage();',
      "expect(await target.isSignedIn(secondTab), 'the second tab shares the first tab\\'s session').toBe(true);",
      'await target.signOut(page);',
      'await secondTab.reload();',
      "expect(await target.isSignedIn(secondTab), 'signed out in the first tab: the second tab (the same browser) is signed out too').toBe(false);",
    ]) {
      assert.ok(spec.includes(`  ${line}\n`), `missing: ${line}\n${spec}`);
    }
    tsc([out]);
  });

  it('words that read as no step: a test.fixme with them, and the closest steps named', () => {
    const out = scaffolded('unknown-words');
    const result = authconf('repro', '--target', REPORT.target, '--title', REPORT.title, '--expected', 'e', '--actual', 'a', '--step', 'log in', '--step', 'the user gets kicked out', '--out', out);
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /note: step "the user gets kicked out" reads as no step: the spec SKIPs \(fixme\) until it is written; did you mean "log out" \(sign-out\)/);
    assert.match(readFileSync(out, 'utf8'), /test\.fixme\(true, 'not automated yet: "the user gets kicked out" — write this step with the fixtures \(fixtures\/index\.ts\)'\);/);
  });

  it('a step that needs an earlier one gets it written first, with a note', () => {
    const out = scaffolded('prerequisite');
    const result = authconf('repro', '--target', REPORT.target, '--title', REPORT.title, '--expected', 'e', '--actual', 'a', '--step', 'totp-sign-in', '--out', out);
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /note: step 1 \("totp-sign-in"\): a TOTP sign-in needs an enrollment, so "sign in and enroll TOTP from the app's UI" is written before it/);
    assert.match(readFileSync(out, 'utf8'), /\/\/ sign in and enroll TOTP from the app's UI \(added: a TOTP sign-in needs an enrollment\)\n\s+const totp = await totpSignIn\.enroll\(page, account\);\n\s+\/\/ from a fresh browser/);
  });

  it('--run is refused, nothing written, for an app that is not a registered target', () => {
    const out = scaffolded('run-refused');
    const result = authconf('repro', '--target', 'beszel', '--title', REPORT.title, '--expected', 'e', '--actual', 'a', '--step', 'log in', '--out', out, '--run');
    assert.equal(result.code, 2, result.output);
    assert.match(result.output, /authconf repro: --run runs the spec against a registered target, and 'beszel' is not one \(built-in: goatcounter, [^)]*\): write the spec without --run, then run it with `authconf run --target ID -- FILE`/);
    assert.ok(!existsSync(out), 'nothing is written');
    assert.match(authconf('repro', '--help').stdout, /--run {14}then run it against the target: `authconf run --target APP \[--version V\]/);
  });

  it('--run runs `authconf run --target T [--version V] -- FILE` (V only when the target supports it)', () => {
    const goatcounter = targetRegistry().profile('goatcounter');
    assert.deepEqual(runArgs(goatcounter, 'v2.7.0', '/x/a.spec.ts'), ['--target', 'goatcounter', '--version', 'v2.7.0', '--', '/x/a.spec.ts']);
    assert.deepEqual(runArgs(goatcounter, 'v1.0.0', '/x/a.spec.ts'), ['--target', 'goatcounter', '--', '/x/a.spec.ts']);
    assert.deepEqual(runArgs(goatcounter, undefined, '/x/a.spec.ts'), ['--target', 'goatcounter', '--', '/x/a.spec.ts']);
  });

  it("in a maintainer's repository (a configuration file in use): beside it in authconf/specs/regressions/, importing 'authconf/test'", () => {
    const repository = tempDir('consumer');
    writeFileSync(path.join(repository, 'authconf.config.yaml'), 'targets: []\n');
    const result = authconf('--config', path.join(repository, 'authconf.config.yaml'), 'repro', '--target', REPORT.target, '--title', REPORT.title, '--expected', 'e', '--actual', 'a', ...FOUR_STEPS.flatMap((s) => ['--step', s]));
    assert.equal(result.code, 0, result.output);
    const written = path.join(repository, 'authconf/specs/regressions/goatcounter-signing-out-in-one-tab-leaves-the-other-signed-in.spec.ts');
    assert.ok(existsSync(written), result.output);
    const imports = readFileSync(written, 'utf8').split('\n').filter((l) => l.startsWith('import '));
    assert.deepEqual(imports, ["import { expect, requireCapabilities, test } from 'authconf/test';"]);
    // Installed as a package (compiled JavaScript) without a configuration file: the working directory.
    assert.deepEqual(reproHome(new TargetRegistry([]), true), { dir: path.join(process.cwd(), 'authconf/specs/regressions'), importStyle: 'package' });
    assert.deepEqual(reproHome(new TargetRegistry([]), false), { dir: path.join(ROOT, 'specs/regressions'), importStyle: 'relative' });
  });

  it('the renderer writes either import style', () => {
    const steps = FOUR_STEPS.flatMap((s) => readWords(s)!);
    const render = (importStyle: ImportStyle, outFile: string) =>
      renderSpec({ report: { ...REPORT, steps: FOUR_STEPS, checks: ['LOGOUT-REPLAY'] }, steps, appName: 'GoatCounter', registered: true, outFile, importStyle })
        .source.split('\n')
        .filter((l) => l.startsWith('import '));
    assert.deepEqual(render('relative', path.join(ROOT, 'specs/regressions/x.spec.ts')), ["import { requireCapabilities } from '../../fixtures/checks.ts';", "import { expect, test } from '../../fixtures/index.ts';"]);
    assert.deepEqual(render('package', '/elsewhere/authconf/specs/regressions/x.spec.ts'), [`import { expect, requireCapabilities, test } from '${PUBLIC_TEST_ENTRY}';`]);
  });

  it('every step type-checks alone and after the others, importing fixtures/ or authconf/test (test.ts exports what they use)', () => {
    const step = (id: string): ParsedStep => ({ text: id, id, args: ARGS[id] ?? {} });
    const write = (file: string, steps: ParsedStep[], importStyle: ImportStyle = 'relative') => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, renderSpec({ report: { ...REPORT, steps: steps.map((s) => s.text) }, steps, appName: 'X', registered: true, outFile: file, importStyle, capabilities: ['forward-auth'] }).source);
      return file;
    };
    const all = Object.keys(STEPS).map(step);
    const consumer = tempDir('consumer-spec');
    tsc(
      [
        ...Object.keys(STEPS).map((id) => write(scaffolded(`step-${id}`), [step(id)])),
        write(scaffolded('every-step'), [...all, ...all]),
        write(path.join(consumer, 'authconf/specs/regressions/every-step.spec.ts'), [...all, ...all], 'package'),
      ],
      { [PUBLIC_TEST_ENTRY]: ['./test.ts'] },
    );
  });

  it("every adapter step has a step: the vocabulary's code calls each", () => {
    const source = Object.keys(STEPS)
      .map((id) => renderSpec({ report: { ...REPORT, steps: [id] }, steps: [{ text: id, id, args: ARGS[id] ?? {} }], appName: 'X', registered: true, outFile: scaffolded('x') }).source)
      .join('\n');
    const calls = [
      'target.submitSignIn(', 'target.isSignedIn(', 'target.signOut(', "page.context().newPage()", "freshContext('private-window')", "freshContext('new-browser')", 'storageState: ',
      'totpSignIn.enroll(', 'totpSignIn.tryCode(', '.codeAt(-1)', 'clockShiftSeconds: 90',
      'passwordReset!.request(', '.linkIn(', 'reset.open(', 'reset.complete(', "breakSmtp({ kind: 'down' })", "breakSmtp({ kind: 'rejecting'", 'repairSmtp()', 'mailbox.waitForMessage(',
      'tokens.newSession()', 'tokens.refresh(', '.expiresAt', "'sessionRefresh').shortenSessions()", 'sessionRefresh.sessionExpiry(', 'realtime.subscribeToOwnRecord(', 'realtime.changeOwnRecord(',
      'adminCli.create(', 'adminCli.update(', 'loginAlerts!.rememberThisDevice(', 'signInThroughProxy(', 'waitForProxySessionEnd(', 'proxy.backgroundActivity(', 'proxy.signOutPath', 'proxy.idp.sessionAlive(',
      'rp.startSignIn(', 'rp.idp.signIn(', 'upgrades.run(',
    ];
    for (const call of calls) assert.ok(source.includes(call), `no step calls ${call}`);
  });

  it('plain words read as steps: the examples of every step, and how people write them', () => {
    for (const [id, definition] of Object.entries(STEPS)) {
      for (const example of definition.examples) assert.ok((ids(example) as string[]).includes(id), `"${example}" reads as ${JSON.stringify(ids(example))}, not ${id}`);
    }
    const expected: [string, string[], ParsedStep['args']?][] = [
      ['Log into the app', ['sign-in']],
      ['login', ['sign-in']],
      ['open a new tab and sign in', ['open-second-tab', 'sign-in']],
      ['open an incognito window', ['open-private-window']],
      ['in another browser', ['open-new-browser']],
      ['Log out in the first tab', ['sign-out'], { where: 'first-tab' }],
      ['wait 5 minutes', ['wait'], { seconds: 300 }],
      ['wait until the proxy session expires', ['proxy-session-expires']],
      ['enable 2FA', ['enroll-totp']],
      ['enter the code again', ['totp-code-again']],
      ['without SMTP', ['smtp-down']],
      ['upgrade to 0.23', ['upgrade'], { to: '0.23' }],
      ['the server clock is 90 s behind', ['server-clock-behind'], { seconds: 90 }],
      ['Log in, open a second tab, then log out', ['sign-in', 'open-second-tab', 'sign-out']],
      ['the user logs in with their password and the 2FA code', ['totp-sign-in']],
      ['am I still logged in?', ['open-app']],
      ['enter a code from 30 seconds ago', ['totp-code'], { offset: -1 }],
      ['sign-out in the first tab', ['sign-out'], { where: 'first-tab' }],
    ];
    for (const [text, want, args] of expected) {
      const parsed = parseSteps(text);
      assert.ok(!('error' in parsed), `${text}: ${JSON.stringify(parsed)}`);
      assert.deepEqual(parsed.map((s) => s.id), want, text);
      if (args) assert.deepEqual(parsed[0]!.args, args, text);
    }
    // Step ids as before, and an id written wrong is still an error.
    assert.deepEqual(ids('server-clock-behind 90'), ['server-clock-behind']);
    assert.match(String(ids('server-clock-behind soon')), /takes a whole number of seconds/);
    assert.deepEqual(ids('the token endpoint answers'), ['?']);
  });
});
