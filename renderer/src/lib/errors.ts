import type { ErrorInfo } from '../../../shared/errors';
import type { MessageKey, Translate } from '../../../shared/i18n';

const HEADLINES: Readonly<Record<ErrorInfo['code'], MessageKey>> = {
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

/** A localized headline for an error's code, e.g. "The provider refused". */
export function errorHeadline(error: ErrorInfo, t: Translate): string {
  return t(HEADLINES[error.code]);
}

/** The provider's own code and message, verbatim, e.g. "1002: wrong secret"; null when there is none. */
export function providerLine(error: ErrorInfo): string | null {
  return error.provider ? `${error.provider.code}: ${error.provider.message}` : null;
}

/** One line for a toast: the provider's own code and message when there is one, then what to do. */
export function errorDetail(error: ErrorInfo): string {
  const own = providerLine(error);
  return own ? `${own} · ${error.message}` : error.message;
}
