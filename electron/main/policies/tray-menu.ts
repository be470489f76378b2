import type { AccountView } from '../../../shared/account';
import { formatCountdown, urgency } from '../../../shared/expiry';
import { DESKTOP_TEXTS, accountLabel, type DesktopLanguage } from './messages';

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
  lang: DesktopLanguage,
  options: TrayMenuOptions = {},
): TrayMenuItem[] {
  const texts = DESKTOP_TEXTS[lang];
  const limit = Math.max(0, options.limit ?? 5);
  const items: TrayMenuItem[] = [];
  if (options.locked) {
    items.push({ type: 'note', label: texts.trayLocked });
  } else {
    const next = upcoming(views, now);
    for (const view of next.slice(0, limit)) {
      const left = (view.expiresAt ?? now) - now;
      items.push({ type: 'account', accountId: view.id, label: `${accountLabel(view)} — ${formatCountdown(left)}`, urgency: urgency(left) });
    }
    if (next.length > limit) items.push({ type: 'note', label: texts.trayMore(next.length - limit) });
    const expired = views.filter((view) => view.hasToken && view.expiresAt !== null && view.expiresAt <= now).length;
    if (expired > 0) items.push({ type: 'note', label: texts.trayExpired(expired) });
    if (items.length === 0) items.push({ type: 'note', label: texts.trayNone });
  }
  items.push(
    { type: 'separator' },
    { type: 'action', action: 'refresh-all', label: texts.refreshAll, enabled: !options.locked && views.length > 0 },
    { type: 'action', action: 'show', label: texts.show, enabled: true },
    { type: 'separator' },
    { type: 'action', action: 'quit', label: texts.quit, enabled: true },
  );
  return items;
}

/** The tray icon's tooltip: the next token to expire and its countdown. */
export function trayTooltip(views: readonly AccountView[], now: number, lang: DesktopLanguage): string {
  const first = upcoming(views, now)[0];
  const texts = DESKTOP_TEXTS[lang];
  if (!first || first.expiresAt === null) return texts.tooltip(null, null);
  return texts.tooltip(accountLabel(first), formatCountdown(first.expiresAt - now));
}
