import { execFile } from 'node:child_process';
import type { Clipboard as ElectronClipboard, ClipboardItem } from 'electron';
import type { Clipboard } from '../core';

/** The constructor of Electron's ClipboardItem (injected so tests can pass a stand-in). */
export type ClipboardItemConstructor = new (items: Record<string, string | Blob>) => ClipboardItem;

/** What the adapter needs from Electron. */
export interface ElectronClipboardDeps {
  clipboard: Pick<ElectronClipboard, 'readText' | 'writeText' | 'write' | 'clear'>;
  ClipboardItem: ClipboardItemConstructor;
  platform: NodeJS.Platform;
  /** Told when the OS refused the history-excluding write and a plain write was used instead. */
  onFallback?: (error: unknown) => void;
}

/** A raw platform clipboard format, in Electron's custom-format syntax. */
function osFormat(name: string): string {
  return `electron application/osclipboard;format="${name}"`;
}

/**
 * The extra formats that ask clipboard history and sync to skip a copy: Windows' cloud clipboard and
 * history formats (a DWORD 0), macOS' nspasteboard.org concealed marker, KDE Klipper's password hint.
 */
export function historyExclusionFormats(platform: NodeJS.Platform): Record<string, string | Blob> {
  const dwordZero = (): Blob => new Blob([new Uint8Array(4)]);
  switch (platform) {
    case 'win32':
      return {
        [osFormat('ExcludeClipboardContentFromMonitorProcessing')]: dwordZero(),
        [osFormat('CanIncludeInClipboardHistory')]: dwordZero(),
        [osFormat('CanUploadToCloudClipboard')]: dwordZero(),
      };
    case 'darwin':
      return { [osFormat('org.nspasteboard.ConcealedType')]: '' };
    case 'linux':
      return { [osFormat('x-kde-passwordManagerHint')]: 'secret' };
    default:
      return {};
  }
}

function reportFallback(error: unknown): void {
  const kind = error instanceof Error ? error.name : typeof error;
  console.warn(`TokenDesk could not keep a copied token out of clipboard history here (${kind}); it copied it as plain text.`);
}

/** Electron's clipboard as core's Clipboard; transient writes carry the history-exclusion formats atomically. */
export function createElectronClipboard(deps: ElectronClipboardDeps): Clipboard {
  const { clipboard, ClipboardItem: Item, platform } = deps;
  const onFallback = deps.onFallback ?? reportFallback;
  return {
    readText: () => clipboard.readText(),
    async writeText(text, options) {
      const extra = options?.transient ? historyExclusionFormats(platform) : {};
      if (Object.keys(extra).length === 0) return clipboard.writeText(text);
      try {
        await clipboard.write([new Item({ 'text/plain': text, ...extra })]);
      } catch (error) {
        onFallback(error);
        await clipboard.writeText(text);
      }
    },
    clear: () => clipboard.clear(),
  };
}

/** Whether this is a Wayland session, where Electron 38+ runs natively (and clipboard clears can be dropped). */
export function isWaylandSession(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  return platform === 'linux' && (env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY));
}

/** How long a read-back through `wl-paste` may take before it counts as "cannot tell". */
const READ_BACK_TIMEOUT_MS = 1_500;

/**
 * Reads the clipboard through the system on Wayland with wl-clipboard's `wl-paste`, which asks the
 * compositor rather than Electron's cache. Null elsewhere, or when wl-paste is missing or hangs. An
 * empty clipboard ("Nothing is copied", exit 1) reads as ''.
 */
export function createSystemClipboardReader(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): (() => Promise<string | null>) | undefined {
  if (!isWaylandSession(platform, env)) return undefined;
  return () =>
    new Promise((resolve) => {
      execFile('wl-paste', ['--no-newline', '--type', 'text'], { timeout: READ_BACK_TIMEOUT_MS, encoding: 'utf8', env }, (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (typeof code === 'number' && /nothing is copied|no selection|no suitable type/i.test(stderr)) return resolve('');
        resolve(null);
      });
    });
}
