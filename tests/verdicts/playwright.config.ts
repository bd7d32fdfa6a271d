/**
 * Small fixture specs (no containers) run through authconf's real reporters, so the tests
 * can assert how outcomes become verdicts.
 */
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const reportDir = process.env.AUTHCONF_REPORT_DIR ?? 'reports';

export default defineConfig({
  testDir: './fixture-specs',
  workers: 1,
  retries: 0,
  projects: [{ name: 'chromium' }],
  reporter: [
    ['list'],
    ['../../fixtures/verdicts/reporter.ts'],
    ['html', { outputFolder: path.join(reportDir, 'html'), open: 'never' }],
    ['junit', { outputFile: path.join(reportDir, 'junit.xml') }],
  ],
});
