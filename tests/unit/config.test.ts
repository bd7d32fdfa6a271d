import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../fixtures/config.ts';

describe('parseConfig', () => {
  it('fills defaults from the target profile', () => {
    const config = parseConfig({});
    assert.equal(config.target, 'goatcounter');
    assert.equal(config.targetVersion, 'v2.7.0');
    assert.equal(config.imageMode, 'auto');
    assert.deepEqual(config.browsers, ['chromium', 'firefox']);
    assert.equal(config.firefoxPath, '/usr/bin/firefox-esr');
    assert.equal(config.faults.size, 0);
  });

  it('treats empty values as unset (as a copied .env.example has them)', () => {
    assert.equal(parseConfig({ AUTHCONF_TARGET_VERSION: '', AUTHCONF_FAULTS: '' }).targetVersion, 'v2.7.0');
  });

  it('parses comma lists', () => {
    const config = parseConfig({ AUTHCONF_FAULTS: 'logout-skipped, login-wrong-password' });
    assert.deepEqual([...config.faults], ['logout-skipped', 'login-wrong-password']);
  });

  it('names every invalid variable at once', () => {
    assert.throws(
      () => parseConfig({ AUTHCONF_IMAGE_MODE: 'x', AUTHCONF_BROWSERS: 'lynx' }),
      (error: unknown) =>
        error instanceof ConfigError && /AUTHCONF_IMAGE_MODE: expected one of local \| upstream \| auto/.test(error.message) && /AUTHCONF_BROWSERS/.test(error.message),
    );
  });

  it('ignores variables that are not authconf settings', () => {
    assert.doesNotThrow(() => parseConfig({ PATH: '/bin', AUTHCONF_OWNER_PID: '1' }));
  });
});
