// Boots electron/main/index.ts against the Electron stand-in, acts like the page and the OS, and prints
// one JSON report on stdout. Run by tests/unit/main-boot.test.ts:
//   node --import tsx --import ./register.mjs boot-driver.ts
import process from 'node:process';
import { fromViewTable } from '../../../../shared/account-view-table';
import { fakeElectron, invoker, trayLabels, waitFor } from './fake-state';

await import('../../../../electron/main/index');
const fake = fakeElectron();

if (process.env.FAKE_ELECTRON_LOCK === 'taken') {
  await fake.quitDone;
  process.stdout.write(`${JSON.stringify({ log: fake.log, windows: fake.windows.length })}\n`);
  process.exit(0);
}

const window = await fake.windowCreated;
// The page paints (ready-to-show) a moment after loadURL.
await waitFor('the window to be shown', () => (window.shown ? true : undefined), 2_000).catch(() => undefined);
const contents = window.webContents;
const invoke = invoker(fake, contents);

const report: Record<string, unknown> = {
  logBeforeWindow: [...fake.log],
  schemes: fake.schemes,
  webPreferences: window.options.webPreferences,
  loadedUrl: window.url,
  shown: window.shown === true,
  channels: [...fake.handlers.keys()],
  menu: fake.menu,
  trays: fake.trays.map((tray) => ({ icon: tray.image, labels: trayLabels(tray), tooltip: tray.tooltip })),
};
report.status = await invoke('vault:status', {});
const listed = (await invoke('accounts:list', {})) as { ok: boolean; value?: unknown };
// Decoded as the window decodes it (the list crosses as a table of rows).
report.list = listed.ok ? { ok: true, value: fromViewTable(listed.value) } : listed;
report.info = await invoke('app:info', {});
report.fromEvilPage = await invoke('vault:status', {}, contents, { url: 'https://evil.example/', parent: null });
report.fromSubframe = await invoke('vault:status', {}, contents, { url: contents.mainFrame.url, parent: contents.mainFrame });
report.fromOtherContents = await invoke('vault:status', {}, new fake.FakeWebContents(), contents.mainFrame);
report.malformed = await invoke('accounts:refresh', { id: 5 });

const missing = await fake.protocolHandlers.get('app')!(new Request('app://tokendesk/../../package.json'));
report.protocol = { status: missing.status, csp: missing.headers.get('content-security-policy') };
report.permissionCheck = fake.session.permissionCheck();
report.windowOpen = contents.windowOpenHandler!({ url: 'https://example.com/docs' });
await Promise.resolve();
report.opened = [...fake.opened];

fake.sent.length = 0;
report.lock = await invoke('vault:lock', {});
report.sentAfterLock = fake.sent.map(([channel]) => channel);

fake.app.emit('second-instance');
report.focusedBySecondLaunch = window.focused;

fake.app.quit();
await fake.quitDone;
report.quitCalls = fake.log.filter((entry) => entry === 'quit').length;
report.handlersAfterQuit = fake.handlers.size;
report.trayDestroyedAfterQuit = fake.trays.every((tray) => tray.destroyed);
report.windowDestroyedAfterQuit = window.destroyed;

process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
