import type { ErrorInfo } from '../../../shared/errors';
import { presentationOf } from '../../../shared/presentation';
import type { ProviderId } from '../../../shared/providers';
import { localized, type Language, type MessageKey, type Translate } from '../../../shared/i18n';

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
 * knows its codes and which step failed), else the generic one for the kind of failure.
 */
export function explainError(provider: ProviderId, error: ErrorInfo, t: Translate, language: Language): Explanation {
  const own = presentationOf(provider).explainError(error);
  if (own) return { meaning: localized(own.meaning, language), next: localized(own.next, language) };
  const base = genericCase(error);
  return { meaning: t(`explain.${base}.meaning` as MessageKey), next: t(`explain.${base}.next` as MessageKey) };
}
