/**
 * nginx in front of an app (Debian's package; upstream `nginx` image contract: config in
 * /etc/nginx/conf.d, logs to stdout/stderr, `nginx -g 'daemon off;'`): a plain reverse proxy
 * (which faults can make misbehave), or a forward-auth front that asks oauth2-proxy about
 * every request with `auth_request`.
 */
import { Wait } from 'testcontainers';
import { debianPackageImage } from '../images/debian-packages.ts';
import type { ImageRecipe } from '../images/recipe.ts';
import { LoopbackContainer } from '../loopback-container.ts';

export function nginxImage(): ImageRecipe {
  return debianPackageImage({
    name: 'nginx',
    tag: 'bookworm',
    packages: ['nginx'],
    upstreamRef: 'nginx:1.22',
    contract: [
      'RUN rm -f /etc/nginx/sites-enabled/default && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log',
      'EXPOSE 80',
      'STOPSIGNAL SIGQUIT',
      'CMD ["nginx", "-g", "daemon off;"]',
    ],
  });
}

export interface ReverseProxyOptions {
  /** Where requests go, e.g. `http://app.goatcounter.localhost:8080`. */
  upstream: string;
  /**
   * nginx `proxy_cookie_flags` arguments applied to every Set-Cookie on the way out, e.g.
   * `~ nohttponly nosecure nosamesite` (a proxy that strips protective cookie flags).
   */
  cookieFlags?: string;
  /** A regular expression of paths whose POSTs the proxy answers itself, with `failPostsStatus`. */
  failPostsMatching?: string;
  /** The status of those answers (500 unless given). */
  failPostsStatus?: number;
}

/**
 * What a request without a valid proxy session gets.
 * - `redirect`: the classic documented setup — every request, XHR/fetch included, gets a 302
 *   to `/oauth2/start?rd=<original URI>`, which sends it on to the IdP (cross-origin). This is
 *   what our Actual-behind-Authentik case met.
 * - `background-401`: navigations still get the 302; requests that are not navigations get
 *   a 401 the app can act on.
 */
export type UnauthenticatedAnswer = 'redirect' | 'background-401';

export interface ForwardAuthOptions {
  /** The protected app, e.g. `http://app.actual.localhost:5006`. */
  upstream: string;
  /** oauth2-proxy (auth-only mode), e.g. `http://auth.localhost:4180`. */
  authProxy: string;
  unauthenticated: UnauthenticatedAnswer;
  /**
   * With `background-401`: paths (a regular expression over the URI) that get the 401 even
   * without the request headers that mark background requests.
   */
  apiPaths?: string;
  /**
   * With `background-401`: the JSON body of that 401 (`{}` unless given, as oauth2-proxy's
   * own API routes answer). An app may need its own error shape to act on it.
   */
  backgroundBody?: string;
  /**
   * Sends the user back to the page asked for after sign-in (`rd`); false sends every sign-in
   * to `/` (a front whose redirect lost the original URI).
   */
  returnToOriginalUri?: boolean;
  /**
   * Answers the app's service worker script (`/sw.js`) with 404, so the worker never installs
   * and every navigation reaches the proxy (a worker that answers navigations from its cache
   * takes them away from forward auth).
   */
  blockServiceWorker?: boolean;
  /**
   * Caches oauth2-proxy's answers for this many seconds, keyed by the request's cookies, as
   * guides suggest to spare the auth round trip: a session then passes for that long whatever
   * the proxy or the IdP decide meanwhile (a fault: negative controls only).
   */
  cacheAuthAnswersSeconds?: number;
}

export class NginxContainer extends LoopbackContainer {
  constructor(image: string) {
    super(image);
    this.withStartupTimeout(30_000);
  }

  withReverseProxy(port: number, options: ReverseProxyOptions): this {
    const proxy = proxyTo(options.upstream, options.cookieFlags);
    const failing = options.failPostsMatching
      ? [`  location ~ ${options.failPostsMatching} {`, `    if ($request_method = POST) { return ${options.failPostsStatus ?? 500}; }`, ...proxy, '  }']
      : [];
    return this.withServer(port, ['server {', `  listen ${port};`, ...failing, '  location / {', ...proxy, '  }', '}']);
  }

  /**
   * Every request to the app first goes to oauth2-proxy's `/oauth2/auth` (202 lets it
   * through, 401 sends it to sign-in); `/oauth2/*` (start, callback, sign_out) is
   * oauth2-proxy itself, under the app's own host so its cookie is the app's.
   */
  withForwardAuth(port: number, options: ForwardAuthOptions): this {
    const toAuthProxy = [`    proxy_pass ${options.authProxy};`, '    proxy_set_header Host $http_host;', '    proxy_set_header X-Forwarded-Proto $scheme;', '    proxy_set_header X-Forwarded-Host $http_host;', '    proxy_set_header X-Real-IP $remote_addr;'];
    const background = options.unauthenticated === 'background-401' ? backgroundRequestMaps(options.apiPaths) : [];
    const cache = options.cacheAuthAnswersSeconds;
    return this.withServer(port, [
      ...background,
      ...(cache ? ['proxy_cache_path /tmp/authconf-auth-cache keys_zone=authconf_auth:1m;'] : []),
      'server {',
      `  listen ${port};`,
      // A relative Location stays on whatever host:port the browser used.
      '  absolute_redirect off;',
      '  location /oauth2/ {',
      ...toAuthProxy,
      '  }',
      '  location = /oauth2/auth {',
      ...toAuthProxy,
      '    proxy_set_header X-Forwarded-Uri $request_uri;',
      '    proxy_pass_request_body off;',
      '    proxy_set_header Content-Length "";',
      ...(cache
        ? ['    proxy_cache authconf_auth;', '    proxy_cache_key $http_cookie;', `    proxy_cache_valid 202 401 ${cache}s;`, '    proxy_ignore_headers Cache-Control Expires Set-Cookie;']
        : []),
      '  }',
      ...(options.blockServiceWorker ? ['  location = /sw.js {', '    return 404;', '  }'] : []),
      '  location / {',
      '    auth_request /oauth2/auth;',
      '    error_page 401 = @unauthenticated;',
      // A refreshed session cookie comes back on the auth subrequest; the browser must get it.
      '    auth_request_set $auth_cookie $upstream_http_set_cookie;',
      '    add_header Set-Cookie $auth_cookie;',
      '    auth_request_set $auth_user $upstream_http_x_auth_request_user;',
      '    auth_request_set $auth_email $upstream_http_x_auth_request_email;',
      '    proxy_set_header X-Auth-Request-User $auth_user;',
      '    proxy_set_header X-Auth-Request-Email $auth_email;',
      ...proxyTo(options.upstream),
      '  }',
      '  location @unauthenticated {',
      // The same answer oauth2-proxy gives its own API routes (JSON `{}`), so a check sees one
      // behaviour whichever of the two fronts the stack uses.
      ...(background.length ? ['    default_type application/json;', `    if ($authconf_background) { return 401 '${options.backgroundBody ?? '{}'}'; }`] : []),
      // The original URI unescaped, as the documented examples do: fine for path-only URIs.
      options.returnToOriginalUri === false ? '    return 302 /oauth2/start;' : '    return 302 /oauth2/start?rd=$request_uri;',
      '  }',
      '}',
    ]);
  }

  private withServer(port: number, config: string[]): this {
    return this.withCopyContentToContainer([{ content: config.join('\n'), target: '/etc/nginx/conf.d/default.conf' }])
      .withLoopbackPort(port)
      .withWaitStrategy(Wait.forListeningPorts());
  }
}

function proxyTo(upstream: string, cookieFlags?: string): string[] {
  return [
    `    proxy_pass ${upstream};`,
    '    proxy_set_header Host $http_host;',
    '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    ...(cookieFlags ? [`    proxy_cookie_flags ${cookieFlags};`] : []),
  ];
}

/**
 * `$authconf_background` is 1 for requests that are not top-level navigations: Fetch
 * Metadata says so (`Sec-Fetch-Mode` other than `navigate` — what Actual's worker sends on
 * its fetches), or the older markers (`X-Requested-With`, `Accept: application/json`), or
 * the path is an API path. Clients that send none of these count as navigations.
 */
function backgroundRequestMaps(apiPaths?: string): string[] {
  return [
    'map $http_sec_fetch_mode $authconf_fetch { default 1; "" 0; navigate 0; }',
    'map $http_x_requested_with $authconf_xhr { default 1; "" 0; }',
    'map $http_accept $authconf_json { default 0; "~*application/json" 1; }',
    `map $uri $authconf_api { default 0; ${apiPaths ? `"~${apiPaths}" 1;` : ''} }`,
    'map "$authconf_fetch$authconf_xhr$authconf_json$authconf_api" $authconf_background { default 1; "0000" 0; }',
  ];
}
