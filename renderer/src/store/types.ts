import type { StateCreator } from 'zustand';
import type { AccountsSlice } from './accounts-slice';
import type { AppSlice } from './app-slice';
import type { ProvidersSlice } from './providers-slice';
import type { UiSlice } from './ui-slice';

/** The whole store: one object composed of typed slices (zustand's slice pattern). */
export type StoreState = AccountsSlice & AppSlice & UiSlice & ProvidersSlice;

/** A slice creator that sees the whole store. */
export type SliceCreator<T> = StateCreator<StoreState, [], [], T>;
