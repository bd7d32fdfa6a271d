/**
 * Declarative targets and the configuration file: a good file becomes a target like any
 * other; a bad one is refused before anything starts, naming the field and the line.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../fixtures/config-error.ts';
import { loadConfigFile } from '../../fixtures/config-file.ts';
import { parseConfig } from '../../fixtures/config.ts';
import { targetJsonSchemaText } from '../../fixtures/declarative/json-schema.ts';
import { loadDeclarativeTarget } from '../../fixtures/declarative/target.ts';
import { BUILT_IN_TARGETS, TargetRegistry } from '../../fixtures/targets/registry.ts';
import { ROOT } from '../support/conformance-run.ts';
import { tempDir } from '../support/temp-dir.ts';

const EXAMPLE = path.join(ROOT, 'examples/miniflux');
const MINIFLUX = readFileSync(path.join(EXAMPLE, 'authconf/miniflux.yaml'), 'utf8');

/** The Miniflux example with `edit` applied, as a file of its own. */
function variant(edit: (text: string) => string, name = 'miniflux.yaml'): string {
  const file = path.join(tempDir('target'), name);
  writeFileSync(file, edit(MINIFLUX));
  return file;
}

function refused(file: string): string {
  try {
    loadDeclarativeTarget(file);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `a ConfigError, got ${String(error)}`);
    return error.message;
  }
  assert.fail(`${file} was accepted`);
}

describe('a declarative target file', () => {
  it('becomes a target with the profile, images and stack it describes', () => {
    const target = loadDeclarativeTarget(path.join(EXAMPLE, 'authconf/miniflux.yaml'));
    assert.equal(target.profile.id, 'miniflux');
    assert.deepEqual(target.profile.capabilities, ['password-login', 'cookie-session', 'logout', 'password-change', 'passkeys', 'hostile-provider', 'return-url']);
    assert.equal(target.profile.passkeys?.clonedCounter, 'ignore');
    assert.equal(target.profile.session?.cookieName, 'MinifluxSessionID');
    const images = target.images(parseConfig({ AUTHCONF_TARGET: 'goatcounter' }));
    // The app's image is built under the run's version; no Mailpit: Miniflux sends no mail. The hostile OpenID provider for its OpenID login.
    assert.deepEqual(Object.keys(images).sort(), ['app', 'db', 'hostile-op']);
  });

  it('names the field and the line of a misspelt locator', () => {
    const message = refused(variant((t) => t.replace('login: { label: Username }', 'login: { labl: Username }')));
    assert.match(message, /signIn\.login \(line 61\): unknown field 'labl'/);
  });

  it('refuses a password in a command line, which every local user could read in ps', () => {
    const message = refused(variant((t) => t.replace(/  http:[\s\S]*?expectStatus: \[201\]\n/, "  command:\n    run: [miniflux, -password, '{password}']\n")));
    assert.match(message, /account\.command\.run\[2\] \(line \d+\): unknown placeholder \{password\} here/);
  });

  it('refuses a declared capability the file does not describe', () => {
    const message = refused(variant((t) => t.replace('capabilities: [password-login, cookie-session, logout, password-change, passkeys, hostile-provider, return-url]', 'capabilities: [password-login, cookie-session, logout, password-change, passkeys, hostile-provider, return-url, totp]')));
    assert.match(message, /capabilities \(line 11\): 'totp' is declared but the file does not describe it \(totp\)/);
    const undescribed = refused(variant((t) => t.replace(/\npasswordChange:\n(  .*\n)+/, '\n')));
    assert.match(undescribed, /capabilities \(line 11\): 'password-change' is declared but the file does not describe it \(passwordChange\)/);
    const noPasskeys = refused(variant((t) => t.replace(/\npasskeys:\n(  .*\n)+/, '\n')));
    assert.match(noPasskeys, /capabilities \(line 11\): 'passkeys' is declared but the file does not describe it \(passkeys\)/);
    const noProvider = refused(variant((t) => t.replace(/\nhostileProvider:\n(  .*\n)+/, '\n')));
    assert.match(noProvider, /capabilities \(line 11\): 'hostile-provider' is declared but the file does not describe it \(hostileProvider\)/);
    const noReturnUrl = refused(variant((t) => t.replace(/\nreturnUrl:\n(  .*\n)+/, '\n')));
    assert.match(noReturnUrl, /capabilities \(line 11\): 'return-url' is declared but the file does not describe it \(returnUrl\)/);
  });

  it("refuses a passkey name field without its save button, and a policy outside the known ones", () => {
    const message = refused(variant((t) => t.replace(/\n    save: \{ role: button, name: Update \}\n/, '\n')));
    assert.match(message, /passkeys\.register \(line \d+\): 'name' and 'save' go together/);
    const policy = refused(variant((t) => t.replace('clonedCounter: ignore', 'clonedCounter: flag')));
    assert.match(policy, /passkeys\.policy\.clonedCounter \(line \d+\): expected one of refuse \| ignore/);
  });

  it('refuses an app without a port to listen on, and an account made two ways', () => {
    const message = refused(
      variant((t) => t.replace('      LISTEN_ADDR: 0.0.0.0:{port}\n', '').replace(/  login: reader.*\n/, (line) => `${line}  signUp: { url: /join, fields: [{ field: { label: Name }, value: "{login}" }], submit: { role: button, name: Join } }\n`)),
    );
    assert.match(message, /services\.app \(line \d+\): say which port the app listens on/);
    assert.match(message, /account \(line \d+\): say how an account is made: exactly one of command, http, signUp/);
  });

  it('names the line of a YAML syntax error, and reads JSON with lines too', () => {
    assert.match(refused(variant((t) => t.replace('signedIn:', 'signedIn: [\n'))), /miniflux\.yaml:\d+: not valid YAML/);
    const json = path.join(tempDir('target'), 'target.json');
    writeFileSync(json, '{\n  "id": "Miniflux!",\n  "displayName": "M"\n}\n');
    assert.match(refused(json), /id \(line 2\): lower-case letters, digits and dashes/);
  });
});

describe('the JSON Schema for editors', () => {
  it('is the zod schema, generated (regenerate: npm run schema)', () => {
    assert.equal(readFileSync(path.join(ROOT, 'authconf-target.schema.json'), 'utf8'), targetJsonSchemaText());
  });
});

describe('the configuration file', () => {
  it('registers its targets beside the built-in ones, with where each comes from, and sets the default target', () => {
    const dir = tempDir('consumer');
    cpSync(EXAMPLE, dir, { recursive: true, filter: (source) => !source.includes('node_modules') });
    const config = loadConfigFile(dir, undefined);
    assert.equal(config?.file, path.join(dir, 'authconf.config.yaml'));
    const registry = new TargetRegistry(BUILT_IN_TARGETS, config);
    assert.deepEqual(registry.ids(), ['goatcounter', 'actual', 'keycloak', 'pocketbase', 'miniflux']);
    assert.equal(registry.get('miniflux').source, 'authconf/miniflux.yaml', 'relative to the directory the configuration was loaded from');
    assert.equal(parseConfig({}, registry).target, 'miniflux');
    assert.throws(() => parseConfig({ AUTHCONF_TARGET: 'wordpress' }, registry), /AUTHCONF_TARGET: unknown target; built-in: goatcounter, actual, keycloak, pocketbase; from authconf\/miniflux\.yaml: miniflux/);
  });

  it('refuses an id a built-in target has, unknown fields, and a missing --config file', () => {
    const dir = tempDir('consumer');
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(path.join(dir, 'authconf/miniflux.yaml'), MINIFLUX.replace('id: miniflux', 'id: goatcounter'));
    assert.throws(() => new TargetRegistry(BUILT_IN_TARGETS, loadConfigFile(dir, undefined)), /target id 'goatcounter' is already taken by a built-in target/);
    writeFileSync(path.join(dir, 'authconf.config.yaml'), 'targets: [./authconf/miniflux.yaml]\nrun: { taget: miniflux }\n');
    assert.throws(() => loadConfigFile(dir, undefined), /run \(line 2\): unknown field 'taget'/);
    assert.throws(() => loadConfigFile(dir, 'nowhere.yaml'), /configuration file nowhere\.yaml \(AUTHCONF_CONFIG \/ --config\) does not exist/);
  });
});
