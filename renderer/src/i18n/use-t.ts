import { useMemo } from 'react';
import { useStore } from '../store';
import { selectLanguage } from '../store/app-slice';
import { translator, type Language, type Translate } from '../../../shared/i18n';

/** The current UI language. */
export function useLanguage(): Language {
  return useStore(selectLanguage);
}

/** A translate function for the current language; re-renders the caller when the language changes. */
export function useT(): Translate {
  const language = useLanguage();
  return useMemo(() => translator(language), [language]);
}
