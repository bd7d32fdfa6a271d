/**
 * The npm package as a consumer gets it: `npm pack` here (prepack builds dist/), the tarball
 * installed into a fresh project, and `npx authconf` run from that project's directory — the
 * compiled JavaScript only, with no TypeScript loader and none of this checkout's node_modules.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { cleanEnv, ROOT } from '../support/conformance-run.ts';
import { tempDir } from '../support/temp-dir.ts';

/** The environment without the npm_* variables of an enclosing `npm test`, which would steer the inner npm. */
function consumerEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(cleanEnv()).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
}

function run(command: string, args: string[], cwd: string): { code: number | null; output: string; stdout: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: consumerEnv(), maxBuffer: 64 << 20 });
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
    writeFileSync(path.join(consumer, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2)}\n`);
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
});
