// Boots electron/main/index.ts against the Electron stand-in (whose system language is Chinese), changes
// the language setting as the person would in the window, and records what main shows outside the window
// in each language: the application menu, the tray, a native notification (with the in-window notice
// that repeats it, as a key the window translates) and the native file dialog. Prints one JSON report on stdout.
// Run by tests/unit/main-language.test.ts:
//   node --import tsx --import ./register.mjs language-driver.ts
import process from 'node:process';
import { safeStorage } from 'electron';
import { openCore, systemClock } from '../../../../electron/core';
import { createSafeStorageBox } from '../../../../electron/main/safe-storage';
import type { AccountView } from '../../../../shared/account';
import type { Settings } from '../../../../shared/settings';
import { startSudServer } from '../../../servers';
import { fakeElectron, invoker, trayLabels, waitFor, type FakeMenuTemplateItem } from './fake-state';

type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
function valueOf<T>(answer: unknown): T {
  const response = answer as Answer<T>;
  if (!response.ok) throw new TypeError(`request failed: ${response.error.code} ${response.error.message}`);
  return response.value;
}

/** Every label of the menu, submenus flattened after their parent; a role stands for a label Electron fills in. */
function menuLabels(items: readonly FakeMenuTemplateItem[]): string[] {
  return items.flatMap((item) => (item.type === 'separator' ? [] : [item.label ?? `role:${item.role}`, ...menuLabels(item.submenu ?? [])]));
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const dataDir = process.env.TOKENDESK_DATA_DIR ?? '';
const NAMES = ['Alpha', 'Bravo', 'Charlie'] as const;

// Before the launch, three SUD accounts got 2 h tokens almost 2 h ago (the prep core and the server run on
// a clock set back), auto-refresh off and expiry notices off. Turning an account's auto-refresh on makes it
// due at once; the backend fails that refresh, and main tells it natively in the language of the moment.
const skew = { ms: -(2 * HOUR - MIN) };
const serverNow = () => Date.now() + skew.ms;
const sud = await startSudServer({ now: serverNow });
const prep = await openCore({ dataDir, secretBox: await createSafeStorageBox(safeStorage, process.platform), clock: { ...systemClock, now: serverNow } });
await prep.initialize();
const ids: Record<string, string> = {};
for (const name of NAMES) {
  const account = await prep.create({ provider: 'sud', name, values: { baseUrl: sud.url, code: sud.issueCode({ ttlMs: 3 * HOUR }) }, autoRefresh: false });
  if (!(await prep.refresh(account.id)).ok) throw new TypeError('the prep refresh failed');
  ids[name] = account.id;
}
await prep.updateSettings({ notifyExpiring: false });
await prep.close();
skew.ms = 0;

await import('../../../../electron/main/index');
const fake = fakeElectron();
const window = await fake.windowCreated;
const invoke = invoker(fake, window.webContents);
const tray = fake.trays[0]!;
const report: Record<string, unknown> = {};

/** Sets the language as the settings dialog does, then records what main shows in it. */
async function showIn(language: Settings['language'], accountName: (typeof NAMES)[number]): Promise<Record<string, unknown>> {
  valueOf(await invoke('settings:update', { language }));
  sud.failNext({ sdk_error_code: 9999, ret_msg: 'backend busy' });
  valueOf<AccountView>(await invoke('accounts:update', { id: ids[accountName], autoRefresh: true }));
  const notification = await waitFor(`the notification about ${accountName}`, () =>
    fake.notifications.map((shown) => shown.options).find((options) => options.body.includes(accountName)),
  );
  const notice = fake.sent
    .filter(([channel]) => channel === 'app:notified')
    .map(([, payload]) => payload as { message: { vars?: Record<string, unknown> } })
    .find((payload) => payload.message.vars?.account === accountName);
  fake.dialogs.length = 0;
  valueOf(await invoke('bundle:open', { passphrase: 'whatever-it-is' }));
  return { menu: menuLabels(fake.menuTemplate), tray: trayLabels(tray), tooltip: tray.tooltip, notification, notice, dialogs: [...fake.dialogs] };
}

try {
  report.system = await showIn('system', 'Alpha');
  report.en = await showIn('en', 'Bravo');
  report.zh = await showIn('zh-CN', 'Charlie');
} finally {
  await sud.close();
}
fake.app.quit();
await fake.quitDone;
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
