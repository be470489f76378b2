import type { Localized } from '../providers';
import type { UiLanguage } from '../settings';
import { en } from './en';
import { zhCN } from './zh-CN';

/**
 * The one translation mechanism of TokenDesk: the window, main's menu, tray, notifications and native
 * dialogs all look their words up here, in the language shared/settings.ts' `resolveLanguage` picks.
 * Pure TypeScript (no DOM, no Node), so every layer can import it.
 */

/** A UI language. */
export type Language = UiLanguage;
/** A key of the dictionaries (both have exactly the same keys; zh-CN is typed from en). */
export type MessageKey = keyof typeof en;
/** Every key of the dictionaries (for schemas: a message key that crosses IPC must be one of these). */
export const MESSAGE_KEYS = Object.keys(en) as [MessageKey, ...MessageKey[]];
/** Values substituted into `{name}` placeholders. */
export type MessageVars = Readonly<Record<string, string | number>>;
/** A translate function bound to one language. */
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

/** The `{name}` placeholders of a text, as a union of names (never when it has none). */
export type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The keys whose texts differ in their placeholders between two dictionaries (never when none do). */
export type PlaceholderMismatch<A extends Readonly<Record<string, string>>, B extends Readonly<Record<keyof A, string>>> = {
  [K in keyof A & string]: [Placeholders<A[K]>] extends [Placeholders<B[K]>] ? ([Placeholders<B[K]>] extends [Placeholders<A[K]>] ? never : K) : K;
}[keyof A & string];

// A compile error here names each key whose Chinese text lacks or adds a `{placeholder}` of the English one.
const samePlaceholders: [PlaceholderMismatch<typeof en, typeof zhCN>] extends [never] ? true : PlaceholderMismatch<typeof en, typeof zhCN> = true;
void samePlaceholders;

/** Every dictionary, by language. */
export const dictionaries: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = {
  en,
  'zh-CN': zhCN,
};

/** Each language's name in itself, as a language picker shows it whatever the UI language. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English',
  'zh-CN': '简体中文',
};

/** Looks up `key` in `language` and fills its placeholders (an unknown name stays as written). */
export function translate(language: Language, key: MessageKey, vars?: MessageVars): string {
  const text = dictionaries[language][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A translate function for `language`. */
export function translator(language: Language): Translate {
  return (key, vars) => translate(language, key, vars);
}

/**
 * Picks the text of a provider-supplied label in `language`. Such labels (field labels and help, display
 * names, presentation facts, custom providers' own words) are data that travels with the provider, across
 * IPC as `Localized` ({en, zh}) values: not a second dictionary. Words of TokenDesk itself belong in the
 * dictionaries above.
 */
export function localized(text: Localized, language: Language): string {
  return language === 'zh-CN' ? text.zh || text.en : text.en;
}
