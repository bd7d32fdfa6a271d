/**
 * Bad input stops the run at once with a message that names what is wrong, a non-zero
 * exit, and nothing started in Docker.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runConformance } from '../support/conformance-run.ts';
import { authconfContainers, authconfNetworks } from '../support/docker.ts';
import { tempDir } from '../support/temp-dir.ts';

const CASES = [
  { name: 'unknown target', env: { AUTHCONF_TARGET: 'wordpress' }, exit: 2, message: /AUTHCONF_TARGET: unknown target; built-in: goatcounter, actual, keycloak, pocketbase \(got 'wordpress'\)/ },
  { name: 'unknown version', env: { AUTHCONF_TARGET_VERSION: 'v9.9.9' }, exit: 2, message: /AUTHCONF_TARGET_VERSION: goatcounter has no version 'v9\.9\.9'; supported: v2\.7\.0/ },
  { name: 'invalid image mode', env: { AUTHCONF_IMAGE_MODE: 'fast' }, exit: 2, message: /AUTHCONF_IMAGE_MODE: expected one of local \| upstream \| auto \(got 'fast'\)/ },
  { name: 'unknown fault', env: { AUTHCONF_FAULTS: 'login-wrong-password,gremlins' }, exit: 2, message: /AUTHCONF_FAULTS: expected one of login-wrong-password \|/ },
  { name: 'misspelt variable', env: { AUTHCONF_TARGT: 'goatcounter' }, exit: 2, message: /AUTHCONF_TARGT: unknown variable/ },
  { name: 'image build failure (a Mailpit version that does not exist)', env: { AUTHCONF_MAILPIT_VERSION: 'v9.9.9' }, exit: 1, message: /cannot download Go module github\.com\/axllent\/mailpit@v9\.9\.9 \(is that version published\?\)/ },
  { name: 'a target that never becomes healthy', env: { AUTHCONF_FAULTS: 'app-exits-at-start' }, exit: 1, message: /service 'app' \(goatcounter\.localhost\) did not start: .*\n\s*--- last lines of its log ---\n\s*authconf fault app-exits-at-start: exiting/ },
  { name: 'Docker unreachable', env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' }, exit: 3, message: /Docker engine unreachable at DOCKER_HOST=unix:\/\/\/nonexistent\/docker\.sock/ },
] as const;

describe('bad input', () => {
  for (const { name, env, exit, message } of CASES) {
    it(`${name}: exit ${exit}, a specific message, nothing left`, async () => {
      const started = Date.now();
      const run = await runConformance({ env, args: ['--grep', '@LOGIN-OK'] });
      assert.equal(run.code, exit, run.output);
      assert.match(run.output, message);
      assert.ok(Date.now() - started < 60_000, 'bad input must be refused within a bounded time');
      assert.deepEqual(authconfContainers(run.pid), []);
      assert.deepEqual(authconfNetworks(run.pid), []);
    });
  }

  it('a broken declarative target file is refused before anything starts, naming the field and its line', async () => {
    const dir = tempDir('consumer');
    writeFileSync(path.join(dir, 'authconf.config.yaml'), 'targets: [./app.yaml]\nrun: { target: app }\n');
    writeFileSync(path.join(dir, 'app.yaml'), 'id: app\ndisplayName: App\nhomepage: https://example.org\nversions: { default: "1", supported: ["1"] }\ncapabilities: [password-login, sso]\n');
    const run = await runConformance({ cwd: dir });
    assert.equal(run.code, 2, run.output);
    assert.match(run.output, /invalid target file app\.yaml:\n(.*\n)*\s+capabilities\[1\] \(line 5\): expected one of password-login \| /);
    assert.match(run.output, /services \(line 1\): required/);
    assert.deepEqual(authconfContainers(run.pid), []);
  });

  it('an invalid value in .env is refused the same way, naming the variable', async () => {
    const dir = tempDir('dotenv');
    // A variable the test runner leaves unset (the environment wins over .env, as dotenv does).
    writeFileSync(path.join(dir, '.env'), 'AUTHCONF_MAILPIT_VERSION=latest\n');
    const run = await runConformance({ cwd: dir });
    assert.equal(run.code, 2, run.output);
    assert.match(run.output, /AUTHCONF_MAILPIT_VERSION: a Mailpit release such as v1\.33\.1 \(got 'latest'\)/);
    assert.deepEqual(authconfContainers(run.pid), []);
  });
});
