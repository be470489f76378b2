import type { AccountView } from '../../../shared/account';
import { urgency } from '../../../shared/expiry';
import { translator, type Language } from '../../../shared/i18n';
import { countdownText } from '../../../shared/i18n/format';
import { accountLabel } from './account-label';

/** The actions the tray menu offers. */
export type TrayAction = 'refresh-all' | 'show' | 'quit';

/** One line of the tray menu; the Electron glue turns these into MenuItems. */
export type TrayMenuItem =
  | { type: 'account'; accountId: string; label: string; urgency: ReturnType<typeof urgency> }
  | { type: 'note'; label: string }
  | { type: 'separator' }
  | { type: 'action'; action: TrayAction; label: string; enabled: boolean };

/** Options of trayMenuModel. */
export interface TrayMenuOptions {
  /** How many upcoming expiries to list; default 5. */
  limit?: number;
  /** The vault is locked: no account is listed and nothing can be refreshed. */
  locked?: boolean;
}

/** Accounts whose token has not expired yet, soonest first. */
function upcoming(views: readonly AccountView[], now: number): AccountView[] {
  return views
    .filter((view) => view.hasToken && view.expiresAt !== null && view.expiresAt > now)
    .sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0) || a.name.localeCompare(b.name));
}

/**
 * The tray menu: the next tokens to expire with live countdowns, a count of those already expired,
 * then "Refresh all", "Show TokenDesk" and "Quit".
 */
export function trayMenuModel(
  views: readonly AccountView[],
  now: number,
  lang: Language,
  options: TrayMenuOptions = {},
): TrayMenuItem[] {
  const t = translator(lang);
  const limit = Math.max(0, options.limit ?? 5);
  const items: TrayMenuItem[] = [];
  if (options.locked) {
    items.push({ type: 'note', label: t('desktop.tray.locked') });
  } else {
    const next = upcoming(views, now);
    for (const view of next.slice(0, limit)) {
      const left = (view.expiresAt ?? now) - now;
      items.push({ type: 'account', accountId: view.id, label: `${accountLabel(view)} — ${countdownText(left, t, lang)}`, urgency: urgency(left) });
    }
    if (next.length > limit) items.push({ type: 'note', label: t('desktop.tray.more', { n: next.length - limit }) });
    const expired = views.filter((view) => view.hasToken && view.expiresAt !== null && view.expiresAt <= now).length;
    if (expired > 0) items.push({ type: 'note', label: expired === 1 ? t('desktop.tray.expiredOne') : t('desktop.tray.expiredMany', { n: expired }) });
    if (items.length === 0) items.push({ type: 'note', label: t('desktop.tray.none') });
  }
  items.push(
    { type: 'separator' },
    { type: 'action', action: 'refresh-all', label: t('desktop.tray.refreshAll'), enabled: !options.locked && views.length > 0 },
    { type: 'action', action: 'show', label: t('desktop.tray.show'), enabled: true },
    { type: 'separator' },
    { type: 'action', action: 'quit', label: t('desktop.tray.quit'), enabled: true },
  );
  return items;
}

/** The tray icon's tooltip: the next token to expire and its countdown. */
export function trayTooltip(views: readonly AccountView[], now: number, lang: Language): string {
  const first = upcoming(views, now)[0];
  const t = translator(lang);
  if (!first || first.expiresAt === null) return t('desktop.tray.tooltip');
  return t('desktop.tray.tooltipNext', { account: accountLabel(first), left: countdownText(first.expiresAt - now, t, lang) });
}
