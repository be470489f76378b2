import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClipboardGuard } from '../../../electron/main/policies/clipboard-guard';
import type { ClipboardGuard } from '../../../electron/main/policies/clipboard-guard';
import { openCore } from '../../../electron/core/engine/core';
import type { TokenDeskCore } from '../../../electron/core/engine/types';
import type { Clipboard } from '../../../electron/core/platform';
import { FAST_TEST_SCRYPT } from '../../../electron/core/vault';
import { createDispatcher } from '../../../electron/main/ipc/dispatch';
import type { Dispatch, DispatcherOptions } from '../../../electron/main/ipc/dispatch';
import { createHandlers } from '../../../electron/main/ipc/handlers';
import type { Handlers } from '../../../electron/main/ipc/handlers';
import { FakeClock } from './fake-clock';

/** An in-memory system clipboard. */
export class MemoryClipboard implements Clipboard {
  text = '';
  readText(): string {
    return this.text;
  }
  writeText(text: string): void {
    this.text = text;
  }
  clear(): void {
    this.text = '';
  }
}

/** A real core in a temp folder, the real handler table and dispatcher, and what they touched. */
export interface IpcRig {
  core: TokenDeskCore;
  /** Names of the core methods the handlers called, in order. */
  coreCalls: string[];
  handlers: Handlers;
  dispatch: Dispatch;
  clipboard: MemoryClipboard;
  guard: ClipboardGuard;
  clock: FakeClock;
  opened: string[];
  unexpected: unknown[];
  /** What the stand-in save/open dialog answers next (empty: cancelled). */
  bundleFiles: Array<string | null>;
  close(): Promise<void>;
}

/** Records every method call on `core` while passing it through. */
function recordCalls(core: TokenDeskCore, calls: string[]): TokenDeskCore {
  return new Proxy(core, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** Opens a fresh rig; close() shuts core and deletes the folder. */
export async function openIpcRig(options: DispatcherOptions = {}): Promise<IpcRig> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-ipc-'));
  const realCore = await openCore({ dataDir, scrypt: FAST_TEST_SCRYPT, http: { timeoutMs: 5_000 } });
  const coreCalls: string[] = [];
  const core = recordCalls(realCore, coreCalls);
  const clock = new FakeClock();
  const clipboard = new MemoryClipboard();
  const guard = createClipboardGuard({ clipboard, clock, clearAfterMs: () => core.settings().clipboardClearSec * 1000 });
  const opened: string[] = [];
  const unexpected: unknown[] = [];
  const bundleFiles: Array<string | null> = [];
  const handlers = createHandlers({
    core,
    clipboard: guard,
    openExternal: async (url) => {
      opened.push(url);
    },
    appInfo: () => ({ version: '0.1.0-test', platform: 'linux', systemLocale: 'zh-CN', dataDir }),
    chooseBundleFile: async () => bundleFiles.shift() ?? null,
    now: () => clock.now(),
  });
  const dispatch = createDispatcher(handlers, { onUnexpectedError: (_channel, error) => unexpected.push(error), ...options });
  return {
    core,
    coreCalls,
    handlers,
    dispatch,
    clipboard,
    guard,
    clock,
    opened,
    unexpected,
    bundleFiles,
    async close() {
      guard.dispose();
      await realCore.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
