import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromDeb822, fromOneLine } from '../../containers/images/debian-base.ts';
import { parseSetCookie } from '../../fixtures/http-evidence.ts';

describe('parseSetCookie', () => {
  it('reads name and attributes case-insensitively', () => {
    const cookie = parseSetCookie('key=abc=def; Path=/; HttpOnly; SameSite=Lax', 'http://x.localhost/');
    assert.equal(cookie?.name, 'key');
    assert.equal(cookie?.attributes.get('samesite'), 'Lax');
    assert.ok(cookie?.attributes.has('httponly'));
    assert.ok(!cookie?.attributes.has('secure'));
  });
});

describe('apt mirror lookup', () => {
  it('finds the URI serving a suite in deb822 sources', () => {
    const sources = 'Types: deb\nURIs: http://mirror.test/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\nTypes: deb\nURIs: http://mirror.test/debian-security\nSuites: bookworm-security\n';
    assert.equal(fromDeb822(sources, 'bookworm'), 'http://mirror.test/debian');
    assert.equal(fromDeb822(sources, 'trixie'), undefined);
  });

  it('finds it in one-line sources, with options', () => {
    assert.equal(fromOneLine('# x\ndeb [arch=amd64] http://mirror.test/debian trixie main\n', 'trixie'), 'http://mirror.test/debian');
  });
});
