import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { isAppPageUrl, isDevServerRequest, isTrustedSender } from '../../electron/main/app-origin';
import { applicationMenuTemplate } from '../../electron/main/menu';
import { blockRemoteRequests, denyAllPermissions, hardenWebContents } from '../../electron/main/security';

const DEV = 'http://localhost:5173/';

describe('which pages count as TokenDesk itself', () => {
  it.each([
    ['app://tokendesk/index.html', undefined, true],
    ['app://tokendesk/index.html#/settings', undefined, true],
    ['app://other/index.html', undefined, false],
    ['https://example.com/', undefined, false],
    ['file:///tmp/index.html', undefined, false],
    ['http://localhost:5173/', undefined, false],
    ['http://localhost:5173/src/main.tsx', DEV, true],
    ['http://localhost:5174/', DEV, false],
    ['not a url', DEV, false],
  ])('%s (dev server %s) → %s', (url, dev, expected) => {
    expect(isAppPageUrl(url, dev)).toBe(expected);
  });

  it('IPC is answered only for our page in the main frame', () => {
    expect(isTrustedSender({ url: 'app://tokendesk/index.html', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://tokendesk/index.html', isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  it('only the dev server and its HMR socket may be fetched, and only in development', () => {
    expect(isDevServerRequest('http://localhost:5173/@vite/client', DEV)).toBe(true);
    expect(isDevServerRequest('ws://localhost:5173/', DEV)).toBe(true);
    expect(isDevServerRequest('https://cdn.example.com/lib.js', DEV)).toBe(false);
    expect(isDevServerRequest('http://localhost:5173/', undefined)).toBe(false);
  });
});

/** A web contents stand-in: real event emitter, and the window-open handler it was given. */
function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
  });
  const navigate = (event: string, url: string): boolean => {
    let prevented = false;
    emitter.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents: contents as unknown as WebContents, navigate, open: (url: string) => openHandler!({ url }) };
}

describe('the window never leaves our page', () => {
  function hardened() {
    const opened: string[] = [];
    const fake = fakeContents();
    hardenWebContents(fake.contents, { openExternal: async (url) => void opened.push(url) });
    return { ...fake, opened };
  }

  it('blocks navigation and redirects to anything but our page', () => {
    const { navigate } = hardened();
    expect(navigate('will-frame-navigate', 'https://example.com/')).toBe(true);
    expect(navigate('will-frame-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-redirect', 'https://example.com/')).toBe(true);
    expect(navigate('will-frame-navigate', 'app://tokendesk/index.html#/details')).toBe(false);
  });

  it('refuses webviews', () => {
    const { navigate } = hardened();
    expect(navigate('will-attach-webview', 'https://example.com/')).toBe(true);
  });

  it('denies every new window; a checked http(s) link goes to the system browser instead', async () => {
    const { open, opened } = hardened();

    expect(open('https://example.com/help')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('https://bob:secret@example.com/')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    await Promise.resolve();

    expect(opened).toEqual(['https://example.com/help']);
  });
});

describe('the session', () => {
  it('denies every permission request and check', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (handler: (...args: never[]) => unknown) => (handlers.request = handler),
      setPermissionCheckHandler: (handler: (...args: never[]) => unknown) => (handlers.check = handler),
      setDevicePermissionHandler: (handler: (...args: never[]) => unknown) => (handlers.device = handler),
    } as unknown as Session;

    denyAllPermissions(session);

    const granted: boolean[] = [];
    const request = handlers.request as unknown as (contents: unknown, permission: string, callback: (ok: boolean) => void) => void;
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      request(null, permission, (ok) => granted.push(ok));
    }
    expect(granted).toEqual([false, false, false, false, false]);
    expect((handlers.check as unknown as () => boolean)()).toBe(false);
    expect((handlers.device as unknown as () => boolean)()).toBe(false);
  });

  it('cancels every network request of the page (the dev server aside)', () => {
    const decide = (devServerUrl: string | undefined, url: string): boolean | undefined => {
      let listener: ((details: { url: string }, callback: (answer: { cancel: boolean }) => void) => void) | null = null;
      const session = { webRequest: { onBeforeRequest: (_filter: unknown, l: typeof listener) => (listener = l) } } as unknown as Session;
      blockRemoteRequests(session, devServerUrl);
      let cancel: boolean | undefined;
      listener!({ url }, (answer) => (cancel = answer.cancel));
      return cancel;
    };

    expect(decide(undefined, 'https://fonts.example.com/a.woff2')).toBe(true);
    expect(decide(undefined, 'http://127.0.0.1:8080/')).toBe(true);
    expect(decide(DEV, 'http://localhost:5173/src/main.tsx')).toBe(false);
    expect(decide(DEV, 'https://example.com/')).toBe(true);
  });
});

describe('the application menu', () => {
  it('has the Edit roles so copy and paste work in forms, and developer tools only in development', () => {
    const production = applicationMenuTemplate('linux', false);
    expect(production.map((item) => item.role)).toEqual(['fileMenu', 'editMenu', 'windowMenu']);
    expect(applicationMenuTemplate('darwin', true).map((item) => item.role)).toEqual(['appMenu', 'fileMenu', 'editMenu', 'viewMenu', 'windowMenu']);
  });

  it('has a Help menu with About and the data folder, in the chosen language', () => {
    const opened: string[] = [];
    const help = (language: 'en' | 'zh-CN') => ({ language, dataDir: '/home/ann/.config/TokenDesk', showDataDir: () => opened.push(language) });
    const menu = applicationMenuTemplate('linux', false, help('en'));
    const helpMenu = menu.at(-1);
    expect(helpMenu?.role).toBe('help');
    const items = helpMenu?.submenu as Array<{ role?: string; label?: string; click?: () => void }>;
    expect(items.map((item) => item.role ?? item.label)).toEqual(['about', 'Show Data Folder (/home/ann/.config/TokenDesk)']);
    items[1]?.click?.();
    expect(opened).toEqual(['en']);
    const chinese = applicationMenuTemplate('darwin', false, help('zh-CN')).at(-1);
    expect(chinese?.label).toBe('帮助');
    expect((chinese?.submenu as Array<{ role?: string; label?: string }>).map((item) => item.role ?? item.label)).toEqual(['打开数据文件夹（/home/ann/.config/TokenDesk）']);
  });

  it('has Export and Import in the File menu, before its standard Quit (Close on macOS), in the chosen language', () => {
    const asked: string[] = [];
    const help = (language: 'en' | 'zh-CN') => ({
      language, dataDir: '/d', showDataDir: () => undefined,
      exportAccounts: () => asked.push('export'), importAccounts: () => asked.push('import'),
    });
    type Item = { role?: string; label?: string; type?: string; click?: () => void };
    const file = applicationMenuTemplate('linux', false, help('en'))[0];
    const items = file?.submenu as Item[];
    expect([file?.label, ...items.map((i) => i.role ?? i.label ?? i.type)]).toEqual(['File', 'Export Accounts…', 'Import Accounts…', 'separator', 'quit']);
    items[0]?.click?.();
    items[1]?.click?.();
    expect(asked).toEqual(['export', 'import']);
    const mac = applicationMenuTemplate('darwin', false, help('zh-CN'))[1];
    expect([mac?.label, ...(mac?.submenu as Item[]).map((i) => i.role ?? i.label ?? i.type)]).toEqual(['文件', '导出账号…', '导入账号…', 'separator', 'close']);
  });
});
