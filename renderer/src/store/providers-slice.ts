import type { ErrorInfo } from '../../../shared/errors';
import type { ProviderInfo } from '../../../shared/providers';
import { localized } from '../../../shared/i18n';
import { call } from '../api';
import { selectLanguage } from './app-slice';
import type { SliceCreator } from './types';

/** A stored custom definition (as written) and how many accounts use it. */
export interface StoredDefinition {
  definition: unknown;
  accounts: number;
}

/** Custom providers: defined, read back and removed through main; the list itself is the app slice's `providers`. */
export interface ProvidersSlice {
  /** Saves a definition (`replace`: it edits the one with its id); null when saved, else the error to show. */
  defineProvider(definition: unknown, replace: boolean): Promise<ErrorInfo | null>;
  /** Reads a custom provider's stored definition. */
  loadDefinition(id: string): Promise<{ ok: true; value: StoredDefinition } | { ok: false; error: ErrorInfo }>;
  /** Removes a custom provider; `force` keeps the accounts that use it (shown as "provider missing"). */
  removeProvider(id: string, force: boolean): Promise<ErrorInfo | null>;
}

export const createProvidersSlice: SliceCreator<ProvidersSlice> = (set, get) => {
  const upsert = (info: ProviderInfo): void =>
    set((s) => {
      const at = s.providers.findIndex((p) => p.id === info.id);
      return { providers: at === -1 ? [...s.providers, info] : s.providers.map((p, i) => (i === at ? info : p)) };
    });

  return {
    defineProvider: async (definition, replace) => {
      const res = await call('providers:define', { definition, replace });
      if (!res.ok) return res.error;
      upsert(res.value);
      get().notify({ level: 'info', message: { key: 'custom.toast.saved', vars: { name: localized(res.value.displayName, selectLanguage(get())) } } });
      return null;
    },

    loadDefinition: (id) => call('providers:get', { id }),

    removeProvider: async (id, force) => {
      const info = get().providers.find((p) => p.id === id);
      const name = info ? localized(info.displayName, selectLanguage(get())) : id;
      const res = await call('providers:remove', { id, force });
      if (!res.ok) return res.error;
      set((s) => ({ providers: s.providers.filter((p) => p.id !== id), providerFilter: s.providerFilter === id ? null : s.providerFilter }));
      get().notify({ level: 'info', message: { key: 'custom.toast.removed', vars: { name } } });
      return null;
    },
  };
};
