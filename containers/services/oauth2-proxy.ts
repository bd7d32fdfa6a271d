/**
 * oauth2-proxy: the forward-auth proxy (the role Authentik's proxy outpost plays in our
 * Actual case). Local image from the Go module proxy with the contract of
 * quay.io/oauth2-proxy/oauth2-proxy (binary /bin/oauth2-proxy as ENTRYPOINT, non-root user
 * 65532, listens on 4180 once told to leave loopback). Configured with flags; the client
 * and cookie secrets go in through the environment so they are never on a command line.
 *
 * Two ways to use it: in front of the app (`withUpstreams`), or auth-only behind nginx
 * `auth_request` (`withAuthOnly`), where `/oauth2/auth` answers 202 or 401 and nginx decides
 * what the browser gets.
 */
import { randomBytes } from 'node:crypto';
import { Wait } from 'testcontainers';
import { goServiceImage } from '../images/go-service.ts';
import type { ImageRecipe } from '../images/recipe.ts';
import { LoopbackContainer, StartedLoopbackContainer } from '../loopback-container.ts';

export const OAUTH2_PROXY_PORT = 4180;

export function oauth2ProxyImage(version: string): ImageRecipe {
  return goServiceImage({
    name: 'oauth2-proxy',
    version,
    goModule: 'github.com/oauth2-proxy/oauth2-proxy/v7',
    command: '.',
    // Upstream's `make build`: static, version stamped.
    buildFlags: ['-ldflags', `-X github.com/oauth2-proxy/oauth2-proxy/v7/pkg/version.VERSION=${version}`],
    binaryPath: '/bin/oauth2-proxy',
    cgo: false,
    upstreamRef: `quay.io/oauth2-proxy/oauth2-proxy:${version}`,
    // Upstream's contract (its Dockerfile on distroless/static:nonroot): an empty JWT key file
    // where App Engine deployments expect it, uid/gid 65532, the binary as entrypoint.
    contract: [
      'RUN install -d /etc/ssl/private && touch /etc/ssl/private/jwt_signing_key.pem && chmod 644 /etc/ssl/private/jwt_signing_key.pem',
      'USER 65532:65532',
      'ENTRYPOINT ["/bin/oauth2-proxy"]',
    ],
  });
}

/** The IdP as an OpenID Connect provider; the issuer URL must be the one the IdP puts in its tokens. */
export interface OidcProvider {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /**
   * Endpoints given explicitly: oauth2-proxy then skips discovery at start-up, so it starts
   * without the IdP being up (or existing).
   */
  endpoints?: { authorization: string; token: string; jwks: string };
  /** PKCE with S256, for clients that require it. */
  pkce?: boolean;
}

export class OAuth2ProxyContainer extends LoopbackContainer {
  private httpPort = OAUTH2_PROXY_PORT;
  /** Flag name → values (repeatable flags such as `upstream` or `api-route` hold several). */
  private readonly flags = new Map<string, string[]>();

  constructor(image: string) {
    super(image);
    // 32 random bytes as a 32-character string: one of the lengths AES takes for the cookie cipher.
    this.withEnvironment({ OAUTH2_PROXY_COOKIE_SECRET: randomBytes(16).toString('hex') }).withStartupTimeout(30_000);
    this.set('http-address', `0.0.0.0:${OAUTH2_PROXY_PORT}`).withEmailDomains('*');
  }

  /** Listen on all interfaces at `port` (upstream's default is 127.0.0.1:4180), published on loopback. */
  withHttpPort(port: number): this {
    this.httpPort = port;
    this.set('http-address', `0.0.0.0:${port}`);
    return this.withLoopbackPort(port).withWaitStrategy(Wait.forHttp('/ping', port).forStatusCode(200));
  }

  withOidcProvider(provider: OidcProvider): this {
    this.set('provider', 'oidc').set('oidc-issuer-url', provider.issuerUrl).set('client-id', provider.clientId);
    if (provider.endpoints) {
      this.set('skip-oidc-discovery', 'true')
        .set('login-url', provider.endpoints.authorization)
        .set('redeem-url', provider.endpoints.token)
        .set('oidc-jwks-url', provider.endpoints.jwks);
    }
    if (provider.pkce) this.set('code-challenge-method', 'S256');
    return this.withEnvironment({ OAUTH2_PROXY_CLIENT_SECRET: provider.clientSecret });
  }

  /** Where the IdP sends the browser back: `http://HOST:PORT/oauth2/callback` as the browser sees it. */
  withRedirectUrl(url: string): this {
    return this.set('redirect-url', url);
  }

  /** Session cookie lifetime and refresh interval (0 = never refresh); the refresh must be shorter. */
  withCookieLifetime(expireSeconds: number, refreshSeconds = 0): this {
    return this.set('cookie-expire', `${expireSeconds}s`).set('cookie-refresh', `${refreshSeconds}s`);
  }

  /** `Secure` cookies only over HTTPS (or a secure context such as *.localhost); off for plain HTTP clients. */
  withSecureCookie(secure: boolean): this {
    return this.set('cookie-secure', String(secure));
  }

  /** Proxies authenticated requests to these upstreams (routing by path). */
  withUpstreams(...urls: string[]): this {
    this.flags.set('upstream', urls);
    return this;
  }

  /**
   * Only answers `/oauth2/auth` (202 or 401) and the sign-in endpoints, for nginx
   * `auth_request`; nothing is proxied.
   */
  withAuthOnly(): this {
    return this.withUpstreams('static://202');
  }

  /**
   * On sign-out, oauth2-proxy itself calls the IdP's end-session URL with the session's ID
   * token (`{id_token}` in `url`), so the IdP session ends too, not only the proxy cookie.
   */
  withBackendLogoutUrl(url: string): this {
    return this.set('backend-logout-url', url);
  }

  /** Trusts X-Forwarded-* from the proxy in front (nginx), so redirects name the browser's host. */
  withReverseProxy(): this {
    return this.set('reverse-proxy', 'true');
  }

  /** `/oauth2/auth` answers with X-Auth-Request-User/-Email headers nginx can pass on. */
  withSetXAuthRequest(): this {
    return this.set('set-xauthrequest', 'true');
  }

  withEmailDomains(...domains: string[]): this {
    this.flags.set('email-domain', domains);
    return this;
  }

  /** Straight to the IdP instead of oauth2-proxy's own "Sign in with …" page. */
  withSkipProviderButton(): this {
    return this.set('skip-provider-button', 'true');
  }

  /** Hosts the `rd` parameter may send the browser back to (e.g. `.localhost:*`). */
  withWhitelistDomains(...domains: string[]): this {
    this.flags.set('whitelist-domain', domains);
    return this;
  }

  /**
   * Paths (regular expressions over the request URI) that answer 401 JSON instead of a
   * redirect to the IdP when the session is missing or expired (`--api-route`). In v7.15.6
   * this applies to proxied requests; requests with `Accept: application/json` get the 401
   * already. `/oauth2/auth` always answers 401: with nginx in front, nginx decides.
   */
  withApiRoutes(...pathRegexes: string[]): this {
    this.flags.set('api-route', pathRegexes);
    return this;
  }

  /**
   * The ID token checks oauth2-proxy does as a relying party. Its documented insecure switches
   * turn them off: `--insecure-oidc-skip-issuer-verification` and `--insecure-oidc-skip-nonce`
   * (the latter on by default in v7: the nonce is sent but not verified unless told).
   */
  withIdTokenChecks(checks: { issuer: boolean; nonce: boolean }): this {
    return this.set('insecure-oidc-skip-issuer-verification', String(!checks.issuer)).set('insecure-oidc-skip-nonce', String(!checks.nonce));
  }

  /** Other clients' audiences its ID token check also takes (`--oidc-extra-audience`), as setups sharing one provider client configure it. */
  withExtraAudiences(...audiences: string[]): this {
    this.flags.set('oidc-extra-audience', audiences);
    return this;
  }

  override async start(): Promise<StartedOAuth2ProxyContainer> {
    this.withCommand([...this.flags].flatMap(([flag, values]) => values.map((value) => `--${flag}=${value}`)));
    return new StartedOAuth2ProxyContainer(await super.start(), this.httpPort);
  }

  private set(flag: string, value: string): this {
    this.flags.set(flag, [value]);
    return this;
  }
}

export class StartedOAuth2ProxyContainer extends StartedLoopbackContainer {}
