import type { ReactElement } from 'react';
import type { ErrorInfo } from '../../../shared/errors';
import { dateTimeText } from '../../../shared/i18n/format';
import { useLanguage, useT } from '../i18n/use-t';
import { errorHeadline } from '../../../shared/i18n/errors';
import { WarningIcon } from './icons';

/**
 * A failed refresh: the provider's own code and message verbatim, what TokenDesk says to do next,
 * and whether it needs a person. The old token stays in place (core keeps it).
 */
export function ErrorBanner({ error, title }: { error: ErrorInfo; title?: string }): ReactElement {
  const t = useT();
  const language = useLanguage();
  return (
    <div className="error-banner" role="alert">
      <WarningIcon size={18} />
      <div>
        <strong>{title ?? t('details.error.title')}</strong>
        <div className="error-headline">
          {errorHeadline(error, t)}
          {error.status !== undefined && <span className="muted"> · HTTP {error.status}</span>}
          {error.at !== undefined && <span className="muted"> · {dateTimeText(error.at, language)}</span>}
        </div>
        {error.provider && (
          <div className="provider-error">
            {t('details.error.provider')} <code>{error.provider.code}</code> {error.provider.message}
          </div>
        )}
        <p className="error-message">{error.message}</p>
        {error.needsUser === true && <p className="needs-user">{t('details.error.needsUser')}</p>}
      </div>
    </div>
  );
}
