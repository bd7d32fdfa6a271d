/**
 * The logout-token validation OIDC-BACKCHANNEL-LOGOUT applies (Back-Channel Logout 1.0 §2.6),
 * against tokens signed here with a key of our own: each rule the provider can break, one at a time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { BACKCHANNEL_LOGOUT_EVENT, judgeLogoutToken, type LogoutTokenExpectations } from '../../fixtures/backchannel-logout.ts';

const ISSUER = 'http://idp.localhost:8080/realms/r';
const { privateKey, publicKey } = await generateKeyPair('RS256');
const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] });
const expected: LogoutTokenExpectations = { issuer: ISSUER, clientId: 'rp', keys, sessionRequired: true, idToken: { sub: 'user-1', sid: 'session-1' } };

const now = () => Math.floor(Date.now() / 1000);
const healthyClaims = (): JWTPayload => ({ iss: ISSUER, aud: 'rp', iat: now(), exp: now() + 120, jti: 'j1', sub: 'user-1', sid: 'session-1', events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } });

async function logoutToken(claims: JWTPayload, header: { typ?: string } = { typ: 'logout+jwt' }): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'k1', ...header }).sign(privateKey);
}

describe('judgeLogoutToken', () => {
  it('accepts a token with every required claim, the event, the session and the explicit type', async () => {
    const judged = await judgeLogoutToken(await logoutToken(healthyClaims()), expected);
    assert.deepEqual(judged.problems, []);
    assert.deepEqual(judged.warnings, []);
    assert.ok(judged.notes.includes("sub = the ID token's; sid = the ID token's"), judged.notes.join('\n'));
  });

  const broken: [string, (c: JWTPayload) => void, RegExp][] = [
    ['no sid although the RP needs one', (c) => delete c.sid, /carries no sid, although the relying party requires it/],
    ["another session's sid", (c) => (c.sid = 'session-2'), /sid "session-2" is not the session's/],
    ['a nonce', (c) => (c.nonce = 'n'), /carries a nonce/],
    ['no events claim', (c) => delete c.events, /events claim has no/],
    ['the event as a string', (c) => (c.events = { [BACKCHANNEL_LOGOUT_EVENT]: 'yes' }), /events claim has no/],
    ['no jti', (c) => delete c.jti, /has no jti/],
    ['no exp', (c) => delete c.exp, /has no exp/],
    ['another audience', (c) => (c.aud = 'other'), /does not validate: .*aud/],
    ['another issuer', (c) => (c.iss = 'http://evil.localhost'), /does not validate: .*iss/],
  ];
  for (const [what, change, problem] of broken) {
    it(`refuses a token with ${what}`, async () => {
      const claims = healthyClaims();
      change(claims);
      const judged = await judgeLogoutToken(await logoutToken(claims), expected);
      assert.ok(judged.problems.some((p) => problem.test(p)), judged.problems.join('\n') || '(no problem found)');
    });
  }

  it('refuses a token signed with another key', async () => {
    const other = await generateKeyPair('RS256');
    const token = await new SignJWT(healthyClaims()).setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'logout+jwt' }).sign(other.privateKey);
    const judged = await judgeLogoutToken(token, expected);
    assert.match(judged.problems.join('\n'), /does not validate: signature verification failed/);
  });

  it('refuses an unsigned token (alg none)', async () => {
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const judged = await judgeLogoutToken(`${encode({ alg: 'none', typ: 'logout+jwt' })}.${encode(healthyClaims())}.`, expected);
    assert.match(judged.problems.join('\n'), /does not validate/);
  });

  it('only warns when the token is not explicitly typed', async () => {
    const judged = await judgeLogoutToken(await logoutToken(healthyClaims(), {}), expected);
    assert.deepEqual(judged.problems, []);
    assert.match(judged.warnings.join('\n'), /not explicitly typed/);
  });

  it('accepts a token without sid when the RP does not need one', async () => {
    const claims = healthyClaims();
    delete claims.sid;
    const judged = await judgeLogoutToken(await logoutToken(claims), { ...expected, sessionRequired: false });
    assert.deepEqual(judged.problems, []);
  });
});
