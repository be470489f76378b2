import type { ErrorInfo } from '../../../shared/errors';
import type { AppInfo, VaultStatus } from '../../../shared/ipc-contract';
import type { ProviderInfo } from '../../../shared/providers';
import { DEFAULT_SETTINGS, resolveLanguage, type Settings, type SettingsPatch } from '../../../shared/settings';
import { call, hasApi, subscribe } from '../api';
import type { Language } from '../../../shared/i18n';
import type { Toast } from './toast';
import type { StoreState, SliceCreator } from './types';



/** Which screen the window shows. */
export type Phase = 'loading' | 'disconnected' | 'setup' | 'locked' | 'ready';

/** The app's frame: vault state, settings, providers, toasts. */
export interface AppSlice {
  phase: Phase;
  vault: VaultStatus | null;
  settings: Settings;
  providers: ProviderInfo[];
  appInfo: AppInfo | null;
  bootError: ErrorInfo | null;
  toasts: Toast[];
  boot(): Promise<void>;
  unlockVault(passphrase: string): Promise<ErrorInfo | null>;
  setPassphrase(next: string, current?: string): Promise<ErrorInfo | null>;
  removePassphrase(current: string): Promise<ErrorInfo | null>;
  lockVault(): Promise<void>;
  changeSettings(patch: SettingsPatch): Promise<ErrorInfo | null>;
  notify(toast: Omit<Toast, 'id'>): void;
  dismissToast(id: number): void;
}

/** The OS locale main reports; before main has told it, the browser's. */
const systemLocaleOf = (s: StoreState): string => s.appInfo?.systemLocale ?? navigator.language;

/** The UI language in effect (shared/settings.ts' one rule). */
export const selectLanguage = (s: StoreState): Language => resolveLanguage(s.settings.language, systemLocaleOf(s));

/** The language the `system` setting stands for on this machine. */
export const selectSystemLanguage = (s: StoreState): Language => resolveLanguage('system', systemLocaleOf(s));

/** The screen a vault status calls for. */
export function phaseOf(vault: VaultStatus): Phase {
  if (vault.state === 'unlocked') return 'ready';
  if (vault.state === 'locked') return 'locked';
  // No vault yet: main creates one on the keyring when it can, so here a passphrase must create it.
  return 'setup';
}

let nextToastId = 1;
let unsubscribers: Array<() => void> = [];

export const createAppSlice: SliceCreator<AppSlice> = (set, get) => {
  const applyVault = (vault: VaultStatus, prefetched?: ReturnType<typeof call<'accounts:list'>>): void => {
    const before = get().phase;
    const phase = phaseOf(vault);
    // Locking closes what could show or change secrets: dialogs and the details pane (its revealed token).
    set(phase === 'ready' ? { vault, phase } : { vault, phase, dialog: null, detailsOpen: false });
    if (phase === 'ready' && before !== 'ready') void get().loadAccounts(prefetched);
  };

  const vaultCall = async (
    run: () => ReturnType<typeof call<'vault:status'>>,
  ): Promise<ErrorInfo | null> => {
    const res = await run();
    if (!res.ok) return res.error;
    applyVault(res.value);
    return null;
  };

  return {
    phase: 'loading',
    vault: null,
    settings: DEFAULT_SETTINGS,
    providers: [],
    appInfo: null,
    bootError: null,
    toasts: [],

    boot: async () => {
      if (!hasApi()) {
        set({ phase: 'disconnected' });
        return;
      }
      for (const off of unsubscribers) off();
      unsubscribers = [
        subscribe('accounts:changed', (change) => get().applyAccountChanges(change)),
        subscribe('vault:changed', applyVault),
        subscribe('settings:changed', (settings) => set({ settings })),
        // Custom providers defined or removed (in the editor, or by the CLI beside the app).
        subscribe('providers:changed', (providers) => set({ providers })),
        // Main's notices arrive as keys and values: translated at render, like the window's own toasts.
        subscribe('app:notified', (n) => get().notify(n.error ? { level: n.level, message: n.message, error: n.error } : { level: n.level, message: n.message })),
        // The menu works only where the dialogs can: with the vault open.
        subscribe('menu:invoked', ({ command }) => {
          if (get().phase === 'ready') get().openTransfer(command);
        }),
      ];
      const answers = Promise.all([
        call('app:info', {}),
        call('vault:status', {}),
        call('settings:get', {}),
        call('providers:list', {}),
      ]);
      // The list (no secrets, readable while locked) is asked for right after, not one round trip
      // later: with 10,000 accounts it is the longest answer, and the window waits for it.
      const accounts = call('accounts:list', {});
      const [info, vault, settings, providers] = await answers;
      const failed = [info, vault, settings, providers].find((r) => !r.ok);
      if (failed && !failed.ok) {
        set({ phase: 'disconnected', bootError: failed.error });
        return;
      }
      if (!info.ok || !vault.ok || !settings.ok || !providers.ok) return;
      set({ appInfo: info.value, settings: settings.value, providers: providers.value });
      applyVault(vault.value, accounts);
    },

    unlockVault: (passphrase) => vaultCall(() => call('vault:unlock', { passphrase })),
    setPassphrase: (next, current) =>
      vaultCall(() => call('vault:setPassphrase', current === undefined ? { next } : { next, current })),
    removePassphrase: (current) => vaultCall(() => call('vault:removePassphrase', { current })),
    lockVault: async () => {
      const res = await call('vault:lock', {});
      if (res.ok) applyVault(res.value);
      else get().notify({ level: 'error', message: { key: 'toast.lockFailed' }, error: res.error });
    },

    changeSettings: async (patch) => {
      const res = await call('settings:update', patch);
      if (!res.ok) return res.error;
      set({ settings: res.value });
      return null;
    },

    notify: (toast) => {
      const id = nextToastId++;
      // Keep the last few only: a bulk refresh must not bury the window in toasts.
      set((s) => ({ toasts: [...s.toasts.slice(-3), { ...toast, id }] }));
    },
    dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  };
};
