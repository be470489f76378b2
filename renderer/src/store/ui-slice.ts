import type { ProviderId } from '../../../shared/providers';
import type { SliceCreator } from './types';

/** Which dialog is open, if any. */
export type Dialog =
  | { kind: 'add' }
  /** "Add several…": accounts from a pasted or picked CSV (or JSON array). */
  | { kind: 'add-many' }
  | { kind: 'edit'; id: string }
  | { kind: 'delete'; id: string }
  | { kind: 'settings' }
  | { kind: 'export' }
  | { kind: 'import' }
  /** A SaiNiu QR login; `nameFromNick` renames a new account to the nick the framework answers. */
  | { kind: 'qr-login'; id: string; nameFromNick: boolean }
  /** The custom-provider editor: `id` null for a new one; `initial` a definition to start from (an imported file). */
  | { kind: 'custom-editor'; id: string | null; initial?: unknown }
  | { kind: 'custom-remove'; id: string }
  | null;

/** What the window shows: selection, filters and dialogs. */
export interface UiSlice {
  selectedId: string | null;
  detailsOpen: boolean;
  query: string;
  providerFilter: ProviderId | null;
  envFilter: string | null;
  dialog: Dialog;
  /** Vault notices the user dismissed in this window session; they stay hidden until the window reloads. */
  dismissedNotices: ReadonlySet<string>;
  selectAccount(id: string | null): void;
  openDetails(id?: string): void;
  closeDetails(): void;
  search(query: string): void;
  filterByProvider(provider: ProviderId | null): void;
  filterByEnv(env: string | null): void;
  clearFilters(): void;
  openAddDialog(): void;
  openAddManyDialog(): void;
  openEditDialog(id: string): void;
  askToDelete(id: string): void;
  openSettings(): void;
  /** Export or import accounts as an encrypted bundle (File menu, settings). */
  openTransfer(kind: 'export' | 'import'): void;
  openQrLogin(id: string, nameFromNick?: boolean): void;
  /** Opens the custom-provider editor (from Settings; closing it returns there). */
  openCustomEditor(id: string | null, initial?: unknown): void;
  askToRemoveProvider(id: string): void;
  closeDialog(): void;
  dismissNotices(notices: readonly string[]): void;
}

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  selectedId: null,
  detailsOpen: false,
  query: '',
  providerFilter: null,
  envFilter: null,
  dialog: null,
  dismissedNotices: new Set<string>(),
  selectAccount: (id) => set({ selectedId: id }),
  openDetails: (id) => {
    const target = id ?? get().selectedId;
    if (target !== null) set({ selectedId: target, detailsOpen: true });
  },
  closeDetails: () => set({ detailsOpen: false }),
  search: (query) => set({ query }),
  filterByProvider: (provider) => set({ providerFilter: provider }),
  filterByEnv: (env) => set({ envFilter: env }),
  clearFilters: () => set({ query: '', providerFilter: null, envFilter: null }),
  openAddDialog: () => set({ dialog: { kind: 'add' } }),
  openAddManyDialog: () => set({ dialog: { kind: 'add-many' } }),
  openEditDialog: (id) => set({ dialog: { kind: 'edit', id } }),
  askToDelete: (id) => set({ dialog: { kind: 'delete', id } }),
  openSettings: () => set({ dialog: { kind: 'settings' } }),
  openTransfer: (kind) => set({ dialog: { kind } }),
  openQrLogin: (id, nameFromNick = false) => set({ dialog: { kind: 'qr-login', id, nameFromNick } }),
  openCustomEditor: (id, initial) => set({ dialog: initial === undefined ? { kind: 'custom-editor', id } : { kind: 'custom-editor', id, initial } }),
  askToRemoveProvider: (id) => set({ dialog: { kind: 'custom-remove', id } }),
  closeDialog: () => set({ dialog: null }),
  dismissNotices: (notices) => set((s) => ({ dismissedNotices: new Set([...s.dismissedNotices, ...notices]) })),
});
