/**
 * The npm package as a consumer gets it: `npm pack` here (prepack builds dist/), the tarball
 * installed into a fresh project, and `npx authconf` run from that project's directory — the
 * compiled JavaScript only, with no TypeScript loader and none of this checkout's node_modules.
 * Then the maintainer's path end to end: `authconf init`, their declarative target (the
 * Miniflux example, written by hand), `authconf run` against the real app: real verdicts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { conformanceSchema } from '../../fixtures/verdicts/schema.ts';
import { cleanEnv, ROOT } from '../support/conformance-run.ts';
import { authconfContainers } from '../support/docker.ts';
import { tempDir } from '../support/temp-dir.ts';

/** The environment without the npm_* variables of an enclosing `npm test`, which would steer the inner npm. */
function consumerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(cleanEnv()).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): { code: number | null; output: string; stdout: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...consumerEnv(), ...env }, maxBuffer: 64 << 20 });
  return { code: result.status, output: `${result.stdout}${result.stderr}${result.error ? String(result.error) : ''}`, stdout: result.stdout };
}

describe('the npm package in a consumer project', () => {
  let consumer: string;
  let tarball: string;

  before(() => {
    const packed = tempDir('pack');
    const pack = run('npm', ['pack', '--pack-destination', packed], ROOT);
    assert.equal(pack.code, 0, `npm pack failed:\n${pack.output}`);
    const [file] = readdirSync(packed).filter((f) => f.endsWith('.tgz'));
    assert.ok(file, `npm pack wrote no tarball:\n${pack.output}`);
    tarball = path.join(packed, file);

    consumer = tempDir('consumer');
    // As `npm init -y` writes it: TypeScript specs there are compiled to CommonJS and require() the package.
    writeFileSync(path.join(consumer, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'commonjs' }, null, 2)}\n`);
    const install = run('npm', ['install', '--save-dev', '--no-audit', '--no-fund', tarball], consumer);
    assert.equal(install.code, 0, `npm install of the tarball failed:\n${install.output}`);
  });

  it('ships compiled JavaScript, the run-time files beside it, bootstrap.sh and the target schema; no TypeScript sources, no dev tools', () => {
    const installed = path.join(consumer, 'node_modules/authconf');
    for (const file of ['bin/authconf.mjs', 'dist/cli/authconf.js', 'dist/playwright.config.js', 'dist/fixtures/targets/goatcounter/expected-failures.json', 'scripts/bootstrap.sh', 'authconf-target.schema.json']) {
      assert.ok(existsSync(path.join(installed, file)), `${file} missing from the installed package`);
    }
    for (const file of ['cli/authconf.ts', 'playwright.config.ts', 'tsconfig.json']) assert.ok(!existsSync(path.join(installed, file)), `${file} must not be in the package`);
    // The executable runs the compiled entry: tsx (a devDependency) is not installed with it.
    assert.ok(!existsSync(path.join(consumer, 'node_modules/tsx')), 'tsx was installed with the package');
  });

  it('npx authconf --help lists the commands', () => {
    const result = run('npx', ['--no', '--', 'authconf', '--help'], consumer);
    assert.equal(result.code, 0, result.output);
    for (const command of ['run', 'targets', 'setup']) assert.match(result.stdout, new RegExp(`^  ${command} `, 'm'));
  });

  it('npx authconf targets --json lists the built-in targets, goatcounter among them', () => {
    const result = run('npx', ['--no', '--', 'authconf', 'targets', '--json'], consumer);
    assert.equal(result.code, 0, result.output);
    const listed = JSON.parse(result.stdout) as { id: string; versions: { default: string } }[];
    const goatcounter = listed.find((t) => t.id === 'goatcounter');
    assert.ok(goatcounter, `goatcounter not listed: ${listed.map((t) => t.id).join(', ')}`);
    assert.equal(goatcounter.versions.default, 'v2.7.0');
  });

  it('npx authconf setup --help explains the machine preparation', () => {
    const result = run('npx', ['--no', '--', 'authconf', 'setup', '--help'], consumer);
    assert.equal(result.code, 0, result.output);
    assert.match(result.stdout, /usage: authconf setup/);
    assert.match(result.stdout, /exit codes: 0 /);
  });

  // A maintainer's own target (Miniflux, declarative), in order: init, a broken file, the real run.
  it('authconf init --yes scaffolds the config, a target that validates, a CI workflow and .gitignore entries', () => {
    const init = run('npx', ['--no', '--', 'authconf', 'init', '--yes', '--image', 'miniflux/miniflux:{version}', '--version', '2.3.5', '--port', '8080', '--health', '/healthcheck', '--login-url', '/'], consumer);
    assert.equal(init.code, 0, init.output);
    for (const file of ['authconf.config.yaml', 'authconf/miniflux.yaml', '.github/workflows/authconf.yml']) assert.ok(existsSync(path.join(consumer, file)), `init did not write ${file}`);
    assert.match(readFileSync(path.join(consumer, '.gitignore'), 'utf8'), /^reports\/$/m);
    const targets = run('npx', ['--no', '--', 'authconf', 'targets', 'miniflux', '--json'], consumer);
    assert.equal(targets.code, 0, targets.output);
    assert.equal(JSON.parse(targets.stdout)[0].source, 'authconf/miniflux.yaml');
  });

  it('a broken declarative file: exit 2, the field and its line named, nothing started', () => {
    const file = path.join(consumer, 'authconf/miniflux.yaml');
    const scaffold = readFileSync(file, 'utf8');
    writeFileSync(file, scaffold.replace('  login: { label: Username }', '  login: { lable: Username }'));
    const result = run('npx', ['--no', '--', 'authconf', 'run'], consumer, { AUTHCONF_SKIP_SETUP: '1' });
    writeFileSync(file, scaffold);
    assert.equal(result.code, 2, result.output);
    assert.match(result.output, /invalid target file authconf\/miniflux\.yaml:\n\s+signIn\.login \(line \d+\): unknown field 'lable'/);
    assert.ok(!existsSync(path.join(consumer, 'reports')), 'a refused run writes no report');
  });

  // A few of the checks its file declares, in both engines of the default run: the full set on
  // Miniflux is graded by tests/controls/miniflux.test.ts; this proves the installed package runs them.
  it('authconf run with the hand-written target, in Chromium and Firefox: LOGIN-OK, PASSKEY-REGISTER and RP-STATE (through the hostile provider, its image built from the installed package) PASS against the real Miniflux, passkeys SKIP in Firefox with the reason, reports in ./reports', () => {
    copyFileSync(path.join(ROOT, 'examples/miniflux/authconf/miniflux.yaml'), path.join(consumer, 'authconf/miniflux.yaml'));
    const packageFiles = () => readdirSync(path.join(consumer, 'node_modules/authconf'), { recursive: true }).map(String).sort();
    const before = packageFiles();
    const result = run('npx', ['--no', '--', 'authconf', 'run', '--image-mode', 'local', '--grep', '@LOGIN-OK|@PASSKEY-REGISTER|@RP-STATE'], consumer);
    assert.equal(result.code, 0, result.output.slice(-4000));
    const report = conformanceSchema.parse(JSON.parse(readFileSync(path.join(consumer, 'reports/conformance.json'), 'utf8')));
    assert.deepEqual(report.target, { id: 'miniflux', version: '2.3.5' });
    const verdicts = (engine: string) => report.checks.filter((c) => c.test.project === engine).map((c) => `${c.id} ${c.verdict}`).sort();
    assert.deepEqual(verdicts('chromium'), ['LOGIN-OK PASS', 'PASSKEY-REGISTER PASS', 'RP-STATE PASS']);
    assert.deepEqual(verdicts('firefox'), ['LOGIN-OK PASS', 'PASSKEY-REGISTER SKIP', 'RP-STATE PASS']);
    const skipped = report.checks.find((c) => c.test.project === 'firefox' && c.id === 'PASSKEY-REGISTER');
    assert.match(skipped?.reason ?? '', /only Chromium's DevTools protocol offers/);
    assert.ok(existsSync(path.join(consumer, 'reports/html/index.html')));
    assert.deepEqual(packageFiles(), before, 'the run wrote nothing into the installed package');
    assert.deepEqual(authconfContainers(), [], 'the run removed its containers');
  });

  it("a bug report in plain words becomes a spec in the maintainer's repository (CommonJS package), importing authconf/test, and runs against their target", () => {
    const steps = ['Log in', 'Open a second tab', 'Log out in the first tab', 'Reload the second tab'].flatMap((step) => ['--step', step]);
    const result = run('npx', ['--no', '--', 'authconf', 'repro', '--target', 'miniflux', '--title', 'signing out in one tab signs out the other', ...steps, '--expected', 'the second tab is signed out', '--actual', 'it still works', '--run'], consumer, { AUTHCONF_SKIP_SETUP: '1' });
    assert.equal(result.code, 0, result.output.slice(-4000));
    const spec = path.join(consumer, 'authconf/specs/regressions/miniflux-signing-out-in-one-tab-signs-out-the-other.spec.ts');
    assert.match(readFileSync(spec, 'utf8'), /from 'authconf\/test'/);
    assert.doesNotMatch(readFileSync(spec, 'utf8'), /test\.fixme/, 'every step of the report was automated');
    for (const engine of ['chromium', 'firefox']) {
      assert.match(result.output, new RegExp(`\\[${engine}-own-specs\\] › authconf/specs/regressions/miniflux-signing-out-in-one-tab-signs-out-the-other\\.spec\\.ts`));
    }
    assert.match(result.output, /2 passed/);
  });
});
