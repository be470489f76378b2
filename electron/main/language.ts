import { app } from 'electron';
import type { Language } from '../../shared/i18n';
import { resolveLanguage, type Settings } from '../../shared/settings';

/** The OS's preferred UI language, e.g. `zh-CN` or `en-US` (what `system` in the settings stands for). */
export function systemLocale(): string {
  return app.getPreferredSystemLanguages()[0] || app.getSystemLocale() || app.getLocale();
}

/** The language of the menu, tray, notifications and native dialogs: the setting, by the app's one rule. */
export function uiLanguage(settings: Pick<Settings, 'language'>): Language {
  return resolveLanguage(settings.language, systemLocale());
}

/**
 * The language of what main says before it has read the settings (the startup error boxes): the OS's, by
 * the same rule as the setting `system`. Call it after `ready`: app.getLocale answers only then.
 */
export function osLanguage(): Language {
  return resolveLanguage('system', systemLocale());
}
