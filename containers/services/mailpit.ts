/**
 * Mailpit: the mail catcher every stack sends its mail to. SMTP on 1025 inside the network;
 * the REST API published on loopback for the mailbox fixture. Chaos is enabled so specs can
 * make SMTP reject (Mailpit's chaos triggers).
 */
import { Wait } from 'testcontainers';
import { goServiceImage } from '../images/go-service.ts';
import type { ImageRecipe } from '../images/recipe.ts';
import { LoopbackContainer, StartedLoopbackContainer } from '../loopback-container.ts';

export const MAILPIT_SMTP_PORT = 1025;

export function mailpitImage(version: string): ImageRecipe {
  return goServiceImage({
    name: 'mailpit',
    version,
    goModule: 'github.com/axllent/mailpit',
    command: '.',
    buildFlags: ['-ldflags', `-s -w -X github.com/axllent/mailpit/config.Version=${version}`],
    binaryPath: '/mailpit',
    cgo: false,
    upstreamRef: `axllent/mailpit:${version}`,
    // Upstream's contract (its Dockerfile): entrypoint /mailpit, ports 1025/1110/8025, sendmail shim.
    // Its HEALTHCHECK's --start-interval is left out: Docker 20.10's builder rejects it.
    contract: [
      'RUN ln -s /mailpit /usr/sbin/sendmail && ln -s /mailpit /usr/local/bin/sendmail',
      'EXPOSE 1025/tcp 1110/tcp 8025/tcp',
      'HEALTHCHECK --interval=15s --start-period=10s CMD ["/mailpit", "readyz"]',
      'ENTRYPOINT ["/mailpit"]',
    ],
  });
}

export class MailpitContainer extends LoopbackContainer {
  private httpPort = 8025;

  constructor(image: string) {
    super(image);
    this.withEnvironment({
      MP_DISABLE_VERSION_CHECK: 'true', // offline: no release check against the internet
      MP_ENABLE_CHAOS: 'true',
      MP_SMTP_AUTH_ACCEPT_ANY: 'true',
      MP_SMTP_AUTH_ALLOW_INSECURE: 'true',
      MP_MAX_MESSAGES: '5000',
    }).withStartupTimeout(60_000);
  }

  /** The HTTP API/UI port, published on 127.0.0.1 at the same number. */
  withHttpPort(port: number): this {
    this.httpPort = port;
    return this.withEnvironment({ MP_UI_BIND_ADDR: `0.0.0.0:${port}` })
      .withLoopbackPort(port)
      .withWaitStrategy(Wait.forHttp('/readyz', port).forStatusCode(200));
  }

  override async start(): Promise<StartedMailpitContainer> {
    return new StartedMailpitContainer(await super.start(), this.httpPort);
  }
}

/** `apiUrl()` is Mailpit's REST API for the test process. */
export class StartedMailpitContainer extends StartedLoopbackContainer {}
