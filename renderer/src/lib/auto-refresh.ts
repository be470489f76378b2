import type { AccountView } from '../../../shared/account';
import type { Translate } from '../../../shared/i18n';
import { errorHeadline, providerLine } from '../../../shared/i18n/errors';

/** What auto-refresh is doing for one account, as the row and the details pane tell it. */
export type AutoRefreshPhase =
  | { kind: 'off' }
  | { kind: 'on' }
  | { kind: 'planned'; nextAt: number }
  | { kind: 'retrying'; nextAt: number | null; failures: number }
  | { kind: 'stopped'; reason: string };

/** Reads the scheduler's state in the view: off, planned, backing off after failures, or stopped. */
export function autoRefreshPhase(view: AccountView): AutoRefreshPhase {
  const auto = view.autoRefresh;
  if (!auto.enabled) return { kind: 'off' };
  if (auto.blockedReason !== null) return { kind: 'stopped', reason: auto.blockedReason };
  if (auto.failures > 0) return { kind: 'retrying', nextAt: auto.nextAt, failures: auto.failures };
  return auto.nextAt !== null ? { kind: 'planned', nextAt: auto.nextAt } : { kind: 'on' };
}

/** The failed refresh in a few words: the provider's own "code: message", else the localized headline. */
export function lastErrorLine(view: AccountView, t: Translate): string | null {
  if (!view.lastError) return null;
  return providerLine(view.lastError) ?? errorHeadline(view.lastError, t);
}
