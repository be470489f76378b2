import type { AccountView } from '../../shared/account';
import { formatRelativeExpiry } from '../../shared/expiry';
import { autoRefreshOffWhenDue, marginsFromSettings } from '../../shared/refresh-margin';
import type { Settings } from '../../shared/settings';
import type { ProviderInfo } from '../../shared/providers';
import { cliNextStep } from './next-step';

/** The accounts auto-refresh would renew now but may not: their token is inside the margin and it is off. */
export function dueWithAutoRefreshOff(views: readonly AccountView[], settings: Settings, now: number): AccountView[] {
  const margins = marginsFromSettings(settings);
  return views.filter((view) => autoRefreshOffWhenDue(view, margins, now));
}

/**
 * One line per such account: that auto-refresh is off, when the token ends, and the command that turns it
 * on (with the provider's reason to think twice, e.g. OpenIM logs the running client out).
 */
export function autoRefreshOffLines(due: readonly AccountView[], providers: readonly ProviderInfo[], now: number): string {
  return due
    .map((view) => {
      const warning = providers.find((p) => p.id === view.provider)?.autoRefreshWarning;
      const command = cliNextStep({ kind: 'autoRefresh' }, view.id);
      return `"${view.name}": auto-refresh off, token ${view.expiresAt !== null && view.expiresAt <= now ? formatRelativeExpiry(view.expiresAt, now) : `expires ${formatRelativeExpiry(view.expiresAt, now)}`}. Turn it on: ${command}${warning ? ` (${warning.en})` : ''}\n`;
    })
    .join('');
}
