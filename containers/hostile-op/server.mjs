// authconf's hostile OpenID provider: the program its container runs (image recipe:
// containers/services/hostile-provider.ts).
//
// The protocol is the `oidc-provider` package's, unchanged: discovery, a sign-in that takes
// any login with any password (its development interactions), consent granted at once, the
// code flow. A check then bends exactly one thing of the next sign-ins through a small admin
// API, and the relying party under test must refuse the result. Crafted tokens are signed
// with `jose`, with the provider's own key unless the bend is about the signature.
//
// Environment: ISSUER (http://NAME.localhost:PORT, also the port it listens on) and
// OP_CLIENTS (JSON: [{ client_id, client_secret, redirect_uris }]).
//
// Admin API (the test process only, never the browser):
//   PUT  /authconf/bend     {"bend": "<one of BENDS>" | null}   what the next answers bend
//   POST /authconf/rotate                                         a new signing key under a new kid
//   DELETE /authconf/rotate                                       back to the key before it (a check puts back what it changed)
//   GET  /authconf/record?since=<ms epoch>                        what relying parties asked
//   GET  /authconf/jwks-at-start                                  the JWKS as it was at start-up, never rotated
//        (for a relying party configured with a pinned copy of the keys: a fragile setup to show)
import { randomBytes, randomUUID } from 'node:crypto';
import Provider from 'oidc-provider';
import * as jose from 'jose';

const ISSUER = new URL(process.env.ISSUER);
const CLIENTS = JSON.parse(process.env.OP_CLIENTS);

/** Each bend changes one thing of an answer the relying party gets; `null` is the provider behaving. */
const BENDS = [
  'signature-altered', // the ID token's signature no longer matches its content
  'alg-none', // an unsigned ID token (alg "none")
  'issuer-other', // iss names another provider
  'audience-other', // aud names another client only
  'audience-extra', // aud names this client and an untrusted one (azp kept)
  'expired', // exp an hour ago
  'issued-in-future', // iat a day ahead (exp after it)
  'nonce-missing', // no nonce, although the relying party sent one
  'nonce-other', // a nonce the relying party never sent
  'state-other', // the authorization response carries a state the relying party never sent
  'state-missing', // the authorization response carries no state
  'userinfo-sub-other', // the UserInfo answer is about another subject than the ID token (sub, e-mail, names)
];

let bend = null;
const record = [];
const keys = [await newSigningKey(1)];
const signingKey = () => keys.at(-1);

async function newSigningKey(n) {
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const kid = `authconf-${n}-${randomUUID().slice(0, 8)}`;
  return { kid, privateKey, privateJwk: { ...(await jose.exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' }, publicJwk: { ...(await jose.exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

const provider = new Provider(ISSUER.href.replace(/\/$/, ''), {
  clients: CLIENTS.map((c) => ({ ...c, grant_types: ['authorization_code'], response_types: ['code'] })),
  jwks: { keys: [keys[0].privateJwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  features: { devInteractions: { enabled: true } },
  // The claims a relying party usually needs (oauth2-proxy wants an e-mail) in the ID token itself.
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
  conformIdTokenClaims: false,
  findAccount: (ctx, id) => ({ accountId: id, claims: () => ({ sub: id, email: `${id}@authconf.test`, email_verified: true, name: id, preferred_username: id }) }),
  // Consent is granted at once (oidc-provider's documented way to skip it for first-party clients).
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  pkce: { required: () => false },
});

provider.use(async (ctx, next) => {
  if (ctx.path.startsWith('/authconf/')) return admin(ctx);
  noteRequest(ctx);
  await next();
  await bendAnswer(ctx);
});

/** What a relying party asked, without secrets: enough to say which checks apply (did it send a nonce?). */
function noteRequest(ctx) {
  const at = Date.now();
  if (ctx.path === '/auth' && ctx.method === 'GET') {
    const q = ctx.query;
    record.push({ at, endpoint: 'authorization', clientId: q.client_id, nonce: typeof q.nonce === 'string', state: typeof q.state === 'string', pkce: typeof q.code_challenge === 'string' });
  } else if (ctx.path === '/token') record.push({ at, endpoint: 'token' });
  else if (ctx.path === '/me') record.push({ at, endpoint: 'userinfo' });
  else if (ctx.path === '/jwks') record.push({ at, endpoint: 'jwks' });
}

async function bendAnswer(ctx) {
  if (ctx.path === '/token' && ctx.status === 200 && typeof ctx.body?.id_token === 'string') {
    ctx.body = { ...ctx.body, id_token: await craftIdToken(jose.decodeJwt(ctx.body.id_token)) };
  } else if (ctx.path === '/me' && ctx.status === 200 && bend === 'userinfo-sub-other' && ctx.body?.sub) {
    // Another user altogether: a relying party that takes this answer's claims signs in as them.
    const other = `${ctx.body.sub}-other`;
    ctx.body = { ...ctx.body, sub: other, email: `${other}@authconf.test`, name: other, preferred_username: other };
  } else if (ctx.path === '/jwks' && keys.length > 1) {
    ctx.body = { keys: keys.map((k) => k.publicJwk).reverse() };
  } else if ((bend === 'state-other' || bend === 'state-missing') && [302, 303].includes(ctx.status)) {
    const location = ctx.response.get('location');
    const target = location && new URL(location, ISSUER);
    if (target?.searchParams.has('code') && target.searchParams.has('state')) {
      if (bend === 'state-missing') target.searchParams.delete('state');
      else target.searchParams.set('state', randomBytes(16).toString('base64url'));
      ctx.redirect(target.href);
    }
  }
}

/**
 * The ID token the relying party gets: the provider's own claims with the bend applied,
 * signed with the current key. Unbent and unrotated it is re-signed with the same key and
 * claims, so the healthy answer is the provider's.
 */
async function craftIdToken(claims) {
  const now = Math.floor(Date.now() / 1000);
  const changed = { ...claims };
  if (bend === 'issuer-other') changed.iss = `http://other-provider.localhost:${ISSUER.port}`;
  if (bend === 'audience-other') changed.aud = 'another-client';
  if (bend === 'audience-extra') Object.assign(changed, { aud: [claims.aud, 'untrusted-client'], azp: claims.aud });
  if (bend === 'expired') Object.assign(changed, { iat: now - 7200, exp: now - 3600 });
  if (bend === 'issued-in-future') Object.assign(changed, { iat: now + 86_400, exp: now + 90_000 });
  if (bend === 'nonce-missing') delete changed.nonce;
  if (bend === 'nonce-other') changed.nonce = randomBytes(16).toString('base64url');
  if (bend === 'alg-none') return new jose.UnsecuredJWT(changed).encode();
  const key = signingKey();
  const token = await new jose.SignJWT(changed).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
  if (bend !== 'signature-altered') return token;
  // One flipped bit in the signature's first byte: the token decodes as before, the signature fails.
  const [header, payload, signature] = token.split('.');
  const bytes = Buffer.from(signature, 'base64url');
  bytes[0] ^= 0x01;
  return [header, payload, bytes.toString('base64url')].join('.');
}

async function admin(ctx) {
  if (ctx.method === 'PUT' && ctx.path === '/authconf/bend') {
    const wanted = JSON.parse(await readBody(ctx.req)).bend ?? null;
    if (wanted !== null && !BENDS.includes(wanted)) {
      ctx.status = 400;
      ctx.body = { error: `unknown bend "${wanted}"; known: ${BENDS.join(', ')}` };
      return;
    }
    bend = wanted;
    ctx.body = { bend };
  } else if (ctx.method === 'POST' && ctx.path === '/authconf/rotate') {
    keys.push(await newSigningKey(keys.length + 1));
    ctx.body = { kid: signingKey().kid, previous: keys.at(-2).kid };
  } else if (ctx.method === 'DELETE' && ctx.path === '/authconf/rotate') {
    if (keys.length > 1) keys.pop();
    ctx.body = { kid: signingKey().kid };
  } else if (ctx.method === 'GET' && ctx.path === '/authconf/jwks-at-start') {
    ctx.body = { keys: [keys[0].publicJwk] };
  } else if (ctx.method === 'GET' && ctx.path === '/authconf/record') {
    const since = Number(ctx.query.since ?? 0);
    ctx.body = { bend, kid: signingKey().kid, requests: record.filter((r) => r.at >= since) };
  } else {
    ctx.status = 404;
    ctx.body = { error: `no admin route ${ctx.method} ${ctx.path}` };
  }
}

async function readBody(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body || '{}';
}

provider.listen(Number(ISSUER.port), '0.0.0.0', () => console.log(`hostile OpenID provider ${ISSUER.href} listening on ${ISSUER.port}`));
