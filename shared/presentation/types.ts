import { z } from 'zod';
import type { AccountView } from '../account';
import type { Localized, ProviderInfo } from '../providers';

/**
 * How a provider presents its accounts: a typed schema of the extras it writes, the row's subtitle,
 * what search matches, and the sections of the details pane. The renderer and the CLI's `show` draw
 * these generically, so adding a provider touches its own files and no component.
 */

/** One value a presentation shows. Times are epoch ms; the renderer formats them in the UI language. */
export type Shown =
  | { kind: 'text'; text: string; mono?: boolean }
  | { kind: 'label'; text: Localized }
  /** A date and time; with `compactTo`, the short form that omits the year when it is `compactTo`'s. */
  | { kind: 'time'; at: number; compactTo?: number; muted?: boolean }
  | { kind: 'duration'; ms: number }
  | { kind: 'masked'; label: Localized }
  | { kind: 'link'; url: string; label: Localized };

/** A label and its value. */
export interface Fact {
  label: Localized;
  value: Shown;
}

/** One section of the details pane. */
export type PresentedSection =
  | { kind: 'facts'; title: Localized; facts: Fact[]; note?: Localized; /** The note is a warning. */ warning?: boolean }
  /** Facts about a person, beside an initial (remote avatars are outside the CSP). */
  | { kind: 'user'; title: Localized; initial: string; facts: Fact[] }
  | {
      kind: 'table';
      title: Localized;
      facts: Fact[];
      caption: Localized;
      columns: Localized[];
      rows: Shown[][];
      /** Shown instead of the table when it has no rows. */
      empty: Localized;
    };

/** What a presentation may consult besides the account: its provider's declared fields. */
export interface PresentContext {
  provider: ProviderInfo | undefined;
}

/** A provider's presentation; `E` is its extras type. */
export interface ProviderPresentation<E> {
  /** Parses the extras leniently: an entry of the wrong type is dropped, never fatal. */
  extras: z.ZodType<E>;
  /** A short second line for the row (who the token is for), or null. Never a secret. */
  subtitle(view: AccountView, extras: E): string | null;
  /** Extra text search matches besides name, provider and environment. */
  searchTerms(view: AccountView, extras: E): Array<string | undefined>;
  /** The provider's own sections of the details pane. */
  sections(view: AccountView, extras: E, ctx: PresentContext): PresentedSection[];
}

/** Text in both UI languages (a shorthand for declaring labels). */
export const l = (en: string, zh: string): Localized => ({ en, zh });

/** An object schema whose every entry is optional and dropped when it does not match. */
export function lenientObject<S extends Record<string, z.ZodType>>(shape: S) {
  const entries = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, s.optional().catch(undefined)])) as {
    [K in keyof S]: z.ZodCatch<z.ZodOptional<S[K]>>;
  };
  return z.object(entries).catch({} as never);
}

/** Text for a fact; null when the value is absent, so the fact is left out. */
export const text = (value: string | number | undefined | null, mono = false): Shown | null =>
  value === undefined || value === null || value === '' ? null : { kind: 'text', text: String(value), ...(mono ? { mono } : {}) };

/** The facts whose value is known. */
export function facts(rows: Array<[Localized, Shown | null]>): Fact[] {
  return rows.flatMap(([label, value]) => (value ? [{ label, value }] : []));
}
