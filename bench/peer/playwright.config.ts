import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  workers: 2,
  reporter: 'list',
  globalSetup: './goatcounter.ts',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.AUTHCONF_CHROMIUM ?? '/usr/bin/chromium' },
  },
});
