import { z } from 'zod';

/** User settings; stored in plain text beside the vault (they hold no secret). */
export const SettingsSchema = z.object({
  language: z.enum(['system', 'en', 'zh-CN']),
  theme: z.enum(['system', 'light', 'dark']),
  /** Auto-refresh runs this share of the token's lifetime before expiry ... */
  refreshMarginPercent: z.number().min(1).max(50),
  /** ... but at least this many seconds ... */
  refreshMarginMinSec: z.number().int().min(0).max(86_400),
  /** ... and at most this many seconds before expiry. */
  refreshMarginMaxSec: z.number().int().min(0).max(86_400),
  /** Seconds after a copy before the clipboard is cleared (0 = never). */
  clipboardClearSec: z.number().int().min(0).max(3_600),
  /** Minutes of idle time before the vault locks (0 = never); only with a passphrase set. */
  lockIdleMin: z.number().int().min(0).max(1_440),
  notifyExpiring: z.boolean(),
  notifyFailed: z.boolean(),
  notifyNeedsUser: z.boolean(),
  /** Keep running in the tray when the window closes; null = the platform's custom. */
  closeToTray: z.boolean().nullable(),
  /** HTTP timeout of an exchange, in seconds. */
  httpTimeoutSec: z.number().int().min(1).max(300),
  /**
   * With a passphrase set: may the system keyring unlock the vault when the app starts? Off, the app
   * asks for the passphrase at each start. Without a passphrase the keyring is the only way in.
   */
  unlockWithKeyringAtStart: z.boolean(),
});
/** User settings. */
export type Settings = z.infer<typeof SettingsSchema>;

/** A language the UI, the menu and the notifications come in. */
export type UiLanguage = Exclude<Settings['language'], 'system'>;

/**
 * The one language resolution (renderer, menu, tray and notifications): the setting, or for `system`
 * the OS locale (any Chinese locale → 简体中文, anything else or unknown → English).
 */
export function resolveLanguage(setting: Settings['language'], systemLocale: string | null | undefined): UiLanguage {
  if (setting !== 'system') return setting;
  return (systemLocale ?? '').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Settings a new installation starts with. */
export const DEFAULT_SETTINGS: Settings = {
  language: 'system',
  theme: 'system',
  refreshMarginPercent: 10,
  refreshMarginMinSec: 60,
  refreshMarginMaxSec: 600,
  clipboardClearSec: 30,
  lockIdleMin: 15,
  notifyExpiring: true,
  notifyFailed: true,
  notifyNeedsUser: true,
  closeToTray: null,
  httpTimeoutSec: 15,
  unlockWithKeyringAtStart: false,
};

/** A partial update of the settings. */
export const SettingsPatchSchema = SettingsSchema.partial();
/** A partial update of the settings. */
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
