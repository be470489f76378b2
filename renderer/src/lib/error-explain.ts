import type { ErrorInfo } from '../../../shared/errors';
import type { ProviderId } from '../../../shared/providers';
import type { MessageKey } from '../i18n';
import { en } from '../i18n/en';

/** What an error means and the one next step, as dictionary keys. */
export interface Explanation {
  meaning: MessageKey;
  next: MessageKey;
}

const known = (base: string): Explanation | null => {
  const meaning = `explain.${base}.meaning`;
  const next = `explain.${base}.next`;
  return meaning in en && next in en ? { meaning: meaning as MessageKey, next: next as MessageKey } : null;
};

// Token errors of OpenIM's admin token (providers.md §4): expired, invalid, malformed, not yet valid, kicked, gone.
const OPENIM_TOKEN_CODES = new Set(['1501', '1502', '1503', '1504', '1506', '1507']);

/** The case of a provider's own code, by what each provider's sources document. */
function providerCase(provider: ProviderId, code: string): string | null {
  switch (provider) {
    case 'sud':
      return `sud.${code}`;
    case 'openim':
      return OPENIM_TOKEN_CODES.has(code) ? 'openim.token' : `openim.${code}`;
    case 'sainiu': {
      if (/^FAIL_SYS_(SESSION|TOKEN)/i.test(code)) return 'sainiu.session';
      if (/^FAIL/i.test(code)) return 'sainiu.fail';
      const n = Number(code);
      return Number.isFinite(n) && n >= 500 ? 'sainiu.framework' : 'sainiu.refused';
    }
    case 'oneaccess':
      // OneAccess codes (APP.0001 …) vary by tenant; the step that failed (reason) tells more.
      return null;
  }
}

function byCode(error: ErrorInfo): string {
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
 * Explains an error in the person's terms: the provider's reason key first (it knows which step
 * failed), then the provider's own code, then the generic error code.
 */
export function explainError(provider: ProviderId, error: ErrorInfo): Explanation {
  const fromReason = error.reason ? known(`${provider}.${error.reason}`) : null;
  if (fromReason) return fromReason;
  const own = error.provider ? providerCase(provider, error.provider.code) : null;
  const fromCode = own ? known(own) : null;
  return fromCode ?? known(byCode(error)) ?? { meaning: 'explain.internal.meaning', next: 'explain.internal.next' };
}
