import type { AccountView } from '../../../shared/account';
import type { ErrorInfo } from '../../../shared/errors';
import { translator, type Language, type Translate } from '../../../shared/i18n';
import { clipped, errorHeadline, explainError, providerLine } from '../../../shared/i18n/errors';
import type { EventPayload } from '../../../shared/ipc-contract';
import { shortDurationText } from '../../../shared/i18n/format';
import type { Settings } from '../../../shared/settings';
import { accountMargin, marginsFromSettings } from '../../../shared/refresh-margin';
import { accountLabel } from './account-label';

/** What a notification is about; each kind has its own switch in the settings. */
export type NotificationKind = 'expiring' | 'failed' | 'needs-user';

/** What the window is told about a notification: keys and values it translates when it shows them. */
export type WindowNotice = EventPayload<'app:notified'>;

/** A native notification to show (in the language of the moment), and its repeat for the window. */
export interface DesktopNotification {
  kind: NotificationKind;
  accountId: string;
  title: string;
  body: string;
  notice: WindowNotice;
}

/** Which event of each kind was last shown per account: `kind:id` → event key. Start with an empty map. */
export type NotificationMemory = ReadonlyMap<string, string>;

/** The notifications to show now, and the memory to pass to the next call. */
export interface NotificationDecision {
  notifications: DesktopNotification[];
  memory: NotificationMemory;
}

interface Candidate {
  kind: NotificationKind;
  /** Identifies the event: the same key is never shown twice. */
  event: string;
  enabled: boolean;
  title: string;
  body: string;
  notice: WindowNotice;
}

/** How long the provider's own words may be in a notification body (they come from the server, unbounded). */
const PROVIDER_WORDS_MAX = 160;

/**
 * A native body: the sentence in the UI language, then the provider's own code and message verbatim on
 * a line of its own (the server's words, never translated), clipped. Core's English `message` is left
 * out: the headline and the next step say it in the person's language.
 */
function withProviderWords(sentence: string, error: ErrorInfo): string {
  const own = providerLine(error);
  return own ? `${sentence}\n${clipped(own, PROVIDER_WORDS_MAX)}` : sentence;
}

/** The error an auto-refresh stopped on; the scheduler's reason stands in if the account has none recorded. */
function failureOf(view: AccountView, t: Translate): ErrorInfo {
  return view.lastError ?? { code: 'internal', message: view.autoRefresh.blockedReason ?? t('error.internal') };
}

function candidates(view: AccountView, settings: Settings, now: number, lang: Language): Candidate[] {
  const t = translator(lang);
  const account = accountLabel(view);
  const auto = view.autoRefresh;
  const found: Candidate[] = [];
  if (auto.enabled && auto.blockedReason !== null) {
    const error = failureOf(view, t);
    const headline = errorHeadline(error, t);
    const { next } = explainError(view.provider, error, t, lang);
    found.push({
      kind: 'needs-user',
      // A new failure after the user's fix is a new event, even with the same reason.
      event: `${view.lastError?.at ?? view.lastRefreshAt ?? ''}|${auto.blockedReason}`,
      enabled: settings.notifyNeedsUser,
      title: t('desktop.notify.needsUserTitle'),
      body: withProviderWords(t('desktop.notify.needsUserBody', { account, headline, next }), error),
      notice: { level: 'error', message: { key: 'desktop.notice.needsUser', vars: { account } }, error, accountId: view.id },
    });
  } else if (auto.enabled && auto.failures > 0) {
    // One notification per run of failures: the run is named by the last success before it.
    const error = failureOf(view, t);
    const headline = errorHeadline(error, t);
    const retryIn = auto.nextAt !== null && auto.nextAt > now ? shortDurationText(auto.nextAt - now, t) : null;
    found.push({
      kind: 'failed',
      event: `${view.lastRefreshAt ?? 'never'}`,
      enabled: settings.notifyFailed,
      title: t('desktop.notify.failedTitle'),
      body: withProviderWords(retryIn ? t('desktop.notify.failedBodyRetry', { account, headline, retryIn }) : t('desktop.notify.failedBody', { account, headline }), error),
      // The window's list counts down to the retry itself; its toast names the account and explains the error.
      notice: { level: 'error', message: { key: 'desktop.notice.failed', vars: { account } }, error, accountId: view.id },
    });
  }
  const renewsItself = auto.enabled && auto.blockedReason === null;
  if (!renewsItself && view.hasToken && view.expiresAt !== null) {
    const left = view.expiresAt - now;
    if (left > 0 && left <= accountMargin(view, marginsFromSettings(settings))) {
      found.push({
        kind: 'expiring',
        event: `${view.expiresAt}`,
        enabled: settings.notifyExpiring,
        title: t('desktop.notify.expiringTitle'),
        body: t('desktop.notify.expiringBody', {
          account,
          left: shortDurationText(left, t),
          why: t(auto.enabled ? 'desktop.notify.autoRefreshStopped' : 'desktop.notify.autoRefreshOff'),
        }),
        // No countdown in the window's notice: the list shows the live one, in whatever language is chosen then.
        notice: { level: 'info', message: { key: auto.enabled ? 'desktop.notice.expiringStopped' : 'desktop.notice.expiring', vars: { account } }, accountId: view.id },
      });
    }
  }
  return found;
}

/**
 * Decides which native notifications to show for the accounts as they are now: a token that expires
 * within the refresh margin and will not renew itself, an auto-refresh that failed (once per run of
 * failures), an error that needs the user. A kind turned off in the settings is not shown (nor
 * remembered, so turning it on later tells about what is still true). An event is never shown twice.
 */
export function decideNotifications(
  prev: NotificationMemory,
  next: readonly AccountView[],
  settings: Settings,
  now: number,
  lang: Language,
): NotificationDecision {
  const memory = new Map<string, string>();
  const present = new Set(next.map((view) => view.id));
  // Keep what was shown for accounts that still exist; forget removed ones.
  for (const [slot, event] of prev) {
    const id = slot.slice(slot.indexOf(':') + 1);
    if (present.has(id)) memory.set(slot, event);
  }
  const notifications: DesktopNotification[] = [];
  for (const view of next) {
    for (const candidate of candidates(view, settings, now, lang)) {
      const slot = `${candidate.kind}:${view.id}`;
      if (!candidate.enabled || memory.get(slot) === candidate.event) continue;
      memory.set(slot, candidate.event);
      notifications.push({ kind: candidate.kind, accountId: view.id, title: candidate.title, body: candidate.body, notice: candidate.notice });
    }
  }
  return { notifications, memory };
}
