import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import type { Settings } from '../../../shared/settings';
import { startBackend, type Backend, type BackendOptions } from './backend';
import { preloadInitScript } from './preload-script';
import { startRendererServer, type RendererServer } from './static-server';

const screenshotDir = path.resolve(import.meta.dirname, '../../output/screenshots');

/** Saves a screenshot of the window under tests/output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/**
 * A screenshot without the toasts, which cover the details pane, once the fonts are ready. A handle, since
 * a hidden region no longer answers to its role, and toasts are hidden by style rather than removed:
 * React owns them, and removing them by hand makes its own later removal throw.
 */
export async function screenshotWithoutToasts(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
  const toasts = await page.getByRole('region', { name: /Notifications|通知/ }).elementHandle();
  await toasts?.evaluate((el) => ((el as HTMLElement).style.visibility = 'hidden'));
  await screenshot(page, name);
  await toasts?.evaluate((el) => ((el as HTMLElement).style.visibility = ''));
  await toasts?.dispose();
}

/** Every theme in every UI language, for the specs that look at each. */
export const THEME_LANGUAGE_VARIANTS = [
  { theme: 'light', language: 'en' },
  { theme: 'dark', language: 'en' },
  { theme: 'light', language: 'zh-CN' },
  { theme: 'dark', language: 'zh-CN' },
] as const satisfies ReadonlyArray<Pick<Settings, 'theme' | 'language'>>;

interface TestFixtures {
  /** How the test's vault starts (override with `test.use({ backendOptions: … })`). */
  backendOptions: BackendOptions;
  /** The real engine and handler table on a fresh temp data dir. */
  backend: Backend;
  /** Errors the page logged; the test fails if any remain at its end. */
  pageErrors: string[];
  /** Opens the window: connects `window.tokendesk` and loads the built renderer. */
  openApp: () => Promise<Page>;
}

interface WorkerFixtures {
  renderer: RendererServer;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  renderer: [
    // Playwright reads the fixtures a function needs from its first parameter: none here.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startRendererServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  backendOptions: [{}, { option: true }],
  backend: async ({ backendOptions }, use) => {
    const backend = await startBackend(backendOptions);
    await use(backend);
    await backend.close();
  },
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      // Every console error fails the test, with no exception.
      if (message.type() !== 'error') return;
      errors.push(`console.error: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    await use(errors);
    expect(errors, 'the page logged errors').toEqual([]);
  },
  openApp: async ({ page, backend, renderer, pageErrors }, use) => {
    void pageErrors;
    let connected = false;
    await use(async () => {
      if (!connected) {
        await page.addInitScript({ content: await preloadInitScript() });
        await backend.connect(page);
        connected = true;
      }
      await page.goto(renderer.url);
      return page;
    });
  },
});

export { expect };
