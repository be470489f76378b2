// Boots electron/main/index.ts against the Electron stand-in for one desktop-life scenario
// (DESKTOP_SCENARIO), acts like the user and the OS, and prints one JSON report on stdout.
// Run by tests/unit/main-desktop-life.test.ts:
//   node --import tsx --import ./register.mjs desktop-driver.ts
import process from 'node:process';
import { safeStorage } from 'electron';
import { openCore, systemClock } from '../../../../electron/core';
import { translator } from '../../../../shared/i18n';
import { createSafeStorageBox } from '../../../../electron/main/safe-storage';
import type { AccountView, HistoryEntry } from '../../../../shared/account';
import { fromViewTable } from '../../../../shared/account-view-table';
import { startSudServer } from '../../../servers';
import { clickTrayItem, fakeElectron, invoker, trayLabels, waitFor, type FakeWindow } from './fake-state';

const MIN = 60_000;
const HOUR = 60 * MIN;
const t = translator('zh-CN'); // the stand-in's system language
const dataDir = process.env.TOKENDESK_DATA_DIR ?? '';
const report: Record<string, unknown> = {};

type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
function valueOf<T>(answer: unknown): T {
  const response = answer as Answer<T>;
  if (!response.ok) throw new TypeError(`request failed: ${response.error.code} ${response.error.message}`);
  return response.value;
}

const openVault = async () => openCore({ dataDir, secretBox: await createSafeStorageBox(safeStorage, process.platform) });

switch (process.env.DESKTOP_SCENARIO) {
  case 'auto-refresh':
    await autoRefresh();
    break;
  case 'close-to-tray':
    await closeToTray();
    break;
  case 'macos':
    await macos();
    break;
  default:
    throw new TypeError(`unknown DESKTOP_SCENARIO ${process.env.DESKTOP_SCENARIO}`);
}
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);

/**
 * A vault whose two SUD accounts were issued 2 h tokens almost 2 h ago (the prep core and the servers run
 * on a clock set back): both are due at once. One backend answers; the other fails its next update.
 */
async function autoRefresh(): Promise<void> {
  const skew = { ms: -(2 * HOUR - MIN) };
  const serverNow = () => Date.now() + skew.ms;
  const [sud, broken] = await Promise.all([startSudServer({ now: serverNow }), startSudServer({ now: serverNow })]);
  const prep = await openCore({ dataDir, secretBox: await createSafeStorageBox(safeStorage, process.platform), clock: { ...systemClock, now: serverNow } });
  await prep.initialize();
  const renews = await prep.create({ provider: 'sud', name: 'Renews itself', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode({ ttlMs: 3 * HOUR }) } });
  const fails = await prep.create({ provider: 'sud', name: 'Backend busy', env: 'test', values: { baseUrl: broken.url, code: broken.issueCode({ ttlMs: 3 * HOUR }) } });
  for (const id of [renews.id, fails.id]) if (!(await prep.refresh(id)).ok) throw new TypeError('the prep refresh failed');
  report.expiresBefore = prep.get(renews.id).expiresAt;
  await prep.close();
  skew.ms = 0;
  broken.failNext({ sdk_error_code: 9999, ret_msg: 'backend busy' });
  report.bootedAt = Date.now();

  await import('../../../../electron/main/index');
  const fake = fakeElectron();
  const window = await fake.windowCreated;
  const invoke = invoker(fake, window.webContents);
  const list = async (): Promise<AccountView[]> => fromViewTable(valueOf<unknown>(await invoke('accounts:list', {})));
  const byId = async (id: string) => (await list()).find((view) => view.id === id);

  report.renewed = await waitFor('the auto-refresh', async () => {
    const view = await byId(renews.id);
    return view?.expiresAt && view.expiresAt > Date.now() + HOUR ? view.expiresAt : undefined;
  });
  report.failedState = await waitFor('the failed auto-refresh', async () => {
    const auto = (await byId(fails.id))?.autoRefresh;
    return auto && auto.failures > 0 ? auto : undefined;
  });
  report.toasts = await waitFor('the in-app notice', () => {
    const toasts = fake.sent.filter(([channel]) => channel === 'app:notified').map(([, payload]) => payload);
    return toasts.length > 0 ? toasts : undefined;
  });
  report.failsId = fails.id;
  report.notifications = fake.notifications.map((notification) => notification.options);
  report.history = (valueOf<HistoryEntry[]>(await invoke('history:list', { id: renews.id }))).map((entry) => entry.trigger);
  report.sudRequests = sud.state.requests;
  const tray = fake.trays[0]!;
  report.trayLabels = await waitFor('the tray to list the renewed token', () => {
    const labels = trayLabels(tray);
    return labels.some((label) => label.startsWith('Renews itself')) ? labels : undefined;
  });

  clickTrayItem(tray, t('desktop.tray.quit'));
  await fake.quitDone;
  report.quits = fake.log.filter((entry) => entry === 'quit').length;
  report.trayDestroyed = tray.destroyed;
  // What quitting flushed is what the next launch reads.
  const reopened = await openVault();
  report.expiresAfterRelaunch = reopened.get(renews.id).expiresAt;
  await reopened.close();
  await Promise.all([sud.close(), broken.close()]);
}

/** Linux, close-to-tray unset (on by default there): closing hides; turned off, closing quits. */
async function closeToTray(): Promise<void> {
  await import('../../../../electron/main/index');
  const fake = fakeElectron();
  const window = await fake.windowCreated;
  const invoke = invoker(fake, window.webContents);
  const tray = fake.trays[0]!;
  // Whether a tray is shown is asked over D-Bus at start; give the answer a moment.
  await new Promise((resolve) => setTimeout(resolve, 300));

  window.close();
  report.afterClose = { destroyed: window.destroyed, shown: window.shown, quits: countQuits(), handlers: fake.handlers.size };
  clickTrayItem(tray, t('desktop.tray.show'));
  report.afterShow = { shown: window.shown, windows: fake.windows.length };

  valueOf(await invoke('settings:update', { closeToTray: false }));
  window.close();
  await fake.quitDone;
  report.afterCloseWithoutTray = { destroyed: window.destroyed, quits: countQuits(), trayDestroyed: tray.destroyed, handlers: fake.handlers.size };

  function countQuits(): number {
    return fake.log.filter((entry) => entry === 'quit').length;
  }
}

/** macOS custom: closing the window closes it and the app stays; the Dock and the tray bring a new one. */
async function macos(): Promise<void> {
  Object.defineProperty(process, 'platform', { value: 'darwin' });
  await import('../../../../electron/main/index');
  const fake = fakeElectron();
  const first = await fake.windowCreated;
  const tray = fake.trays[0]!;
  report.trayIcon = tray.image;
  const state = (window: FakeWindow | undefined) => window && { destroyed: window.destroyed, shown: window.shown === true };

  first.close();
  report.afterClose = { first: state(first), quits: fake.log.filter((entry) => entry === 'quit').length };
  fake.app.emit('activate');
  await Promise.resolve();
  report.afterActivate = { windows: fake.windows.length, second: state(fake.windows[1]) };
  fake.windows[1]!.close();
  clickTrayItem(tray, t('desktop.tray.show'));
  await Promise.resolve();
  report.afterTrayShow = { windows: fake.windows.length, third: state(fake.windows[2]) };

  clickTrayItem(tray, t('desktop.tray.quit'));
  await fake.quitDone;
  report.afterQuit = { windows: fake.windows.map(state), trayDestroyed: tray.destroyed };
}
