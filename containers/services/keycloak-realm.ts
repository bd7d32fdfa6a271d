/**
 * The realm a stack's Keycloak imports at start, generated per stack from typed options:
 * users, one confidential OIDC client per relying party, TOTP policy, SMTP to the stack's
 * Mailpit, and lifetimes short enough to expire inside a test. Pure: the caller brings the
 * secrets (newSecret), so the same options give the same realm.
 */
import { z } from 'zod';

const seconds = z.number().int().positive();

export const realmUserSchema = z.object({
  username: z.string().regex(/^[a-z0-9._@-]+$/),
  email: z.email(),
  password: z.string().min(1),
  firstName: z.string().min(1).default('Auth'),
  lastName: z.string().min(1).default('Conf'),
});

export const realmClientSchema = z.object({
  clientId: z.string().regex(/^[\w.-]+$/),
  /** The client secret; a public client has none. */
  secret: z.string().min(1).optional(),
  /** A public client: no client authentication at the token endpoint. */
  public: z.boolean().default(false),
  /** Matched exactly by Keycloak unless an entry ends in `*`. */
  redirectUris: z.array(z.string().min(1)).nonempty(),
  postLogoutRedirectUris: z.array(z.string().min(1)).default([]),
  webOrigins: z.array(z.string().min(1)).default([]),
  /** PKCE required with this code challenge method; undefined: PKCE optional. */
  pkce: z.enum(['S256', 'plain']).optional(),
  /** The resource-owner password grant (tests only; OAuth 2.1 drops it). */
  directAccessGrants: z.boolean().default(false),
  /** This client's sessions at the provider (Client Session Idle / Max): refresh tokens die with them. */
  sessionLifetimes: z.object({ idleSeconds: seconds, maxSeconds: seconds }).optional(),
  /**
   * OpenID Connect Back-Channel Logout: where the provider POSTs a logout token when the
   * user's session ends, and whether the client requires its `sid` claim.
   */
  backchannelLogout: z.object({ url: z.url(), sessionRequired: z.boolean() }).optional(),
}).refine((c) => c.public || c.secret !== undefined, { message: 'a confidential client needs a secret' });

/**
 * An OpenID provider the realm signs users in through (identity brokering): Keycloak is then
 * itself a relying party. Endpoints are oidc-provider's (the hostile provider's), given so the
 * realm imports without reaching the provider; users it brings are created at first sign-in.
 */
export const realmIdentityProviderSchema = z.object({
  alias: z.string().regex(/^[a-z0-9-]+$/),
  issuer: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Whether Keycloak checks the ID token's signature against the provider's JWKS (Keycloak's own default: off). */
  validateSignature: z.boolean().default(true),
});

export const realmOptionsSchema = z.object({
  realm: z.string().regex(/^[a-z0-9-]+$/),
  displayName: z.string().default('authconf'),
  users: z.array(realmUserSchema).default([]),
  clients: z.array(realmClientSchema).default([]),
  identityProviders: z.array(realmIdentityProviderSchema).default([]),
  totp: z
    .object({
      digits: z.union([z.literal(6), z.literal(8)]).default(6),
      periodSeconds: seconds.default(30),
      /** Steps accepted on each side of the current one. */
      lookAheadWindow: z.number().int().min(0).max(10).default(1),
      algorithm: z.enum(['HmacSHA1', 'HmacSHA256', 'HmacSHA512']).default('HmacSHA1'),
      codeReusable: z.boolean().default(false),
    })
    .prefault({}),
  /**
   * Brute-force detection: after `failureFactor` wrong passwords (or codes) the user is locked
   * for `lockSeconds`, every later lock as long (Keycloak's default is detection off). The
   * quick-login check is disabled, so failures in fast succession count like any others.
   */
  bruteForce: z.object({ failureFactor: z.number().int().min(1), lockSeconds: seconds }).optional(),
  /**
   * Passkeys: the passwordless WebAuthn policy with passkeys on (the login page offers "Sign
   * in with Passkey", the account console "Set up Passkey"); discoverable credentials, and
   * the user verification the server demands.
   */
  passkeys: z.object({ userVerification: z.enum(['required', 'preferred', 'discouraged']) }).optional(),
  /** The stack's mail catcher, e.g. `{ host: 'mail.localhost', port: 1025 }`. */
  smtp: z.object({ host: z.string().min(1), port: z.number().int().positive(), from: z.email().default('idp@authconf.test') }).optional(),
  lifetimes: z
    .object({
      accessTokenSeconds: seconds.default(300),
      ssoSessionIdleSeconds: seconds.default(1800),
      ssoSessionMaxSeconds: seconds.default(36_000),
      /** Refresh tokens last as long as the client session (and never past the SSO session). */
      refreshTokenSeconds: seconds.optional(),
    })
    .prefault({}),
});

export type RealmOptions = z.input<typeof realmOptionsSchema>;
export type RealmUser = z.input<typeof realmUserSchema>;
export type RealmIdentityProvider = z.input<typeof realmIdentityProviderSchema>;

/** A user as Keycloak's realm import and its admin API take it. */
export function userRepresentation(input: RealmUser): Record<string, unknown> {
  const u = realmUserSchema.parse(input);
  return {
    username: u.username,
    email: u.email,
    // Keycloak's default user profile requires these; without them the first sign-in stops at "update your account".
    emailVerified: true,
    firstName: u.firstName,
    lastName: u.lastName,
    enabled: true,
    credentials: [{ type: 'password', value: u.password, temporary: false }],
  };
}

/** Keycloak's realm representation (the parts authconf sets), as `--import-realm` reads it. */
export interface RealmRepresentation {
  realm: string;
  [field: string]: unknown;
}

export function keycloakRealm(input: RealmOptions): RealmRepresentation {
  const o = realmOptionsSchema.parse(input);
  const refresh = o.lifetimes.refreshTokenSeconds;
  return {
    realm: o.realm,
    displayName: o.displayName,
    enabled: true,
    loginWithEmailAllowed: true,
    resetPasswordAllowed: true,
    accessTokenLifespan: o.lifetimes.accessTokenSeconds,
    ssoSessionIdleTimeout: o.lifetimes.ssoSessionIdleSeconds,
    ssoSessionMaxLifespan: o.lifetimes.ssoSessionMaxSeconds,
    ...(refresh !== undefined && { clientSessionIdleTimeout: refresh, clientSessionMaxLifespan: refresh }),
    ...(o.bruteForce && {
      bruteForceProtected: true,
      permanentLockout: false,
      failureFactor: o.bruteForce.failureFactor,
      waitIncrementSeconds: o.bruteForce.lockSeconds,
      maxFailureWaitSeconds: o.bruteForce.lockSeconds,
      minimumQuickLoginWaitSeconds: o.bruteForce.lockSeconds,
      quickLoginCheckMilliSeconds: 1,
    }),
    ...(o.passkeys && {
      webAuthnPolicyPasswordlessPasskeysEnabled: true,
      webAuthnPolicyPasswordlessRequireResidentKey: 'Yes',
      webAuthnPolicyPasswordlessUserVerificationRequirement: o.passkeys.userVerification,
    }),
    otpPolicyType: 'totp',
    otpPolicyAlgorithm: o.totp.algorithm,
    otpPolicyDigits: o.totp.digits,
    otpPolicyPeriod: o.totp.periodSeconds,
    otpPolicyLookAheadWindow: o.totp.lookAheadWindow,
    otpPolicyCodeReusable: o.totp.codeReusable,
    ...(o.smtp && {
      smtpServer: { host: o.smtp.host, port: String(o.smtp.port), from: o.smtp.from, fromDisplayName: o.displayName, auth: 'false', ssl: 'false', starttls: 'false' },
    }),
    users: o.users.map(userRepresentation),
    clients: o.clients.map((c) => ({
      clientId: c.clientId,
      enabled: true,
      protocol: 'openid-connect',
      publicClient: c.public,
      ...(c.public ? {} : { clientAuthenticatorType: 'client-secret', secret: c.secret }),
      standardFlowEnabled: true,
      directAccessGrantsEnabled: c.directAccessGrants,
      implicitFlowEnabled: false,
      serviceAccountsEnabled: false,
      redirectUris: c.redirectUris,
      webOrigins: c.webOrigins,
      attributes: {
        ...(c.pkce && { 'pkce.code.challenge.method': c.pkce }),
        ...(c.postLogoutRedirectUris.length > 0 && { 'post.logout.redirect.uris': c.postLogoutRedirectUris.join('##') }),
        ...(c.sessionLifetimes && {
          'client.session.idle.timeout': String(c.sessionLifetimes.idleSeconds),
          'client.session.max.lifespan': String(c.sessionLifetimes.maxSeconds),
        }),
        ...(c.backchannelLogout && {
          'backchannel.logout.url': c.backchannelLogout.url,
          'backchannel.logout.session.required': String(c.backchannelLogout.sessionRequired),
        }),
      },
      ...(c.backchannelLogout && { frontchannelLogout: false }),
    })),
    identityProviders: o.identityProviders.map((p) => ({
      alias: p.alias,
      providerId: 'oidc',
      enabled: true,
      // The provider vouches for the e-mail: no verification mail at first sign-in.
      trustEmail: true,
      firstBrokerLoginFlowAlias: 'first broker login',
      config: {
        issuer: p.issuer,
        authorizationUrl: `${p.issuer}/auth`,
        tokenUrl: `${p.issuer}/token`,
        userInfoUrl: `${p.issuer}/me`,
        jwksUrl: `${p.issuer}/jwks`,
        useJwksUrl: 'true',
        validateSignature: String(p.validateSignature),
        clientId: p.clientId,
        clientSecret: p.clientSecret,
        clientAuthMethod: 'client_secret_basic',
        defaultScope: 'openid email profile',
        syncMode: 'IMPORT',
      },
    })),
  };
}
