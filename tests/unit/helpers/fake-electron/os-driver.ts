// Boots electron/main/index.ts against the Electron stand-in for one per-OS scenario (OS_SCENARIO) and
// prints one JSON report on stdout. Run by tests/unit/main-os.test.ts:
//   node --import tsx --import ./register.mjs os-driver.ts
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { safeStorage } from 'electron';
import { openCore } from '../../../../electron/core';
import { createSafeStorageBox } from '../../../../electron/main/safe-storage';
import type { AccountView } from '../../../../shared/account';
import type { VaultStatus } from '../../../../shared/ipc-contract';
import { startProxyServer, startSudServer } from '../../../servers';
import { fakeElectron, invoker, waitFor, type FakeElectron, type FakeWindow } from './fake-state';

const dataDir = process.env.TOKENDESK_DATA_DIR ?? '';
const scenario = process.env.OS_SCENARIO ?? '';
const report: Record<string, unknown> = {};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
function valueOf<T>(answer: unknown): T {
  const response = answer as Answer<T>;
  if (!response.ok) throw new TypeError(`request failed: ${response.error.code} ${response.error.message}`);
  return response.value;
}

/** A preventable event as Electron passes to 'shutdown' and 'query-session-end'. */
function osEvent(extra: Record<string, unknown> = {}) {
  return { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; }, ...extra };
}

if (process.env.OS_PLATFORM) Object.defineProperty(process, 'platform', { value: process.env.OS_PLATFORM });
if (scenario === 'locked-by-signal') await prepareVaultWithPassphrase();
await import('../../../../electron/main/index');
const fake = fakeElectron();
const window = await fake.windowCreated;
const invoke = invoker(fake, window.webContents);
await waitFor('the page to be shown', () => (window.shown ? true : undefined));
report.window = { shownEarly: window.shownEarly, maximized: window.maximized };
report.appUserModelId = fake.appUserModelId;

switch (scenario) {
  case 'boot':
    report.vault = valueOf<VaultStatus>(await invoke('vault:status', {})).state;
    break;
  case 'session-end':
    await sessionEnd();
    break;
  case 'session-ends-now':
    await sessionEndsNow();
    break;
  case 'system-proxy':
    await systemProxy();
    break;
  case 'locked-by-signal':
    await lockedBySignal();
    break;
  case 'close':
    await closeWindow();
    break;
  case 'notifications-refused':
    await notificationsRefused();
    break;
  case 'wayland-clipboard':
    await waylandClipboard();
    break;
  default:
    throw new TypeError(`unknown OS_SCENARIO ${scenario}`);
}
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);

/** A SUD account with a fresh token, created and refreshed through IPC as the page does. */
async function accountWithToken(): Promise<{ id: string; close: () => Promise<void> }> {
  const sud = await startSudServer();
  const created = valueOf<AccountView>(await invoke('accounts:create', { provider: 'sud', name: 'Shop', env: 'prod', values: { baseUrl: sud.url, code: sud.issueCode() } }));
  valueOf(await invoke('accounts:refresh', { id: created.id }));
  return { id: created.id, close: () => sud.close() };
}

/** Copies a token, then the session ends the OS's way (OS_PLATFORM decides which event). */
async function sessionEnd(): Promise<void> {
  const account = await accountWithToken();
  valueOf(await invoke('accounts:copy', { id: account.id, format: 'raw' }));
  report.copied = fake.clipboardText.length > 0;
  const event = osEvent({ reasons: ['logoff'] });
  if (process.platform === 'win32') window.emit('query-session-end', event);
  else fake.powerMonitor.emit('shutdown', event);
  await fake.quitDone;
  report.prevented = event.defaultPrevented;
  report.clipboardAfter = fake.clipboardText;
  report.quits = fake.log.filter((entry) => entry === 'quit').length;
  report.windowDestroyed = window.destroyed;
  const reopened = await openCore({ dataDir, secretBox: await createSafeStorageBox(safeStorage, 'linux') });
  report.accountsAfter = reopened.list().map((view) => ({ name: view.name, hasToken: view.hasToken }));
  await reopened.close();
  await account.close();
}

/**
 * A change is made and, before the app's write of it has had a turn, the process's last moment comes:
 * Windows' session-end (SESSION_END=windows; no query-session-end, as when another app forces it), or
 * Electron exiting without before-quit (SESSION_END=linux-display-lost: ExitOnSessionLoss calls
 * Browser::ExitWithCode). Nothing is awaited after it: what is on disk then is what survives.
 */
async function sessionEndsNow(): Promise<void> {
  const account = await accountWithToken();
  valueOf(await invoke('accounts:copy', { id: account.id, format: 'raw' }));
  void invoke('accounts:update', { id: account.id, name: 'Renamed at the end' });
  const onDisk = (): string => (JSON.parse(readFileSync(path.join(dataDir, 'vault.json'), 'utf8')) as { accounts: Record<string, { name: string }> }).accounts[account.id]?.name ?? '';
  report.nameBefore = onDisk();
  if (process.env.SESSION_END === 'windows') window.emit('session-end', osEvent({ reasons: ['logoff'] }));
  else (fake.app as unknown as { exit(code: number): void }).exit(0);
  report.nameAfter = onDisk();
  report.clipboardAfter = fake.systemClipboard;
  report.quits = fake.log.filter((entry) => entry === 'quit').length;
  await account.close();
}

/**
 * The OS proxy settings send every request through a company proxy, which alone reaches the provider's
 * name; no HTTP(S)_PROXY is set. A refresh from the window goes that way.
 */
async function systemProxy(): Promise<void> {
  const sud = await startSudServer();
  const proxy = await startProxyServer({ hosts: { 'sud.corp.test': '127.0.0.1' } });
  (fake.session as unknown as { proxyAnswer: string }).proxyAnswer = `PROXY 127.0.0.1:${proxy.port}; DIRECT`;
  const baseUrl = `http://sud.corp.test:${sud.port}`;
  const created = valueOf<AccountView>(await invoke('accounts:create', { provider: 'sud', name: 'Behind the proxy', env: 'prod', values: { baseUrl, code: sud.issueCode() } }));
  const refreshed = valueOf<{ ok: boolean; error: { message: string } | null }>(await invoke('accounts:refresh', { id: created.id }));
  report.refreshed = refreshed.ok ? true : refreshed.error?.message;
  report.throughProxy = proxy.state.forwarded.map((request) => new URL(request.url).host);
  report.asked = (fake.session as unknown as { proxyQuestions: string[] }).proxyQuestions.map((url) => new URL(url).host);
  await Promise.all([sud.close(), proxy.close()]);
}

async function prepareVaultWithPassphrase(): Promise<void> {
  const prep = await openCore({ dataDir, secretBox: await createSafeStorageBox(safeStorage, 'linux') });
  await prep.initialize('correct horse battery staple');
  // With a passphrase, the keyring opens the vault at start only by the person's choice (issue 9).
  await prep.updateSettings({ unlockWithKeyringAtStart: true });
  await prep.close();
}

/** The screensaver says the screen locked, over the session bus (a real dbus-daemon in the test). */
async function lockedBySignal(): Promise<void> {
  report.before = valueOf<VaultStatus>(await invoke('vault:status', {})).state;
  report.after = await waitFor('the vault to lock', async () => {
    // dbus-monitor subscribes a moment after start: say it until it is heard.
    execFileSync('dbus-send', ['--session', '--type=signal', '/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver.ActiveChanged', 'boolean:true']);
    await sleep(200);
    const state = valueOf<VaultStatus>(await invoke('vault:status', {})).state;
    return state === 'locked' ? state : undefined;
  });
}

/** The person closes the window (after the tray question had time to be answered). */
async function closeWindow(): Promise<void> {
  if (process.env.CLOSE_TO_TRAY) valueOf(await invoke('settings:update', { closeToTray: process.env.CLOSE_TO_TRAY === 'true' }));
  await sleep(500);
  window.close();
  await sleep(50);
  report.afterClose = { destroyed: window.destroyed, shown: window.shown, minimized: window.minimized, quits: countQuits(fake) };
}

function countQuits(state: FakeElectron): number {
  return state.log.filter((entry) => entry === 'quit').length;
}

/** The OS refuses notifications (FAKE_ELECTRON_NOTIFICATION=fail): said once in the window, then not tried again. */
async function notificationsRefused(): Promise<void> {
  const { Notification } = await import('electron');
  const { createDesktopNotifier } = await import('../../../../electron/main/notifications');
  const said: string[] = [];
  const clicked: string[] = [];
  const notifier = createDesktopNotifier({ Notification, onClick: (id) => clicked.push(id), onUnavailable: (reason) => said.push(reason) });
  notifier.show({ kind: 'failed', accountId: 'a', title: 'one', body: 'first' });
  report.keptWhileShowing = notifier.live();
  await sleep(20);
  notifier.show({ kind: 'failed', accountId: 'b', title: 'two', body: 'second' });
  await sleep(20);
  report.said = said;
  report.available = notifier.available;
  report.attempts = fake.notifications.length;
  report.keptAfter = notifier.live();
}

/** Wayland: a clear from the unfocused window is dropped; the person is told; coming back clears it. */
async function waylandClipboard(): Promise<void> {
  const account = await accountWithToken();
  valueOf(await invoke('settings:update', { clipboardClearSec: 1 }));
  window.focus();
  valueOf(await invoke('accounts:copy', { id: account.id, format: 'raw' }));
  const token = fake.systemClipboard;
  (window as FakeWindow).minimize(); // the person goes to another app
  fake.sent.length = 0;
  report.told = await waitFor('the warning', () => {
    const toasts = fake.sent.filter(([channel]) => channel === 'app:notified').map(([, payload]) => payload);
    return toasts.length > 0 ? toasts : undefined;
  });
  report.stillOnSystemClipboard = fake.systemClipboard === token && token !== '';
  window.focus(); // back in TokenDesk
  report.clearedOnReturn = await waitFor('the retried clear', () => (fake.systemClipboard === '' ? true : undefined));
  report.log = fake.log.filter((entry) => entry.startsWith('clipboard'));
  await account.close();
}
