// Boots electron/main/index.ts against the Electron stand-in, acts like the page and the OS, and prints
// one JSON report on stdout. Run by tests/unit/main-boot.test.ts:
//   node --import tsx --import ./register.mjs boot-driver.ts
import process from 'node:process';

interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}
interface FakeContents {
  mainFrame: FakeFrame;
  windowOpenHandler: ((details: { url: string }) => unknown) | null;
}
interface FakeWindow {
  options: { webPreferences: Record<string, unknown> };
  webContents: FakeContents;
  url: string;
  shown?: boolean;
  focused: number;
}
type Handler = (event: { sender: unknown; senderFrame: FakeFrame | null }, args: unknown) => Promise<unknown>;
interface FakeElectron {
  log: string[];
  schemes: unknown;
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  handlers: Map<string, Handler>;
  windows: FakeWindow[];
  sent: Array<[string, unknown]>;
  opened: string[];
  menu: string[] | null;
  session: { permissionCheck: () => boolean; permissionRequest: (c: unknown, p: string, cb: (ok: boolean) => void) => void };
  app: { emit(event: string, ...args: unknown[]): void; quit(): void };
  FakeWebContents: new () => FakeContents;
  windowCreated: Promise<FakeWindow>;
  quitDone: Promise<void>;
}

await import('../../../../electron/main/index');
const fake = (globalThis as unknown as { __fakeElectron: FakeElectron }).__fakeElectron;

if (process.env.FAKE_ELECTRON_LOCK === 'taken') {
  await fake.quitDone;
  process.stdout.write(`${JSON.stringify({ log: fake.log, windows: fake.windows.length })}\n`);
  process.exit(0);
}

const window = await fake.windowCreated;
const contents = window.webContents;
const invoke = (channel: string, args: unknown, sender: unknown = contents, senderFrame: FakeFrame | null = contents.mainFrame) =>
  fake.handlers.get(channel)!({ sender, senderFrame }, args);

const report: Record<string, unknown> = {
  logBeforeWindow: [...fake.log],
  schemes: fake.schemes,
  webPreferences: window.options.webPreferences,
  loadedUrl: window.url,
  shown: window.shown === true,
  channels: [...fake.handlers.keys()],
  menu: fake.menu,
};
report.status = await invoke('vault:status', {});
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

process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
