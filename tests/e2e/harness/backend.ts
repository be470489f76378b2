import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { EventChannel, EventPayload } from '../../../shared/ipc-contract';
import { createClipboardGuard, type ClipboardGuard } from '../../../electron/main/policies/clipboard-guard';
import { openCore, secretBoxIsSecure, systemClock, type Clock, type OpenedCore, type SecretBox } from '../../../electron/core';
import { createCoreSchedulerHost } from '../../../electron/core/scheduler/core-host';
import { createScheduler } from '../../../electron/core/scheduler/scheduler';
import type { Scheduler } from '../../../electron/core/scheduler/types';
import { FAST_TEST_SCRYPT } from '../../../electron/core/vault';
import { createDispatcher, forwardEvents, type Dispatch } from '../../../electron/main/ipc/dispatch';
import { createHandlers } from '../../../electron/main/ipc/handlers';
import { fakeClipboard, fakeSecretBox, type FakeClipboard } from './fakes';
import { deposit, MAILBOX_THRESHOLD } from './answers';

/** How a test's vault starts. */
export interface BackendOptions {
  /** The OS key slot: a secure keyring (default), an insecure one (basic_text), or none at all. */
  keyring?: 'secure' | 'insecure' | 'none';
  /** Creates the vault with this passphrase (as `tokendesk init` would). */
  passphrase?: string;
  /** Reopens the vault so the window starts locked (needs a passphrase and no secure keyring). */
  startLocked?: boolean;
  /** What app:info reports as the system language. */
  systemLocale?: string;
  /**
   * Runs the real auto-refresh scheduler on the system clock, wired to the engine's events as
   * electron/main/desktop-life.ts wires it (re-plan on account and settings changes, pause while locked).
   */
  autoRefresh?: boolean;
  /**
   * Opens this existing data folder (e.g. one an earlier backend wrote) instead of a fresh temp one.
   * The caller owns it: close() leaves it in place.
   */
  dataDir?: string;
  /** The engine's clock (default the system's): a test may run it behind while a token is issued. */
  clock?: Clock;
  /** How long a SaiNiu QR login waits for the scan (default 3 minutes). */
  qrLoginTimeoutMs?: number;
  /** The keyring of an earlier backend (its `secretBox`), so the vault it created opens silently; overrides `keyring`. */
  secretBox?: SecretBox;
  /**
   * Checks every IPC result against its schema, as a development build does (default true). The
   * renderer bench turns it off to time what the packaged app does (main/index.ts: !app.isPackaged).
   */
  validateResults?: boolean;
}

/** The real engine and main's real handler table for one test, in a fresh temp data dir unless given one. */
export interface Backend {
  dataDir: string;
  core: OpenedCore;
  dispatch: Dispatch;
  clipboard: FakeClipboard;
  /** The stand-in OS keyring, undefined with `keyring: 'none'`; pass it to a later backend on the same data dir. */
  secretBox: SecretBox | undefined;
  /** The auto-refresh scheduler, when started with `autoRefresh: true`. */
  scheduler: Scheduler | null;
  /** What the stand-in save/open dialog answers next, in order (an empty queue answers "cancelled"). */
  bundleFiles: Array<string | null>;
  /** Sends an event as main would (e.g. `menu:invoked` from the application menu); after connect. */
  emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void;
  /** Gives the page its `window.tokendesk` (binding + event feed); call before navigation. */
  connect(page: Page): Promise<void>;
  close(): Promise<void>;
}

function secretBoxFor(keyring: BackendOptions['keyring']): SecretBox | undefined {
  if (keyring === 'none') return undefined;
  return fakeSecretBox(keyring === 'insecure' ? 'basic_text' : 'gnome_libsecret');
}

/** The scheduler as the desktop app runs it: same host, same event wiring (desktop-life.ts), no tray. */
function startScheduler(core: OpenedCore): { scheduler: Scheduler; stop(): Promise<void> } {
  const scheduler = createScheduler({ host: createCoreSchedulerHost(core, () => core.settings()), clock: systemClock });
  const unsubscribe = [
    core.on('accounts:changed', () => scheduler.replan()),
    core.on('settings:changed', () => scheduler.replan()),
    core.on('vault:changed', (status) => (status.state === 'unlocked' ? scheduler.resume() : scheduler.pause())),
  ];
  if (core.status().state !== 'unlocked') scheduler.pause();
  scheduler.start();
  return {
    scheduler,
    async stop() {
      for (const off of unsubscribe) off();
      await scheduler.stop();
    },
  };
}

export async function startBackend(options: BackendOptions = {}): Promise<Backend> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'tokendesk-e2e-')));
  const secretBox = options.secretBox ?? secretBoxFor(options.keyring);
  const open = (): Promise<OpenedCore> =>
    openCore({
      dataDir,
      scrypt: FAST_TEST_SCRYPT,
      ...(secretBox ? { secretBox } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.qrLoginTimeoutMs !== undefined ? { qrLoginTimeoutMs: options.qrLoginTimeoutMs } : {}),
    });
  let core = await open();
  // As main does at boot: a secure keyring creates the vault silently.
  if (core.status().state === 'uninitialized' && secretBoxIsSecure(secretBox)) await core.initialize();
  if (options.passphrase !== undefined) await core.setPassphrase(options.passphrase);
  if (options.startLocked) {
    await core.close();
    core = await open();
  }

  const clipboard = fakeClipboard();
  const guard: ClipboardGuard = createClipboardGuard({
    clipboard,
    clock: systemClock,
    clearAfterMs: () => core.settings().clipboardClearSec * 1000,
  });
  const bundleFiles: Array<string | null> = [];
  let emitToPage: (channel: EventChannel, payload: unknown) => void = () => undefined;
  const dispatch = createDispatcher(
    createHandlers({
      core,
      clipboard: guard,
      openExternal: async () => undefined,
      chooseBundleFile: async () => bundleFiles.shift() ?? null,
      appInfo: () => ({ version: '0.0.0-e2e', platform: 'linux', systemLocale: options.systemLocale ?? 'en-US', dataDir }),
    }),
    { validateResults: options.validateResults ?? true },
  );
  const stops: Array<() => void> = [];
  const scheduler = options.autoRefresh ? startScheduler(core) : null;

  return {
    dataDir,
    core,
    dispatch,
    clipboard,
    secretBox,
    scheduler: scheduler?.scheduler ?? null,
    bundleFiles,
    emit: (channel, payload) => emitToPage(channel, payload),
    async connect(page) {
      await page.exposeBinding('__tokendeskInvoke', async (_source, channel: string, argsJson: string, canFetch: boolean) => {
        const text = JSON.stringify(await dispatch(channel, JSON.parse(argsJson) as unknown));
        return canFetch && text.length >= MAILBOX_THRESHOLD ? deposit(text) : text;
      });
      // Events go out in order, one evaluate after the other, as IPC messages would.
      let chain = Promise.resolve();
      const emit = (channel: EventChannel, payload: unknown): void => {
        chain = chain
          .then(() => page.evaluate(([c, p]) => (window as unknown as { __tokendeskEmit(c: string, p: string): void }).__tokendeskEmit(c, p), [channel, JSON.stringify(payload)] as const))
          .then(
            () => undefined,
            // A page that is closing or navigating has no listener left; that event is rightly dropped.
            () => undefined,
          );
      };
      emitToPage = emit;
      stops.push(forwardEvents(core, emit));
    },
    async close() {
      for (const stop of stops) stop();
      // Refreshes in flight settle before the engine flushes and closes.
      await scheduler?.stop();
      guard.dispose();
      await core.close();
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
