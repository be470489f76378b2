import type { ErrorCode, ErrorInfo } from '../errors';
import { presentationOf } from '../presentation';
import type { ProviderId } from '../providers';
import { clockTimeText } from './format';
import { localized, type Language, type MessageKey, type Translate } from './index';

/**
 * How an error is worded in the person's language, wherever it is shown: the window (banners, toasts,
 * the details pane) and main (native notifications, notices sent into the window). Core's `message`
 * is English advice for logs and the CLI; these words come from the dictionaries, and the provider's
 * own words (the server's) are quoted verbatim beside them.
 */

const HEADLINES: Readonly<Record<ErrorCode, MessageKey>> = {
  provider_rejected: 'error.provider_rejected',
  http_error: 'error.http_error',
  bad_response: 'error.bad_response',
  network: 'error.network',
  timeout: 'error.timeout',
  invalid_input: 'error.invalid_input',
  not_found: 'error.not_found',
  locked: 'error.locked',
  internal: 'error.internal',
};

/**
 * TokenDesk's own reasons (ErrorInfo.reason set by the engine or main, not by a provider): each has its
 * own headline, and either a detail line (with the time to try again) or what it means and the next step.
 */
const OWN_REASONS: Readonly<Record<string, { headline: MessageKey; detail?: MessageKey; meaning?: MessageKey; next?: MessageKey }>> = {
  secret_budget: { headline: 'error.reason.secret_budget', detail: 'error.reason.secret_budget.detail' },
  try_foreign_origin: {
    headline: 'error.reason.try_foreign_origin',
    meaning: 'explain.reason.try_foreign_origin.meaning',
    next: 'explain.reason.try_foreign_origin.next',
  },
  edit_moves_origin: {
    headline: 'error.reason.edit_moves_origin',
    meaning: 'explain.reason.edit_moves_origin.meaning',
    next: 'explain.reason.edit_moves_origin.next',
  },
};

const ownReason = (error: Pick<ErrorInfo, 'reason'>) => (error.reason !== undefined && Object.hasOwn(OWN_REASONS, error.reason) ? OWN_REASONS[error.reason] : undefined);

/** A localized headline for an error: TokenDesk's own reason's when it has one, else its code's, e.g. "The provider refused". */
export function errorHeadline(error: Pick<ErrorInfo, 'code' | 'reason'>, t: Translate): string {
  return t(ownReason(error)?.headline ?? HEADLINES[error.code]);
}

/** The provider's own code and message, verbatim, e.g. "1002: wrong secret"; null when there is none. */
export function providerLine(error: ErrorInfo): string | null {
  return error.provider ? `${error.provider.code}: ${error.provider.message}` : null;
}

/**
 * One line for a toast: TokenDesk's own reason in the UI language when it has a detail line (with
 * `language`), else the provider's own code and message when there is one, then what to do.
 */
export function errorDetail(error: ErrorInfo, t?: Translate, language?: Language): string {
  const detail = ownReason(error)?.detail;
  if (detail && t && language) return t(detail, { time: error.retryAt === undefined ? '—' : clockTimeText(error.retryAt, language) });
  const own = providerLine(error);
  return own ? `${own} · ${error.message}` : error.message;
}

/** `text` cut to at most `max` characters (an ellipsis marks the cut), on one line. */
export function clipped(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** What an error means and the one next step, in the UI language. */
export interface Explanation {
  meaning: string;
  next: string;
}

function genericCase(error: ErrorInfo): string {
  switch (error.code) {
    case 'http_error': {
      const status = error.status ?? 0;
      if (status >= 500) return 'http5xx';
      if (status === 401 || status === 403) return 'http401';
      if (status === 404 || status === 405) return 'http404';
      return 'http';
    }
    case 'provider_rejected':
      return 'rejected';
    case 'not_found':
      return 'invalid_input';
    default:
      return error.code;
  }
}

/**
 * Explains an error in the person's terms: the provider's own explanation first (its presentation
 * knows its codes and which step failed, ErrorInfo.reason), else the generic one for the kind of failure.
 */
export function explainError(provider: ProviderId, error: ErrorInfo, t: Translate, language: Language): Explanation {
  const reason = ownReason(error);
  if (reason?.meaning && reason.next) return { meaning: t(reason.meaning), next: t(reason.next) };
  const own = presentationOf(provider).explainError(error);
  if (own) return { meaning: localized(own.meaning, language), next: localized(own.next, language) };
  const base = genericCase(error);
  return { meaning: t(`explain.${base}.meaning` as MessageKey), next: t(`explain.${base}.next` as MessageKey) };
}
