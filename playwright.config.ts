/**
 * The conformance run: specs/ against the target chosen in .env (AUTHCONF_*), one stack per
 * worker, HTML report in reports/html, verdicts in reports/conformance.json.
 */
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { projectUse } from './fixtures/browser-launch.ts';
import { ConfigError, runConfig, runLabel } from './fixtures/config.ts';
import { targetRegistry } from './fixtures/targets/registry.ts';

/**
 * A module of this suite by absolute path: `.ts` in a source checkout, `.js` in the installed
 * package (dist/), whichever this config file is.
 */
const own = (module: string) => path.join(import.meta.dirname, `${module}${path.extname(import.meta.filename)}`);

// Ryuk (Testcontainers' reaper) cannot be pulled offline; authconf removes what it creates.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
// The runner's pid owns this run's containers; workers inherit it.
process.env.AUTHCONF_OWNER_PID ??= String(process.pid);

const config = (() => {
  try {
    return runConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`\n${error.message}\nNothing was started. See .env.example for every variable.\n`);
    process.exit(2);
  }
})();

// A target with a heavy stack or checks that wait for expiry says how to pace its run.
const pace = targetRegistry().profile(config.target).run;
const ownSpecs = targetRegistry().config?.specsDir;

export default defineConfig({
  testDir: './specs',
  // In the working directory, like the reports: never inside the installed package.
  outputDir: path.resolve('test-results'),
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0, // a conformance verdict is what happened the first time
  workers: pace?.workers ?? 2,
  timeout: (pace?.testSeconds ?? 60) * 1000,
  expect: { timeout: 10_000 },
  globalSetup: own('fixtures/global-setup'),
  globalTeardown: own('fixtures/global-teardown'),
  // Which target, version and faults: tells the runs apart once merge-reports joins them.
  tag: `@${runLabel(config)}`,
  reporter: [
    ['list'],
    // Before the HTML report: its onEnd copies the traces that this one scrubs of secrets first.
    [own('fixtures/verdicts/reporter')],
    ['html', { outputFolder: path.join(config.reportDir, 'html'), open: 'never' }],
    ['json', { outputFile: path.join(config.reportDir, 'results.json') }],
    ['junit', { outputFile: path.join(config.reportDir, 'junit.xml') }],
    ...(config.blobReport ? [['blob', { outputDir: path.join(config.reportDir, 'blob') }] as const] : []),
  ],
  use: {
    screenshot: 'only-on-failure',
    // A page that never finishes loading is a finding with a name, not a check timing out.
    navigationTimeout: 45_000,
    // Kept for failed checks, scrubbed of every secret of the run before a report copies them.
    // DOM snapshots of each step, no screencast: filming every page cost ~15 % of the run's CPU
    // (the failure screenshot is still taken).
    trace: { mode: 'retain-on-failure', screenshots: false },
    video: 'off',
  },
  // Where a browser cannot run here its checks are reported SKIPPED with the reason
  // (fixtures/browsers.ts). The maintainer's own specs (authconf/specs beside their
  // configuration file) run as a project of their own per browser, with the same fixtures
  // (imported from 'authconf/test').
  projects: config.browsers.flatMap((browser) => {
    const project = { name: browser, use: projectUse(browser, config) };
    return ownSpecs ? [project, { ...project, name: `${browser}-own-specs`, testDir: ownSpecs }] : [project];
  }),
});
