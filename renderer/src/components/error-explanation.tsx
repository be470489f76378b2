import type { ReactElement } from 'react';
import type { AccountView } from '../../../shared/account';
import type { ErrorInfo } from '../../../shared/errors';
import { dateTimeText } from '../../../shared/i18n/format';
import { useLanguage, useT } from '../i18n/use-t';
import { errorHeadline, explainError } from '../../../shared/i18n/errors';
import { useStore } from '../store';
import { CopyIcon, WarningIcon } from './icons';
import { NextStepButton } from './next-step-button';

/**
 * What the server said (its own code and message, verbatim), what that means and the one next step, then
 * TokenDesk's own full message folded away: for a failed refresh and for a custom provider's failed try.
 */
export function ErrorFacts({ error, providerId, testId }: { error: ErrorInfo; providerId: string; testId: string }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const explanation = explainError(providerId, error, t, language);
  return (
    <>
      <dl className="error-facts">
        <dt>{t('explain.said')}</dt>
        <dd className="provider-error" data-testid={`${testId}-said`}>
          {error.provider ? (
            <>
              <code>{error.provider.code}</code> {error.provider.message}
            </>
          ) : (
            <span className="muted">{t('explain.nothingSaid')}</span>
          )}
        </dd>
        <dt>{t('explain.meaning')}</dt>
        <dd data-testid={`${testId}-meaning`}>{explanation.meaning}</dd>
        <dt>{t('explain.next')}</dt>
        <dd data-testid={`${testId}-next`} className="error-next">
          {explanation.next}
        </dd>
      </dl>
      {/* TokenDesk's own full message (English, from core): there for the specifics, folded away. */}
      <details className="error-detail">
        <summary>{t('explain.detail')}</summary>
        <p className="error-message muted">{error.message}</p>
      </details>
    </>
  );
}

/**
 * The account's failed refresh, explained: what the server said (its own code and message, verbatim),
 * what that means, the one next step, and a button that copies the redacted last exchange.
 */
export function ErrorExplanation({ view, error }: { view: AccountView; error: ErrorInfo }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const { copyDiagnostic } = useStore.getState();
  // "The previous token is kept" only when there is one to keep.
  const title = view.hasToken ? t('details.error.title') : t('details.error.titleNoToken');
  return (
    <section className="error-banner error-explained" role="alert" aria-label={title}>
      <WarningIcon size={18} />
      <div>
        <strong>{title}</strong>
        <div className="error-headline">
          {errorHeadline(error, t)}
          {error.status !== undefined && <span className="muted"> · HTTP {error.status}</span>}
          {error.at !== undefined && <span className="muted"> · {dateTimeText(error.at, language)}</span>}
        </div>
        <ErrorFacts error={error} providerId={view.provider} testId="error" />
        {error.next && <NextStepButton view={view} step={error.next} />}
        {error.needsUser === true && <p className="needs-user">{t('details.error.needsUser')}</p>}
        <button type="button" className="btn small" title={t('explain.copyDiagnosticHelp')} onClick={() => void copyDiagnostic(view.id)}>
          <CopyIcon size={14} />
          <span>{t('explain.copyDiagnostic')}</span>
        </button>
      </div>
    </section>
  );
}
