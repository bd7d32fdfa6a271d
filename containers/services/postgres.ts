/**
 * PostgreSQL, the database of apps that need one (Miniflux). Not browser-facing: the stack
 * reaches it by its network alias at 5432, nothing is published. Local image from Debian's
 * own `postgresql-15` package (bookworm carries 15, trixie 17), honouring the contract of
 * the upstream `postgres` image: POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB (and
 * POSTGRES_PASSWORD_FILE, POSTGRES_HOST_AUTH_METHOD, POSTGRES_INITDB_ARGS), data in PGDATA
 * (/var/lib/postgresql/data), user postgres (999), port 5432 on all addresses, password
 * (scram-sha-256) for network clients, `postgres` run by docker-entrypoint.sh. Not carried
 * over: /docker-entrypoint-initdb.d scripts, POSTGRES_INITDB_WALDIR; the locale is C.UTF-8
 * (upstream: en_US.utf8), so databases are UTF8 as upstream's are.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AbstractStartedContainer, GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { debianBase } from '../images/debian-base.ts';
import { aptInstall } from '../images/debian-packages.ts';
import { scratchContextImage } from '../images/docker-build.ts';
import type { ImageRecipe } from '../images/recipe.ts';

export const POSTGRES_PORT = 5432;
const PGDATA = '/var/lib/postgresql/data';

/**
 * What the suite relies on of upstream's docker-entrypoint.sh (POSIX sh instead of bash,
 * setpriv from util-linux instead of gosu).
 */
const ENTRYPOINT_SCRIPT = `#!/bin/sh
# The first-start part of the upstream postgres image's docker-entrypoint.sh, for Debian's package.
set -eu
if [ "\${1#-}" != "$1" ]; then set -- postgres "$@"; fi
if [ "$1" != postgres ]; then exec "$@"; fi
if [ "$(id -u)" = 0 ]; then
  # An empty volume belongs to root: prepare PGDATA, then run as postgres (upstream uses gosu).
  mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -n "\${POSTGRES_PASSWORD_FILE:-}" ]; then POSTGRES_PASSWORD=$(cat "$POSTGRES_PASSWORD_FILE"); fi
  : "\${POSTGRES_USER:=postgres}" "\${POSTGRES_DB:=$POSTGRES_USER}" "\${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
  if [ -n "\${POSTGRES_PASSWORD:-}" ]; then
    # The password reaches initdb through a pipe (printf is a shell builtin): never on a command line.
    printf '%s\\n' "$POSTGRES_PASSWORD" | initdb --username="$POSTGRES_USER" --pwfile=/dev/stdin \${POSTGRES_INITDB_ARGS:-}
  elif [ "$POSTGRES_HOST_AUTH_METHOD" = trust ]; then
    initdb --username="$POSTGRES_USER" \${POSTGRES_INITDB_ARGS:-}
  else
    echo >&2 'error: POSTGRES_PASSWORD is not set (as upstream: set it, or POSTGRES_HOST_AUTH_METHOD=trust)'; exit 1
  fi
  echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
  echo "host all all all $POSTGRES_HOST_AUTH_METHOD" >> "$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    # As upstream: a temporary server on the socket only (no TCP, so no client sees it) creates the database.
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start
    echo 'CREATE DATABASE :"db";' | psql -v ON_ERROR_STOP=1 --username="$POSTGRES_USER" --dbname=postgres --set=db="$POSTGRES_DB"
    pg_ctl -D "$PGDATA" -m fast -w stop
  fi
fi
exec "$@"
`;

export function postgresImage(major = '15', base: ImageRecipe = debianBase()): ImageRecipe {
  const bin = `/usr/lib/postgresql/${major}/bin`;
  // The script is COPYed, so its hash goes into the Dockerfile (and the recipe's fingerprint).
  const scriptHash = createHash('sha256').update(ENTRYPOINT_SCRIPT).digest('hex').slice(0, 16);
  return scratchContextImage({
    spec: { name: 'postgres', version: major, upstreamRef: `postgres:${major}` },
    base,
    lines: [
      // Upstream's uid/gid 999, made before the package would pick a system uid of its own.
      'RUN groupadd -r postgres --gid=999 && useradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres && install -d -o postgres -g postgres /var/lib/postgresql',
      // As upstream: no cluster of Debian's own (/etc/postgresql/N/main); PGDATA is made at first start.
      aptInstall(['postgresql-common']),
      "RUN sed -ri 's/#(create_main_cluster) .*$/\\1 = false/' /etc/postgresql-common/createcluster.conf",
      aptInstall([`postgresql-${major}`]),
      `RUN install -d -o postgres -g postgres -m 3777 /var/run/postgresql && install -d -o postgres -g postgres -m 1777 ${PGDATA}`,
      // The imported base has no ENV PATH to extend: the default one, then the server's bin (as upstream).
      `ENV PG_MAJOR=${major} LANG=C.UTF-8 PGDATA=${PGDATA} PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:${bin}`,
      `# docker-entrypoint.sh sha256 ${scriptHash}`,
      'COPY docker-entrypoint.sh /usr/local/bin/',
      `VOLUME ${PGDATA}`,
      'ENTRYPOINT ["docker-entrypoint.sh"]',
      'STOPSIGNAL SIGINT',
      `EXPOSE ${POSTGRES_PORT}`,
      'CMD ["postgres"]',
    ],
    async prepare(context) {
      await writeFile(path.join(context, 'docker-entrypoint.sh'), ENTRYPOINT_SCRIPT, { mode: 0o755 });
    },
  });
}

export interface PostgresDatabase {
  name: string;
  user: string;
  password: string;
}

/** `postgres://USER:PASSWORD@HOST:5432/NAME?sslmode=disable`, for clients inside the network (HOST: the alias). */
export function postgresUrl(host: string, db: PostgresDatabase): string {
  const e = encodeURIComponent;
  return `postgres://${e(db.user)}:${e(db.password)}@${host}:${POSTGRES_PORT}/${e(db.name)}?sslmode=disable`;
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export class PostgresContainer extends GenericContainer {
  private db: PostgresDatabase = { name: 'postgres', user: 'postgres', password: randomBytes(12).toString('hex') };

  constructor(image: string) {
    super(image);
    this.withDatabase(this.db.name, this.db.user, this.db.password).withStartupTimeout(60_000);
  }

  /** The database, and its owner (the superuser, as upstream's POSTGRES_USER is), created on first start. */
  withDatabase(name: string, user: string, password: string): this {
    this.db = { name, user, password };
    return this.withEnvironment({ POSTGRES_DB: name, POSTGRES_USER: user, POSTGRES_PASSWORD: password }).withWaitStrategy(
      // Over TCP: the first-start temporary server listens on the socket only, and upstream
      // logs 'ready to accept connections' for it too. pg_isready sends no password.
      Wait.forSuccessfulCommand(`pg_isready -q -h 127.0.0.1 -p ${POSTGRES_PORT} -U ${shellQuote(user)} -d ${shellQuote(name)}`),
    );
  }

  override async start(): Promise<StartedPostgresContainer> {
    return new StartedPostgresContainer(await super.start(), this.db);
  }
}

export class StartedPostgresContainer extends AbstractStartedContainer {
  constructor(
    started: StartedTestContainer,
    readonly database: PostgresDatabase,
  ) {
    super(started);
  }

  /** The URL other containers use, by this container's network alias. */
  url(host: string): string {
    return postgresUrl(host, this.database);
  }
}
