import type { AccountView, RefreshResult } from '../../../shared/account';
import type { ErrorInfo } from '../../../shared/errors';
import type { AccountCreate, AccountUpdate } from '../../../shared/account-input';
import type { EventPayload } from '../../../shared/ipc-contract';
import type { TokenFormat } from '../../../shared/providers';
import { call } from '../api';
import { fromViewTable } from '../../../shared/account-view-table';
import type { MessageKey } from '../../../shared/i18n';
import type { ToastVar } from './toast';
import type { SliceCreator } from './types';

/** The outcome of saving an account: its view, or the error to show in the form. */
export type SaveOutcome = { ok: true; account: AccountView } | { ok: false; error: ErrorInfo };

/** Account views (never a secret) and the actions a person takes on them. */
export interface AccountsSlice {
  /** The views main sends; a view's `refreshing` is also set here the moment this window asks for a refresh. */
  accounts: Readonly<Record<string, AccountView>>;
  bulkRefreshing: boolean;
  /** Loads the list; `prefetched`: an accounts:list call already under way (boot starts one). */
  loadAccounts(prefetched?: ReturnType<typeof call<'accounts:list'>>): Promise<void>;
  applyAccountChanges(change: EventPayload<'accounts:changed'>): void;
  /** Refreshes one account; a second call while one is in flight joins it. */
  refreshAccount(id: string): Promise<RefreshResult | null>;
  refreshAllAccounts(): Promise<void>;
  createAccount(input: AccountCreate, refresh: boolean): Promise<SaveOutcome>;
  updateAccount(input: AccountUpdate, refresh: boolean): Promise<SaveOutcome>;
  removeAccount(id: string): Promise<boolean>;
  /** Turns auto-refresh on for one account (the row's and the details pane's "Turn on"). */
  turnOnAutoRefresh(id: string): Promise<boolean>;
  /** Vouches for an account changed outside TokenDesk after the person checked it (re-signs it). */
  confirmAccount(id: string): Promise<boolean>;
  /** Copies the token through main, which clears the clipboard later. */
  copyToken(id: string, format: TokenFormat): Promise<void>;
  /** Copies the redacted record of the account's last exchange through main (for a support ticket). */
  copyDiagnostic(id: string): Promise<void>;
  /** Fetches the token for display; it is handed to the caller, never kept in the store. */
  revealToken(id: string): Promise<string | null>;
}

/** An id-keyed table without a prototype, so ids such as `__proto__` or `constructor` are plain keys. */
function accountTable(): Record<string, AccountView> {
  return Object.create(null) as Record<string, AccountView>;
}

export const createAccountsSlice: SliceCreator<AccountsSlice> = (set, get) => {
  const inFlight = new Map<string, Promise<RefreshResult | null>>();
  let bulk: Promise<void> | null = null;

  const nameOf = (id: string): string => get().accounts[id]?.name ?? id;
  // Toasts keep the message key and its values; the toast translates them when it renders.
  const info = (key: MessageKey, vars?: Record<string, ToastVar>): void => get().notify({ level: 'info', message: { key, vars } });
  const fail = (key: MessageKey, vars: Record<string, ToastVar>, error: ErrorInfo): void =>
    get().notify({ level: 'error', message: { key, vars }, error });
  const upsert = (view: AccountView): void => set((s) => ({ accounts: Object.assign(accountTable(), s.accounts, { [view.id]: view }) }));
  const markRefreshing = (id: string, refreshing: boolean): void => {
    const view = get().accounts[id];
    if (view && view.refreshing !== refreshing) upsert({ ...view, refreshing });
  };

  const reportRefresh = (id: string, result: RefreshResult): void => {
    if (result.ok) info('toast.refreshed', { name: nameOf(id) });
    else if (result.error) fail('toast.refreshFailed', { name: nameOf(id) }, result.error);
  };

  const runRefresh = async (id: string): Promise<RefreshResult | null> => {
    // Busy at once; main's accounts:changed events say when the refresh ends.
    markRefreshing(id, true);
    const res = await call('accounts:refresh', { id });
    inFlight.delete(id);
    if (!res.ok) {
      // Refused before it started (locked, no such account): no event will say so.
      markRefreshing(id, false);
      fail('toast.refreshFailed', { name: nameOf(id) }, res.error);
      return null;
    }
    reportRefresh(id, res.value);
    return res.value;
  };

  return {
    accounts: accountTable(),
    bulkRefreshing: false,

    loadAccounts: async (prefetched) => {
      const res = await (prefetched ?? call('accounts:list', {}));
      if (!res.ok) {
        fail('toast.loadFailed', {}, res.error);
        return;
      }
      let views: AccountView[];
      try {
        views = fromViewTable(res.value);
      } catch {
        fail('toast.loadFailed', {}, { code: 'internal', message: 'The account list arrived malformed. Reload the window (View → Reload) to ask for it again.' });
        return;
      }
      const accounts = accountTable();
      for (const view of views) accounts[view.id] = view;
      set({ accounts });
      // bench:renderer waits for this mark: the first frame after it shows the loaded list.
      performance.mark('tokendesk:accounts-loaded');
    },

    applyAccountChanges: ({ upserted, removed }) => {
      if (upserted.length === 0 && removed.length === 0) return;
      set((s) => {
        const accounts = Object.assign(accountTable(), s.accounts);
        for (const view of upserted) accounts[view.id] = view;
        for (const id of removed) delete accounts[id];
        const selectedGone = s.selectedId !== null && removed.includes(s.selectedId);
        return selectedGone ? { accounts, selectedId: null, detailsOpen: false } : { accounts };
      });
    },

    refreshAccount: (id) => {
      const joined = inFlight.get(id);
      if (joined) return joined;
      const started = runRefresh(id);
      inFlight.set(id, started);
      return started;
    },

    refreshAllAccounts: () => {
      if (bulk) return bulk;
      bulk = (async () => {
        set({ bulkRefreshing: true });
        const res = await call('accounts:refreshAll', {});
        bulk = null;
        set({ bulkRefreshing: false });
        if (!res.ok) {
          fail('toast.refreshAllFailed', {}, res.error);
          return;
        }
        const failed = res.value.filter((r) => !r.ok);
        const only = failed.length === 1 ? failed[0] : undefined;
        // One failure is shown with its provider's code and message; many are summed up.
        if (only?.error) fail('toast.refreshFailed', { name: nameOf(only.id) }, only.error);
        else {
          const vars = { ok: res.value.length - failed.length, total: res.value.length };
          get().notify({ level: failed.length > 0 ? 'error' : 'info', message: { key: 'toast.refreshedAll', vars } });
        }
      })();
      return bulk;
    },

    createAccount: async (input, refresh) => {
      const res = await call('accounts:create', input);
      if (!res.ok) return res;
      upsert(res.value);
      set({ selectedId: res.value.id, detailsOpen: true });
      info('toast.saved', { name: res.value.name });
      if (refresh) void get().refreshAccount(res.value.id);
      return { ok: true, account: res.value };
    },

    updateAccount: async (input, refresh) => {
      const res = await call('accounts:update', input);
      if (!res.ok) return res;
      upsert(res.value);
      info('toast.saved', { name: res.value.name });
      if (refresh) void get().refreshAccount(res.value.id);
      return { ok: true, account: res.value };
    },

    turnOnAutoRefresh: async (id) => {
      const res = await call('accounts:update', { id, autoRefresh: true });
      if (!res.ok) {
        fail('toast.autoRefreshFailed', { name: nameOf(id) }, res.error);
        return false;
      }
      upsert(res.value);
      info('toast.autoRefreshOn', { name: res.value.name });
      return true;
    },

    removeAccount: async (id) => {
      const name = nameOf(id);
      const res = await call('accounts:remove', { id });
      if (!res.ok) {
        fail('toast.deleteFailed', { name }, res.error);
        return false;
      }
      get().applyAccountChanges({ upserted: [], removed: [id] });
      info('toast.deleted', { name });
      return true;
    },

    confirmAccount: async (id) => {
      const res = await call('accounts:confirm', { id });
      if (!res.ok) {
        fail('toast.confirmFailed', { name: nameOf(id) }, res.error);
        return false;
      }
      upsert(res.value);
      info('toast.confirmed', { name: res.value.name });
      return true;
    },

    copyToken: async (id, format) => {
      const res = await call('accounts:copy', { id, format });
      if (!res.ok) {
        fail('toast.copyFailed', { name: nameOf(id) }, res.error);
        return;
      }
      const seconds = get().settings.clipboardClearSec;
      const what = { key: `format.${format}` as const };
      if (res.value.clearsAt !== null && seconds > 0) info('toast.copiedClears', { what, seconds });
      else info('toast.copied', { what });
    },

    copyDiagnostic: async (id) => {
      const res = await call('accounts:copyDiagnostic', { id });
      if (!res.ok) {
        fail('toast.copyFailed', { name: nameOf(id) }, res.error);
        return;
      }
      info('toast.copiedDiagnostic');
    },

    revealToken: async (id) => {
      const res = await call('accounts:reveal', { id });
      if (!res.ok) {
        fail('toast.revealFailed', { name: nameOf(id) }, res.error);
        return null;
      }
      return res.value.token;
    },
  };
};
