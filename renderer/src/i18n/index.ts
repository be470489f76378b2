import type { Localized } from '../../../shared/providers';
import { resolveLanguage as resolveSettingLanguage, type Settings, type UiLanguage } from '../../../shared/settings';
import { en } from './en';
import { zhCN } from './zh-CN';

/** A UI language. */
export type Language = UiLanguage;
/** A key of the UI dictionaries (both have exactly the same keys; zh-CN is typed from en). */
export type MessageKey = keyof typeof en;
/** Values substituted into `{name}` placeholders. */
export type MessageVars = Readonly<Record<string, string | number>>;
/** A translate function bound to one language. */
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

export const dictionaries: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = {
  en,
  'zh-CN': zhCN,
};

/** The language to show (shared/settings.ts' rule); before main has told the OS locale, the browser's. */
export function resolveLanguage(setting: Settings['language'], systemLocale: string | null): Language {
  return resolveSettingLanguage(setting, systemLocale ?? navigator.language);
}

/** Looks up `key` in `language` and fills its placeholders. */
export function translate(language: Language, key: MessageKey, vars?: MessageVars): string {
  const text = dictionaries[language][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A translate function for `language`. */
export function translator(language: Language): Translate {
  return (key, vars) => translate(language, key, vars);
}

/** Picks the text of a provider-supplied label in `language`. */
export function localized(text: Localized, language: Language): string {
  return language === 'zh-CN' ? text.zh || text.en : text.en;
}
