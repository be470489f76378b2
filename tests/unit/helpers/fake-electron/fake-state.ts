// What the Electron stand-in (electron.ts) records in globalThis.__fakeElectron, typed for the drivers.

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}
export interface FakeContents {
  mainFrame: FakeFrame;
  windowOpenHandler: ((details: { url: string }) => unknown) | null;
}
export interface FakeWindow {
  options: { webPreferences: Record<string, unknown> };
  webContents: FakeContents;
  url: string;
  shown: boolean;
  /** Shown before its page painted (ready-to-show). */
  shownEarly: boolean;
  maximized: boolean;
  minimized: boolean;
  hasFocus: boolean;
  focused: number;
  destroyed: boolean;
  /** As the user clicking the window's close button. */
  close(): void;
  /** As the user bringing it to the front. */
  focus(): void;
  minimize(): void;
  emit(event: string, ...args: unknown[]): boolean;
}
export interface FakeMenuItem {
  label?: string;
  type?: string;
  role?: string;
  enabled?: boolean;
  click?: () => void;
}
export interface FakeMenuTemplateItem {
  label?: string;
  role?: string;
  type?: string;
  submenu?: FakeMenuTemplateItem[];
}
export interface FakeTray {
  image: { source: string; width: number; template: boolean };
  menu: FakeMenuItem[] | null;
  tooltip: string;
  destroyed: boolean;
  emit(event: string): void;
}
export interface FakeNotification {
  options: { title: string; body: string };
  close(): void;
  listenerCount(event: string): number;
}
type Handler = (event: { sender: unknown; senderFrame: FakeFrame | null }, args: unknown) => Promise<unknown>;
export interface FakeElectron {
  log: string[];
  schemes: unknown;
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  handlers: Map<string, Handler>;
  windows: FakeWindow[];
  sent: Array<[string, unknown]>;
  opened: string[];
  menu: string[] | null;
  menuTemplate: FakeMenuTemplateItem[];
  dialogs: Array<{ kind: 'save' | 'open'; attached: boolean; title: string | undefined; buttonLabel: string | undefined; filters: string[] }>;
  trays: FakeTray[];
  notifications: FakeNotification[];
  clipboardText: string;
  systemClipboard: string;
  appUserModelId: string | null;
  systemIdleSec: number;
  powerMonitor: { emit(event: string, ...args: unknown[]): boolean };
  session: { permissionCheck: () => boolean; permissionRequest: (c: unknown, p: string, cb: (ok: boolean) => void) => void };
  app: { emit(event: string, ...args: unknown[]): void; quit(): void; exit(code?: number): void; getPath(name: string): string };
  FakeWebContents: new () => FakeContents;
  windowCreated: Promise<FakeWindow>;
  quitDone: Promise<void>;
}

/** The stand-in's record; valid once 'electron' has been imported (by main). */
export function fakeElectron(): FakeElectron {
  return (globalThis as unknown as { __fakeElectron: FakeElectron }).__fakeElectron;
}

/** Calls a request channel as the page in `contents` would (main frame, our page, unless told). */
export function invoker(fake: FakeElectron, contents: FakeContents) {
  return (channel: string, args: unknown, sender: unknown = contents, senderFrame: FakeFrame | null = contents.mainFrame) =>
    fake.handlers.get(channel)!({ sender, senderFrame }, args);
}

/** The labels of the tray menu's lines (separators left out). */
export function trayLabels(tray: FakeTray): string[] {
  return (tray.menu ?? []).filter((item) => item.type !== 'separator').map((item) => item.label ?? '');
}

/** Clicks the tray menu item with this label. */
export function clickTrayItem(tray: FakeTray, label: string): void {
  const item = (tray.menu ?? []).find((candidate) => candidate.label === label);
  if (!item?.click) throw new TypeError(`the tray menu has no item "${label}": ${trayLabels(tray).join(' | ')}`);
  item.click();
}

/** Polls `check` until it returns a value other than undefined; fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 8_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new TypeError(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
