/**
 * nginx as a reverse proxy in front of an app (Debian's package; upstream `nginx` image
 * contract: config in /etc/nginx/conf.d, logs to stdout/stderr, `nginx -g 'daemon off;'`).
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

export class NginxContainer extends LoopbackContainer {
  constructor(image: string) {
    super(image);
    this.withStartupTimeout(30_000);
  }

  withReverseProxy(port: number, options: ReverseProxyOptions): this {
    const proxy = [
      `    proxy_pass ${options.upstream};`,
      '    proxy_set_header Host $http_host;',
      '    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      ...(options.cookieFlags ? [`    proxy_cookie_flags ${options.cookieFlags};`] : []),
    ];
    const failing = options.failPostsMatching
      ? [`  location ~ ${options.failPostsMatching} {`, `    if ($request_method = POST) { return ${options.failPostsStatus ?? 500}; }`, ...proxy, '  }']
      : [];
    const config = ['server {', `  listen ${port};`, ...failing, '  location / {', ...proxy, '  }', '}'].join('\n');
    return this.withCopyContentToContainer([{ content: config, target: '/etc/nginx/conf.d/default.conf' }])
      .withLoopbackPort(port)
      .withWaitStrategy(Wait.forListeningPorts());
  }
}
