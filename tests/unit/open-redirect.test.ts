/**
 * The bypasses OPEN-REDIRECT offers: each names the attacker's host to one of the two readers
 * that matter — a browser resolving it on the app's page, or a server parsing it on its own.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redirectBypasses } from '../../fixtures/open-redirect.ts';

const legit = new URL('http://app.localhost:8080/deep/page?x=1');
const bypasses = redirectBypasses(legit, 'evil.localhost:8080');

describe('redirectBypasses', () => {
  it('offers ten distinct values, each named', () => {
    assert.equal(bypasses.length, 10);
    assert.equal(new Set(bypasses.map((b) => b.value)).size, 10);
    assert.ok(bypasses.every((b) => b.label.length > 0));
  });

  // What a browser does with the value as a Location header on the app's page (WHATWG URL parsing).
  const resolved = (label: string) => new URL(bypasses.find((b) => b.label.startsWith(label))!.value, legit);
  for (const label of ['another host', 'scheme-relative', 'backslash (', 'userinfo', 'backslash before @', 'mixed case', 'percent-encoded host']) {
    it(`${label}: a browser following it reaches evil.localhost`, () => {
      assert.equal(resolved(label).hostname, 'evil.localhost');
    });
  }

  it('scheme without slashes: relative to a browser on an http page, but evil.localhost to a server parsing it alone', () => {
    const value = bypasses.find((b) => b.label.startsWith('scheme without slashes'))!.value;
    assert.equal(resolved('scheme without slashes').hostname, 'app.localhost');
    assert.equal(new URL(value).hostname, 'evil.localhost');
  });

  it("the app's host as a subdomain of the attacker's: another site that starts like the app", () => {
    const url = resolved("the app's host");
    assert.equal(url.hostname, 'app.localhost.evil.localhost');
    assert.equal(url.port, '8080');
  });

  it('keeps the path and query of the legitimate URL, so only the origin differs', () => {
    assert.equal(resolved('another host').pathname + resolved('another host').search, '/deep/page?x=1');
  });
});
