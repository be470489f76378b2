import type { AccountView } from './account';
import type { Settings } from './settings';

/**
 * The renewal margin: how long before expiry auto-refresh renews a token. One rule for the scheduler
 * (electron/core/scheduler), `tokendesk exec`, notifications, and every text that explains the margin
 * (the settings' help, "auto-refresh off" hints), so no text can promise another margin than the one run.
 */

/** Margin settings in milliseconds: `percent` of the lifetime, clamped to [minMs, maxMs]. */
export interface Margins {
  percent: number;
  minMs: number;
  maxMs: number;
}

/**
 * How long before expiry to refresh: `percent` of the lifetime, clamped to [minMs, maxMs] (maxMs wins
 * if they cross). Never more than half the lifetime, so a token shorter than the minimum margin is not
 * refreshed again the moment it arrives. An unknown lifetime gets maxMs.
 */
export function refreshMargin(lifetimeMs: number | null, margins: Margins): number {
  if (lifetimeMs === null || !(lifetimeMs > 0)) return Math.max(0, margins.maxMs);
  const share = (lifetimeMs * margins.percent) / 100;
  const clamped = Math.min(margins.maxMs, Math.max(margins.minMs, share));
  return Math.max(0, Math.min(clamped, lifetimeMs / 2));
}

/** The margins the settings ask for (seconds → milliseconds). */
export function marginsFromSettings(settings: Pick<Settings, 'refreshMarginPercent' | 'refreshMarginMinSec' | 'refreshMarginMaxSec'>): Margins {
  return {
    percent: settings.refreshMarginPercent,
    minMs: settings.refreshMarginMinSec * 1000,
    maxMs: settings.refreshMarginMaxSec * 1000,
  };
}

/** The margin of one account's token: from its lifetime when issue and expiry are known. */
export function accountMargin(view: Pick<AccountView, 'issuedAt' | 'expiresAt'>, margins: Margins): number {
  const lifetime = view.issuedAt !== null && view.expiresAt !== null ? view.expiresAt - view.issuedAt : null;
  return refreshMargin(lifetime, margins);
}

/**
 * True when an account's token is inside its renewal margin (or past its expiry) while auto-refresh is
 * off: auto-refresh would renew it now, so the row, the details pane and `tokendesk list` say so and
 * offer to turn it on.
 */
export function autoRefreshOffWhenDue(
  view: Pick<AccountView, 'autoRefresh' | 'hasToken' | 'issuedAt' | 'expiresAt' | 'damage'>,
  margins: Margins,
  now: number,
): boolean {
  if (view.autoRefresh.enabled || !view.hasToken || view.expiresAt === null || view.damage !== null) return false;
  return view.expiresAt - now <= accountMargin(view, margins);
}
