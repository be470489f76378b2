import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { ElectronApplication, Page } from '@playwright/test';
import { EVENT_CHANNEL_NAMES, REQUEST_CHANNEL_NAMES } from '../../shared/ipc-channels';
import type { TokenDeskApi } from '../../shared/ipc-contract';
import { hasElectronBinary, locateElectron } from '../../electron/launcher/launch-electron.mjs';

// The real app in the real Electron binary: run `npm run build` first. Where the binary is not
// installed (offline machines, CI without the download) this file is skipped and says why.
const electronBinary = locateElectron();
const skipReason =
  `Electron binary not installed: ${electronBinary.binary ?? 'the electron package is missing'} does not exist. ` +
  'Run `node node_modules/electron/install.js` with internet access, or set ELECTRON_OVERRIDE_DIST_PATH.';
if (!hasElectronBinary()) console.warn(`tests/electron skipped. ${skipReason}`);
test.skip(!hasElectronBinary(), skipReason);

const repo = path.resolve(import.meta.dirname, '../..');

declare global {
  interface Window {
    tokendesk?: TokenDeskApi;
  }
}

let app: ElectronApplication;
let page: Page;
let dataDir: string;

test.beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-electron-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  app = await electron.launch({
    executablePath: electronBinary.binary!,
    // Chromium refuses to run as root with its sandbox (containers); the renderer stays isolated.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), path.join(repo, 'dist-electron/main/index.js')],
    env: { ...env, TOKENDESK_DATA_DIR: dataDir },
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterEach(async () => {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
});

test('opens one window titled TokenDesk, served from app://', async () => {
  await expect(page).toHaveTitle('TokenDesk');
  expect(page.url()).toBe('app://tokendesk/index.html');
  expect(app.windows()).toHaveLength(1);
});

test('the page gets exactly the typed API and nothing of Node or Electron', async () => {
  const seen = await page.evaluate(() => ({
    api: Object.keys(window.tokendesk ?? {}).sort(),
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    module: typeof (window as unknown as { module?: unknown }).module,
    ipcRenderer: 'ipcRenderer' in window,
  }));

  expect(seen.api).toEqual([...REQUEST_CHANNEL_NAMES, 'on'].sort());
  expect(seen).toMatchObject({ require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: false });
});

test('requests reach main and come back as values; malformed ones are refused', async () => {
  const answers = await page.evaluate(async () => {
    const api = window.tokendesk!;
    return {
      status: await api['vault:status']({}),
      malformed: await api['accounts:refresh']({ id: 5 as unknown as string }),
      subscribed: (['accounts:changed', 'vault:changed', 'settings:changed', 'app:notified'] as const).map((channel) => typeof api.on(channel, () => undefined)),
    };
  });

  expect(answers.status).toMatchObject({ ok: true, value: { dataDir } });
  expect(answers.malformed).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  expect(answers.subscribed).toEqual(EVENT_CHANNEL_NAMES.map(() => 'function'));
});

test('navigation away and new windows are blocked', async () => {
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  const opened = await page.evaluate(() => window.open('https://example.com/') === null);
  // A round trip through main after the attempts: the page is still ours and still connected.
  const stillConnected = await page.evaluate(async () => (await window.tokendesk!['app:info']({})).ok);

  expect(opened).toBe(true);
  expect(stillConnected).toBe(true);
  expect(page.url()).toBe('app://tokendesk/index.html');
  expect(app.windows()).toHaveLength(1);
});

test('the page is served with the CSP header and every permission is denied', async () => {
  const seen = await page.evaluate(async () => ({
    csp: (await fetch(location.href)).headers.get('content-security-policy'),
    notifications: await Notification.requestPermission(),
  }));

  expect(seen.csp).toContain("default-src 'self'");
  expect(seen.notifications).toBe('denied');
});
