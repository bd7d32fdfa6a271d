/**
 * The hostile OpenID provider: an instrument of authconf's own (the RP-* checks), not a system
 * under test. Its program (containers/hostile-op/server.mjs) runs the `oidc-provider` package
 * and crafts tokens with `jose`; the image is Node from npm with those two packages, built in
 * every image mode since no registry holds it. Client secrets go in through the environment.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Wait } from 'testcontainers';
import { scratchContextImage } from '../images/docker-build.ts';
import { debianBase } from '../images/debian-base.ts';
import { installNode, quietNpm } from '../images/node-app.ts';
import { runStreaming } from '../images/progress.ts';
import type { ImageRecipe } from '../images/recipe.ts';
import { LOCAL_REGISTRY } from '../images/resolve.ts';
import { LoopbackContainer, StartedLoopbackContainer } from '../loopback-container.ts';

const NODE_VERSION = '22.23.3';
const PACKAGES = { 'oidc-provider': '9.13.3', jose: '6.2.18' };

/** The program, from the sources (containers/…) or the installed package (dist/containers/…). */
const PROGRAM = path.resolve(import.meta.dirname, path.extname(import.meta.filename) === '.ts' ? '../..' : '../../..', 'containers/hostile-op/server.mjs');

export function hostileProviderImage(): ImageRecipe {
  const version = `oidc-provider-${PACKAGES['oidc-provider']}`;
  // The program's own hash is part of the recipe: a change to it rebuilds the image.
  const program = createHash('sha256').update(readFileSync(PROGRAM)).digest('hex').slice(0, 12);
  const spec = { name: 'hostile-op', version, upstreamRef: `${LOCAL_REGISTRY}/hostile-op:${version}`, program, packages: PACKAGES };
  return scratchContextImage({
    spec,
    base: debianBase(),
    lines: ['COPY node/bin/node /usr/local/bin/node', 'COPY op/ /op/', 'WORKDIR /op', 'USER 65532:65532', 'CMD ["node", "/op/server.mjs"]'],
    async prepare(context, progress) {
      await installNode(context, NODE_VERSION, progress);
      const op = path.join(context, 'op');
      await mkdir(op);
      progress(`npm install ${Object.entries(PACKAGES).map(([name, v]) => `${name}@${v}`).join(' ')}`);
      await runStreaming('npm', ['install', ...quietNpm, '--omit=dev', '--prefix', op, ...Object.entries(PACKAGES).map(([name, v]) => `${name}@${v}`)], progress);
      await cp(PROGRAM, path.join(op, 'server.mjs'));
    },
  });
}

/** A client the provider knows; its one redirect URI is exact. */
export interface HostileProviderClient {
  clientId: string;
  secret: string;
  redirectUri: string;
}

export class HostileProviderContainer extends LoopbackContainer {
  private httpPort = 0;

  constructor(image: string) {
    super(image);
    this.withStartupTimeout(30_000);
  }

  /** Serves `issuer` (http://NAME.localhost:PORT) on PORT, published on loopback at the same number. */
  withIssuer(issuer: string, clients: readonly HostileProviderClient[]): this {
    this.httpPort = Number(new URL(issuer).port);
    return this.withEnvironment({
      ISSUER: issuer,
      OP_CLIENTS: JSON.stringify(clients.map((c) => ({ client_id: c.clientId, client_secret: c.secret, redirect_uris: [c.redirectUri] }))),
    })
      .withLoopbackPort(this.httpPort)
      .withWaitStrategy(Wait.forHttp('/.well-known/openid-configuration', this.httpPort).forStatusCode(200));
  }

  override async start(): Promise<StartedHostileProviderContainer> {
    return new StartedHostileProviderContainer(await super.start(), this.httpPort);
  }
}

/** `apiUrl()` reaches the provider, and its admin API, from the test process. */
export class StartedHostileProviderContainer extends StartedLoopbackContainer {}
