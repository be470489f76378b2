import { create } from 'zustand';
import { createAccountsSlice } from './accounts-slice';
import { createAppSlice } from './app-slice';
import { createProvidersSlice } from './providers-slice';
import { createUiSlice } from './ui-slice';
import type { StoreState } from './types';

export type { StoreState } from './types';

/** The renderer's one store. Components select single fields: `useStore((s) => s.query)`. */
export const useStore = create<StoreState>()((...a) => ({
  ...createAccountsSlice(...a),
  ...createAppSlice(...a),
  ...createUiSlice(...a),
  ...createProvidersSlice(...a),
}));
