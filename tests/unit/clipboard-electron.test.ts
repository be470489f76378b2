import { describe, expect, it } from 'vitest';
import { createElectronClipboard, historyExclusionFormats } from '../../electron/main/clipboard';
import type { ClipboardItemConstructor, ElectronClipboardDeps } from '../../electron/main/clipboard';

/** Stands in for Electron's ClipboardItem: keeps what it was built from. */
class RecordedItem {
  constructor(readonly items: Record<string, string | Blob>) {}
  get types(): string[] {
    return Object.keys(this.items);
  }
}

/** Electron's async clipboard as the OS would hold it. */
function fakeElectronClipboard(options: { rejectRichWrites?: boolean } = {}) {
  const state = { text: '', formats: {} as Record<string, string | Blob>, plainWrites: 0 };
  const clipboard: ElectronClipboardDeps['clipboard'] = {
    readText: async () => state.text,
    writeText: async (text) => {
      state.text = text;
      state.formats = { 'text/plain': text };
      state.plainWrites += 1;
    },
    write: async (items) => {
      if (options.rejectRichWrites) throw new Error('format not supported');
      const item = items[0] as unknown as RecordedItem;
      state.formats = { ...item.items };
      state.text = String(item.items['text/plain'] ?? '');
    },
    clear: () => {
      state.text = '';
      state.formats = {};
    },
  };
  return { clipboard, state };
}

const ClipboardItem = RecordedItem as unknown as ClipboardItemConstructor;
const os = (name: string) => `electron application/osclipboard;format="${name}"`;

describe('the Electron clipboard adapter', () => {
  it('on Windows writes the token with the history and cloud-sync exclusion formats in one atomic write', async () => {
    const { clipboard, state } = fakeElectronClipboard();
    const adapter = createElectronClipboard({ clipboard, ClipboardItem, platform: 'win32' });

    await adapter.writeText('tok-123', { transient: true });

    expect(state.text).toBe('tok-123');
    expect(Object.keys(state.formats).sort()).toEqual(
      ['text/plain', os('CanIncludeInClipboardHistory'), os('CanUploadToCloudClipboard'), os('ExcludeClipboardContentFromMonitorProcessing')].sort(),
    );
    const dword = state.formats[os('CanIncludeInClipboardHistory')] as Blob;
    expect([...new Uint8Array(await dword.arrayBuffer())]).toEqual([0, 0, 0, 0]);
    expect(state.plainWrites).toBe(0);
  });

  it('on macOS marks the copy concealed; on Linux gives KDE the password-manager hint', async () => {
    expect(Object.keys(historyExclusionFormats('darwin'))).toEqual([os('org.nspasteboard.ConcealedType')]);
    expect(historyExclusionFormats('linux')).toEqual({ [os('x-kde-passwordManagerHint')]: 'secret' });
  });

  it('a non-transient write is plain text', async () => {
    const { clipboard, state } = fakeElectronClipboard();
    await createElectronClipboard({ clipboard, ClipboardItem, platform: 'win32' }).writeText('hello');
    expect(state.formats).toEqual({ 'text/plain': 'hello' });
  });

  it('where the OS refuses the extra formats it still copies, and says so', async () => {
    const { clipboard, state } = fakeElectronClipboard({ rejectRichWrites: true });
    const fallbacks: unknown[] = [];
    const adapter = createElectronClipboard({ clipboard, ClipboardItem, platform: 'linux', onFallback: (error) => fallbacks.push(error) });

    await adapter.writeText('tok-456', { transient: true });

    expect(state.text).toBe('tok-456');
    expect(fallbacks).toHaveLength(1);
  });

  it('reads and clears through Electron', async () => {
    const { clipboard, state } = fakeElectronClipboard();
    const adapter = createElectronClipboard({ clipboard, ClipboardItem, platform: 'darwin' });
    await adapter.writeText('tok-789', { transient: true });
    expect(await adapter.readText()).toBe('tok-789');
    await adapter.clear();
    expect(state.text).toBe('');
  });
});
