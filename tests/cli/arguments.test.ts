/**
 * Every subcommand answers bad arguments with exit 2 and a message naming what is wrong, and
 * `--help` with exit 0. None of these start anything.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOG } from '../../fixtures/catalog.ts';
import { targetRegistry } from '../../fixtures/targets/registry.ts';
import { authconf, authconfAsync } from '../support/cli.ts';

const BAD: [string[], RegExp][] = [
  [[], /usage: authconf \[--config FILE\] COMMAND/],
  [['--config'], /authconf: option --config needs a file/],
  [['--config', '/nonexistent/authconf.config.yaml', 'targets'], /configuration file \/nonexistent\/authconf\.config\.yaml \(AUTHCONF_CONFIG \/ --config\) does not exist/],
  [['init', '--id', 'My App', '--yes'], /authconf init: --id: lower-case letters, digits and dashes \(got 'My App'\)/],
  [['frobnicate'], /authconf: unknown command 'frobnicate'; commands: init, run, targets, images, matrix, diff, stability, repro, setup/],
  [['run', '--target', 'wordpress'], /authconf run: invalid setting:\n\s+--target \(AUTHCONF_TARGET\): unknown target; built-in: goatcounter, actual, keycloak, pocketbase \(got 'wordpress'\)/],
  [['run', '--version', 'v9.9.9'], /--version \(AUTHCONF_TARGET_VERSION\): goatcounter has no version 'v9\.9\.9'; supported: v2\.7\.0/],
  [['run', '--image-mode', 'fast'], /--image-mode \(AUTHCONF_IMAGE_MODE\): expected one of local \| upstream \| auto \(got 'fast'\)/],
  [['run', '--faults', 'gremlins'], /--faults \(AUTHCONF_FAULTS\): expected one of login-wrong-password/],
  [['run', '--target', 'keycloak', '--faults', 'cookie-flags-stripped'], /--faults \(AUTHCONF_FAULTS\): cookie-flags-stripped acts through an nginx in front of the app, which target keycloak's stack does not have/],
  [['run', '--target', 'keycloak', '--variant', 'fast'], /--variant \(AUTHCONF_VARIANT\): keycloak has no variant 'fast'; variants: totp-sha256-8-20/],
  [['run', '--workers', 'many'], /authconf run: --workers takes a whole number from 1 to 16 \(got 'many'\)/],
  [['run', '--shard=1/2'], /authconf run: unknown option '--shard' \(Playwright's own options go after --\)/],
  [['run', '--grep'], /authconf run: option --grep needs a value/],
  [['run', 'specs/login'], /authconf run: unexpected argument 'specs\/login'/],
  [['targets', 'wordpress'], /authconf targets: unknown target 'wordpress'; built-in: [^\n]*goatcounter/],
  [['targets', '--yaml'], /authconf targets: unknown option '--yaml'/],
  [['images'], /authconf images: images needs an action: build, list or prune/],
  [['images', 'delete'], /authconf images: unknown action 'delete'; actions: build, list, prune/],
  [['images', 'build', '--version', 'v0'], /authconf images build: invalid setting:\n\s+--version \(AUTHCONF_TARGET_VERSION\): goatcounter has no version 'v0'/],
  [['images', 'prune', '--all'], /authconf images prune: unknown option '--all'/],
  [['matrix'], /authconf matrix: matrix needs an action: run or merge/],
  [['matrix', 'run', '--version', 'v1.0.0'], /authconf matrix run: goatcounter has no version 'v1\.0\.0'; supported: v2\.7\.0/],
  [['matrix', 'run', '--parallel', '4'], /authconf matrix run: --parallel takes a whole number from 1 to 2 \(got '4'\)/],
  [['matrix', 'run', '--fault-set', 'none', '--fault-set', 'none'], /authconf matrix run: cell goatcounter-v2\.7\.0 is given twice/],
  [['matrix', 'run', '--fault-set', 'gremlins'], /expected one of login-wrong-password/],
  [['matrix', 'merge', 'out.json', 'a.json'], /authconf matrix merge: the first argument is the page to write, OUT\.html \(got 'out\.json'\)/],
  [['matrix', 'merge', 'out.html'], /authconf matrix merge: matrix merge takes at least one verdict file after OUT\.html/],
  [['matrix', 'merge', 'out.html', '/nonexistent/a.json'], /cannot read verdict file \/nonexistent\/a\.json/],
  [['diff', 'only-one.json'], /authconf diff: diff takes exactly two verdict files \(got 1\)/],
  [['diff', 'package.json', 'package.json'], /package\.json is not a conformance verdict file/],
  [['stability'], /authconf stability: stability takes one verdict file .* or several \(whole runs\), got none/],
  [['stability', '--runs', '1'], /authconf stability: --runs takes a whole number from 2 to 50 \(got '1'\)/],
  [['stability', '--runs', '3', 'old/conformance.json'], /authconf stability: --runs makes its own verdict files; drop 'old\/conformance\.json'/],
  [['stability', '--runs', '3', '--target', 'wordpress'], /authconf stability: invalid setting:\n.*--target \(AUTHCONF_TARGET\)/],
  [['repro'], /authconf repro: invalid bug description \(options\):\n\s+target: /],
  [['repro', '--target', 'goatcounter', '--title', 'codes fail', '--step', 'sign-out third-tab', '--expected', 'in', '--actual', 'out'], /authconf repro: step 'sign-out' takes one of first-tab, second-tab, private-window, new-browser/],
  [['repro', '--target', 'goatcounter', '--title', 'codes fail', '--step', 'server-clock-behind soon', '--expected', 'in', '--actual', 'out'], /step 'server-clock-behind' takes a whole number of seconds, e\.g\. 'server-clock-behind 90'/],
  [['repro', '--target', 'goatcounter', '--title', 'codes fail', '--step', 'sign-in', '--expected', 'in', '--actual', 'out', '--check', 'LOGIN-TYPO'], /checks\.0: expected one of LOGIN-OK \|/],
  [['repro', '--from', '/nonexistent/bug.yaml'], /authconf repro: cannot read \/nonexistent\/bug\.yaml/],
  [['setup', '--force'], /authconf setup: unknown option '--force'/],
  [['setup', 'now'], /authconf setup: unexpected argument 'now'/],
];

// Two at a time: each case is a Node start, about 1.6 s of CPU.
describe('bad arguments: exit 2 and a specific message', { concurrency: 2 }, () => {
  for (const [args, message] of BAD) {
    it(`authconf ${args.join(' ')}`, async () => {
      const result = await authconfAsync(...args);
      assert.equal(result.code, 2, result.output);
      assert.match(result.output, message);
    });
  }
});

describe('--help', () => {
  for (const command of ['run', 'targets', 'images', 'matrix', 'diff', 'stability', 'repro', 'setup']) {
    it(`authconf ${command} --help explains the command and its exit codes`, () => {
      const result = authconf(command, '--help');
      assert.equal(result.code, 0, result.output);
      assert.match(result.stdout, new RegExp(`usage: authconf ${command}`));
      assert.match(result.stdout, /exit codes: 0 /);
    });
  }

  it('authconf --help lists every command', () => {
    const result = authconf('--help');
    assert.equal(result.code, 0);
    for (const command of ['run', 'targets', 'images', 'matrix', 'diff', 'stability', 'repro', 'setup']) assert.match(result.stdout, new RegExp(`^  ${command} `, 'm'));
  });
});

describe('authconf targets', () => {
  it('--json lists each target with versions, capabilities and which checks run or SKIP', () => {
    const result = authconf('targets', '--json');
    assert.equal(result.code, 0, result.output);
    const listed = JSON.parse(result.stdout);
    // New targets appear from the registry, without CLI changes.
    assert.deepEqual(listed.map((t: { id: string }) => t.id), targetRegistry().ids());
    assert.ok(listed.every((t: { source: string }) => t.source === 'built-in'), 'no configuration file here: built-in targets only');
    const goatcounter = listed.find((t: { id: string }) => t.id === 'goatcounter');
    assert.deepEqual(goatcounter.versions, { default: 'v2.7.0', supported: ['v2.7.0'] });
    assert.deepEqual(goatcounter.capabilities, [...targetRegistry().profile('goatcounter').capabilities]);
    assert.ok(goatcounter.capabilities.includes('totp'));
    assert.ok(goatcounter.checks.run.includes('MFA-TOTP-WINDOW'));
    assert.deepEqual(goatcounter.checks.skip.find((c: { id: string }) => c.id === 'OIDC-CLIENT-AUTH'), { id: 'OIDC-CLIENT-AUTH', missing: ['oidc-provider'] });
    assert.equal(goatcounter.checks.run.length + goatcounter.checks.skip.length, Object.keys(CATALOG).length);
  });
});
