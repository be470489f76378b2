import { useState, type ReactElement } from 'react';
import type { ErrorInfo } from '../../../shared/errors';
import { errorHeadline } from '../../../shared/i18n/errors';
import { dateTimeText, expiryText } from '../../../shared/i18n/format';
import type { ProviderTryResult as TryResult } from '../../../shared/ipc-contract';
import { call } from '../api';
import { useLanguage, useT } from '../i18n/use-t';
import { useNow } from '../store/clock';
import { RequestView } from './custom-preview-panel';
import { ErrorFacts } from './error-explanation';
import { WarningIcon } from './icons';

/** The answer as shown: indented when it is JSON (main has already masked it), else as it came. */
function answerText(answer: string): string {
  try {
    return JSON.stringify(JSON.parse(answer), null, 2);
  } catch {
    return answer;
  }
}

/** What was extracted: the token (masked by main) and its expiry as a date and the time left. */
function Extracted({ extracted }: { extracted: NonNullable<TryResult['extracted']> }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const now = useNow();
  return (
    <dl className="facts try-facts" data-testid="try-extracted">
      <dt>{t('custom.tryToken')}</dt>
      <dd>
        <code>{extracted.token}</code> <span className="muted">{t('custom.tryTokenLength', { n: extracted.tokenLength })}</span>
      </dd>
      <dt>{t('custom.tryExpiry')}</dt>
      <dd>
        {extracted.expiresAt === null ? (
          t('countdown.unknown')
        ) : (
          <>
            {dateTimeText(extracted.expiresAt, language)} <span className="muted">({expiryText(extracted.expiresAt, true, now, t, language)})</span>
          </>
        )}
      </dd>
    </dl>
  );
}

/** A failed try, explained as a failed refresh is: what the server said, what it means, the next step. */
function TryError({ providerId, error }: { providerId: string; error: ErrorInfo }): ReactElement {
  const t = useT();
  // A custom provider has no codes of its own to explain: the explanation is the one for the kind of failure.
  return (
    <div className="error-banner error-explained" role="alert">
      <WarningIcon size={18} />
      <div>
        <strong>{errorHeadline(error, t)}</strong>
        <ErrorFacts error={error} providerId={providerId} testId="try" />
      </div>
    </div>
  );
}

/**
 * Try it: sends the definition's request for real with an account's stored values (or typed ones) and
 * shows what came back, redacted by main. Nothing is saved.
 */
export function TryPanel(props: { providerId: string; definition: unknown; valid: boolean; accountId: string | null; values: Readonly<Record<string, string>> | null }): ReactElement {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TryResult | null>(null);
  const [failure, setFailure] = useState<ErrorInfo | null>(null);

  const run = async (): Promise<void> => {
    setBusy(true);
    setFailure(null);
    const args = props.accountId !== null ? { definition: props.definition, accountId: props.accountId } : { definition: props.definition, values: { ...props.values } };
    const res = await call('providers:try', args);
    setBusy(false);
    if (res.ok) setResult(res.value);
    else {
      setResult(null);
      setFailure(res.error);
    }
  };

  return (
    <section className="try-panel" aria-labelledby="cp-try-title" aria-busy={busy}>
      <h3 id="cp-try-title">{t('custom.try')}</h3>
      <p className="help" id="cp-try-help">
        {t('custom.tryHelp')}
      </p>
      <button type="button" className="btn" disabled={busy || !props.valid} aria-describedby="cp-try-help" onClick={() => void run()}>
        {busy ? t('custom.trying') : t('custom.tryButton')}
      </button>
      {!props.valid && <p className="help">{t('custom.tryInvalid')}</p>}
      {failure && <TryError providerId={props.providerId} error={failure} />}
      {result && (
        <div className="try-result" role="status" aria-label={t('custom.tryResult')}>
          <RequestView request={{ ...result.request, headers: Object.entries(result.request.headers).map(([name, value]) => ({ name, value, implied: false })) }} label={t('custom.trySent')} />
          <p className="try-status">
            {t('custom.tryStatus')}: <strong data-testid="try-status">{result.status === null ? t('custom.tryNoStatus') : `HTTP ${result.status}`}</strong>
          </p>
          {result.answer !== null && (
            <figure className="request-view" aria-label={t('custom.tryAnswer')}>
              <figcaption className="request-view-caption">{t('custom.tryAnswer')}</figcaption>
              <pre className="try-answer" tabIndex={0} data-testid="try-answer">
                {answerText(result.answer)}
              </pre>
            </figure>
          )}
          {result.extracted && <Extracted extracted={result.extracted} />}
          {result.error && <TryError providerId={props.providerId} error={result.error} />}
        </div>
      )}
    </section>
  );
}
