/**
 * What `authconf init` writes into a maintainer's repository. The target file is valid as
 * written (so `authconf targets` accepts it at once) and says in comments what to finish.
 */
export interface TargetAnswers {
  id: string;
  name: string;
  /** Upstream image reference; `{version}` stands for the run's version. */
  image: string;
  version: string;
  /** The port the app listens on inside its container. */
  port: number;
  health: string;
  loginUrl: string;
}

export function configFile(answers: TargetAnswers): string {
  return `# authconf's configuration for this repository: the targets it registers and the run's
# defaults. \`npx authconf targets\` lists them; \`npx authconf run\` runs the checks.
targets:
  - ./authconf/${answers.id}.yaml
run:
  target: ${answers.id}
`;
}

const quoted = (text: string) => JSON.stringify(text);

export function targetFile(a: TargetAnswers): string {
  return `# yaml-language-server: $schema=../node_modules/authconf/authconf-target.schema.json
#
# ${a.name} as an authconf target. Written by \`authconf init\`: finish what the comments say,
# then \`npx authconf targets ${a.id}\` checks the file. Every field: docs/add-a-target.md in the
# authconf package (node_modules/authconf/docs/add-a-target.md).
id: ${a.id}
displayName: ${quoted(a.name)}
homepage: https://example.org # your app's homepage
versions:
  default: ${quoted(a.version)}
  supported: [${quoted(a.version)}]
# What the checks may use: password-login, cookie-session, logout, totp, password-reset.
capabilities: [password-login, cookie-session, logout]

services:
  app:
    image:
      upstream: ${quoted(a.image)}
      # Without a container registry, a local recipe builds an image with the same contract,
      # e.g. from a Go module: { goModule: example.org/app, version: "v{version}", binary: /usr/bin/app }
    port: ${a.port} # where the app listens in its container (or use {port} in its environment)
    environment:
      BASE_URL: "{url}" # the app's URL, the same for the browser and the other containers
    health: ${a.health}
    # A database: add a service, e.g.
    #   db: { postgres: { database: app, user: app, password: "{secret.db}" } }
    # and \`dependsOn: [db]\` here.

# How a fresh account is made for every test: a command in the app's container (the password
# only in its environment), an HTTP request (\`http:\`), or the app's sign-up page (\`signUp:\`).
account:
  login: user-{random}
  command:
    run: [sh, -c, 'echo "authconf: tell authconf/${a.id}.yaml how to create the account {login}" >&2; exit 1']
    environment: { PASSWORD: "{password}" }

# The sign-in page, by what a user sees: labels, roles and names (Playwright's locators).
signIn:
  url: ${a.loginUrl}
  login: { label: Username }
  password: { label: Password }
  submit: { role: button, name: Sign in }
  error: { role: alert } # the message a failed sign-in shows
signedIn:
  url: / # a page that needs a session
  marker: { role: button, name: Sign out } # shown only when signed in
signOut:
  click: { role: button, name: Sign out }
session:
  cookie: session # the cookie that carries the signed-in session
`;
}

export function ciWorkflow(a: TargetAnswers): string {
  return `# authconf in GitHub Actions: the conformance checks of ${a.name} on every pull request and
# push to main, with the upstream images (hosted runners reach the container registry).
# Reports (HTML, conformance.json, JUnit) are uploaded whatever the verdicts.
name: authconf

on:
  pull_request:
  push:
    branches: [main]

jobs:
  conformance:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    strategy:
      fail-fast: false # one version FAILing must not hide the others
      matrix:
        version: [${quoted(a.version)}]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 22
          cache: npm
      - run: npm ci
      - name: Chromium (Playwright's own build on hosted runners)
        run: |
          npx playwright install --with-deps chromium
          echo "AUTHCONF_CHROMIUM=$(node -p "require('@playwright/test').chromium.executablePath()")" >> "$GITHUB_ENV"
      - name: Firefox (the runner image's own release, driven over WebDriver BiDi; authconf refuses one older than 153)
        run: echo "AUTHCONF_FIREFOX=$(command -v firefox)" >> "$GITHUB_ENV"
      - name: Conformance run
        # The exit code is kept for later: the reports must be uploaded either way.
        run: npx authconf run --version \${{ matrix.version }} --image-mode upstream --report-dir reports/\${{ matrix.version }} || echo "exit=$?" >> "$GITHUB_OUTPUT"
        id: run
        env:
          AUTHCONF_SKIP_SETUP: '1' # the runner has Docker and Node; setup is for Debian machines
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: authconf-\${{ matrix.version }}
          path: reports/\${{ matrix.version }}
          retention-days: 14
      - name: Fail when a check FAILed
        if: steps.run.outputs.exit != ''
        run: exit \${{ steps.run.outputs.exit }}
`;
}
