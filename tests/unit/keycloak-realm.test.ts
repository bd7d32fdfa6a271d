import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keycloakRealm } from '../../containers/services/keycloak-realm.ts';

const base = {
  realm: 'authconf',
  users: [{ username: 'alice', email: 'alice@authconf.test', password: 'pw-alice-123456' }],
  clients: [{ clientId: 'actual', secret: 'client-secret-123456', redirectUris: ['http://actual.localhost:5006/openid/callback'] }],
};

describe('keycloakRealm', () => {
  it('makes a confidential client with the exact redirect URIs and its secret', () => {
    const [client] = keycloakRealm(base).clients as Record<string, unknown>[];
    assert.equal(client!.publicClient, false);
    assert.equal(client!.clientAuthenticatorType, 'client-secret');
    assert.equal(client!.secret, 'client-secret-123456');
    assert.deepEqual(client!.redirectUris, ['http://actual.localhost:5006/openid/callback']);
    assert.equal(client!.directAccessGrantsEnabled, false);
    assert.deepEqual(client!.attributes, {});
  });

  it('requires PKCE with the chosen method and joins post-logout URIs as Keycloak stores them', () => {
    const realm = keycloakRealm({ ...base, clients: [{ ...base.clients[0]!, pkce: 'S256', postLogoutRedirectUris: ['http://a/', 'http://b/'] }] });
    const [client] = realm.clients as { attributes: Record<string, string> }[];
    assert.deepEqual(client!.attributes, { 'pkce.code.challenge.method': 'S256', 'post.logout.redirect.uris': 'http://a/##http://b/' });
  });

  it('a public client carries no secret; a confidential one without a secret is refused', () => {
    const [client] = keycloakRealm({ ...base, clients: [{ clientId: 'spa', public: true, redirectUris: ['http://x/'] }] }).clients as Record<string, unknown>[];
    assert.equal(client!.publicClient, true);
    assert.equal('secret' in client!, false);
    assert.throws(() => keycloakRealm({ ...base, clients: [{ clientId: 'rp', redirectUris: ['http://x/'] }] }), /a confidential client needs a secret/);
  });

  it('users get a permanent password and the profile fields Keycloak requires', () => {
    const [user] = keycloakRealm(base).users as Record<string, unknown>[];
    assert.equal(user!.emailVerified, true);
    assert.ok(user!.firstName && user!.lastName);
    assert.deepEqual(user!.credentials, [{ type: 'password', value: 'pw-alice-123456', temporary: false }]);
  });

  it('sets TOTP policy, SMTP and lifetimes from options, with defaults', () => {
    const realm = keycloakRealm({
      ...base,
      smtp: { host: 'mail.localhost', port: 1025 },
      totp: { lookAheadWindow: 0 },
      lifetimes: { accessTokenSeconds: 10, ssoSessionIdleSeconds: 20, ssoSessionMaxSeconds: 30, refreshTokenSeconds: 15 },
    });
    assert.equal(realm.otpPolicyLookAheadWindow, 0);
    assert.equal(realm.otpPolicyDigits, 6);
    assert.equal(realm.otpPolicyPeriod, 30);
    assert.deepEqual(realm.smtpServer, { host: 'mail.localhost', port: '1025', from: 'idp@authconf.test', fromDisplayName: 'authconf', auth: 'false', ssl: 'false', starttls: 'false' });
    assert.equal(realm.accessTokenLifespan, 10);
    assert.equal(realm.ssoSessionIdleTimeout, 20);
    assert.equal(realm.ssoSessionMaxLifespan, 30);
    assert.equal(realm.clientSessionIdleTimeout, 15);
    const plain = keycloakRealm(base);
    assert.equal(plain.accessTokenLifespan, 300);
    assert.equal('smtpServer' in plain, false);
    assert.equal('clientSessionIdleTimeout' in plain, false);
  });

  it("sets a client's own session lifetimes and back-channel logout endpoint only when asked", () => {
    const client = { clientId: 'rp', secret: 's', redirectUris: ['http://rp.localhost:1/cb'] as [string] };
    const realm = keycloakRealm({
      ...base,
      clients: [{ ...client, sessionLifetimes: { idleSeconds: 8, maxSeconds: 20 }, backchannelLogout: { url: 'http://rp.localhost:1/bc', sessionRequired: true } }, { ...client, clientId: 'plain' }],
    });
    const [short, plain] = realm.clients as { attributes: Record<string, string>; frontchannelLogout?: boolean }[];
    assert.equal(short!.attributes['client.session.idle.timeout'], '8');
    assert.equal(short!.attributes['client.session.max.lifespan'], '20');
    assert.equal(short!.attributes['backchannel.logout.url'], 'http://rp.localhost:1/bc');
    assert.equal(short!.attributes['backchannel.logout.session.required'], 'true');
    assert.equal(short!.frontchannelLogout, false);
    assert.deepEqual(Object.keys(plain!.attributes).filter((k) => k.startsWith('client.session') || k.startsWith('backchannel')), []);
  });

  it("brokers to an OpenID provider with its signature checked unless told otherwise (Keycloak's own default is off)", () => {
    const provider = { alias: 'hostile', issuer: 'http://hostile-op.localhost:4000', clientId: 'keycloak-broker', clientSecret: 'broker-secret-123456' };
    const [checked] = keycloakRealm({ ...base, identityProviders: [provider] }).identityProviders as { providerId: string; config: Record<string, string> }[];
    assert.equal(checked!.providerId, 'oidc');
    assert.equal(checked!.config.validateSignature, 'true');
    assert.equal(checked!.config.useJwksUrl, 'true');
    assert.equal(checked!.config.jwksUrl, 'http://hostile-op.localhost:4000/jwks');
    assert.equal(checked!.config.issuer, 'http://hostile-op.localhost:4000');
    const [lax] = keycloakRealm({ ...base, identityProviders: [{ ...provider, validateSignature: false }] }).identityProviders as { config: Record<string, string> }[];
    assert.equal(lax!.config.validateSignature, 'false');
  });

  it('refuses a realm name Keycloak would put in URLs unescaped', () => {
    assert.throws(() => keycloakRealm({ ...base, realm: 'My Realm' }));
  });
});
