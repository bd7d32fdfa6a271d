/**
 * GoatCounter (web analytics; our MFA clock-drift case). Plain HTTP on a loopback port,
 * SQLite in its upstream data path, mail to the stack's Mailpit. Sites and users are made
 * with GoatCounter's own CLI inside the running container, the password typed at its prompt.
 */
import { Wait } from 'testcontainers';
import { goServiceImage } from '../images/go-service.ts';
import type { ImageRecipe } from '../images/recipe.ts';
import type { PromptAnswer } from '../exec-input.ts';
import { LoopbackContainer, StartedLoopbackContainer } from '../loopback-container.ts';

const DATA_DIR = '/home/goatcounter/goatcounter-data';
const DB = `sqlite+${DATA_DIR}/db.sqlite3`;

export function goatcounterImage(version: string): ImageRecipe {
  return goServiceImage({
    name: 'goatcounter',
    version,
    goModule: 'zgo.at/goatcounter/v2',
    command: './cmd/goatcounter',
    // Upstream's release flags: static, with the C SQLite driver compiled in.
    buildFlags: ['-tags', 'osusergo,netgo,sqlite_omit_load_extension', '-ldflags', `-extldflags=-static -X zgo.at/goatcounter/v2.Version=${version}`],
    binaryPath: '/usr/bin/goatcounter',
    cgo: true,
    upstreamRef: `arp242/goatcounter:${version.replace(/^v/, '')}`,
    // Upstream's contract (its Dockerfile): user goatcounter, data volume, `serve -automigrate`.
    contract: [
      `RUN useradd --create-home --user-group goatcounter && install -d -o goatcounter -g goatcounter ${DATA_DIR}`,
      'USER goatcounter',
      'WORKDIR /home/goatcounter',
      `VOLUME ${DATA_DIR}`,
      'EXPOSE 80 443 8080',
      'ENTRYPOINT ["goatcounter"]',
      'CMD ["serve", "-automigrate"]',
    ],
  });
}

export class GoatCounterContainer extends LoopbackContainer {
  private httpPort = 8080;

  constructor(image: string) {
    super(image);
    this.withEnvironment({ GOATCOUNTER_TLS: 'http', GOATCOUNTER_DB: DB, GOATCOUNTER_AUTOMIGRATE: 'true' }).withStartupTimeout(60_000);
  }

  withHttpPort(port: number): this {
    this.httpPort = port;
    return this.withEnvironment({ GOATCOUNTER_LISTEN: `:${port}` })
      .withLoopbackPort(port)
      .withWaitStrategy(Wait.forHttp('/status', port).forStatusCode(200));
  }

  /** `smtp://host:port`, or `stdout` (GoatCounter's default: mails only logged). */
  withSmtp(url: string, from: string): this {
    return this.withEnvironment({ GOATCOUNTER_SMTP: url, GOATCOUNTER_EMAIL_FROM: from });
  }

  /** `-ratelimit` (e.g. `login:20/60`: sign-ins per client address and minute). */
  withRateLimit(spec: string): this {
    return this.withEnvironment({ GOATCOUNTER_RATELIMIT: spec });
  }

  override async start(): Promise<StartedGoatCounterContainer> {
    return new StartedGoatCounterContainer(await super.start(), this.httpPort);
  }
}

export class StartedGoatCounterContainer extends StartedLoopbackContainer {
  /** Runs `goatcounter ARGS` inside the container; throws a CliError when it fails. */
  executeCliCmd(args: string[]): Promise<string> {
    return this.runCli(['goatcounter', ...args]);
  }

  async createSite(vhost: string, owner: { email: string; password: string }): Promise<void> {
    await this.runCliTyping(['goatcounter', 'db', 'create', 'site', '-db', DB, '-vhost', vhost, '-user.email', owner.email], passwordPrompts(owner.password));
  }

  async createUser(vhost: string, user: { email: string; password: string }): Promise<void> {
    await this.runCliTyping(['goatcounter', 'db', 'create', 'user', '-db', DB, '-site', vhost, '-email', user.email, '-access', 'admin'], passwordPrompts(user.password));
  }
}

/**
 * Without `-password`, GoatCounter asks for the password twice at the terminal (zli's
 * AskPassword; reading it from stdin with `-password -` came after 2.7.0).
 */
function passwordPrompts(password: string): PromptAnswer[] {
  return [
    { prompt: /Enter password/, answer: password },
    { prompt: /Confirm:/, answer: password },
  ];
}
