/**
 * A container registry (the CNCF distribution registry, Debian's `docker-registry` package;
 * upstream `registry:2` contract: `registry serve /etc/docker/registry/config.yml`, port
 * 5000, blobs in /var/lib/registry). It stands in for the registry a user pulls upstream
 * images from, so the upstream image path runs here too: Docker pulls from a registry on
 * 127.0.0.0/8 over plain HTTP without configuration.
 */
import { Wait } from 'testcontainers';
import { debianPackageImage } from '../images/debian-packages.ts';
import type { ImageRecipe } from '../images/recipe.ts';
import { LoopbackContainer } from '../loopback-container.ts';

const PORT = 5000;
const UPSTREAM_CONFIG = [
  'version: 0.1',
  'storage:',
  '  cache: { blobdescriptor: inmemory }',
  '  filesystem: { rootdirectory: /var/lib/registry }',
  `http: { addr: ":${PORT}" }`,
];

export function registryImage(): ImageRecipe {
  return debianPackageImage({
    name: 'registry',
    tag: 'bookworm',
    packages: ['docker-registry'],
    upstreamRef: 'registry:2',
    contract: [
      // Upstream's configuration: Debian's asks for htpasswd logins and keeps blobs elsewhere.
      `RUN printf '%s\\n' ${UPSTREAM_CONFIG.map((line) => `'${line}'`).join(' ')} > /etc/docker/registry/config.yml`,
      'VOLUME /var/lib/registry',
      `EXPOSE ${PORT}`,
      'ENTRYPOINT ["/usr/bin/docker-registry", "serve"]',
      'CMD ["/etc/docker/registry/config.yml"]',
    ],
  });
}

export class RegistryContainer extends LoopbackContainer {
  /** Serves on 127.0.0.1:`port` (Docker's pushes and pulls reach it there, from the host). */
  constructor(image: string, port: number) {
    super(image);
    this.withLoopbackPort(port, PORT)
      .withWaitStrategy(Wait.forHttp('/v2/', PORT).forStatusCode(200))
      .withStartupTimeout(30_000);
  }
}
