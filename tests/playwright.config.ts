import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium (never a downloaded browser): the built renderer talks to the
 * real engine and main's handler table through the e2e harness (tests/e2e/harness).
 */
export default defineConfig({
  // Paths are relative to this file (tests/); artifacts still land in the root's test-results/.
  testDir: '.',
  outputDir: '../test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  forbidOnly: true,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    viewport: { width: 1360, height: 840 },
    locale: 'en-US',
    colorScheme: 'light',
    launchOptions: {
      executablePath: process.env.TOKENDESK_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'chromium', testDir: 'e2e' },
    // The real app in the Electron binary (skipped, with the reason, where the binary is not installed).
    { name: 'electron', testDir: 'electron' },
  ],
});
