import { useEffect, useState, type ReactElement } from 'react';
import type { AccountView, HistoryEntry } from '../../../shared/account';
import { call } from '../api';
import { dateTimeText, elapsedText } from '../../../shared/i18n/format';
import { useLanguage, useT } from '../i18n/use-t';
import { Section } from './section';

const LIMIT = 20;

/** The account's latest exchanges (time, operation, duration, result, error); reloaded after each refresh. */
export function HistorySection({ view }: { view: AccountView }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const lastErrorAt = view.lastError?.at ?? null;

  useEffect(() => {
    let current = true;
    void call('history:list', { id: view.id, limit: LIMIT }).then((res) => {
      if (!current) return;
      if (res.ok) {
        setEntries(res.value);
        setFailed(null);
      } else setFailed(res.error.message);
    });
    return () => {
      current = false;
    };
  }, [view.id, view.lastRefreshAt, lastErrorAt]);

  let body: ReactElement;
  if (failed !== null) body = <p className="error-text">{failed}</p>;
  else if (entries === null) body = <p className="muted">{t('app.loading')}</p>;
  else if (entries.length === 0) body = <p className="muted">{t('details.history.empty')}</p>;
  else
    body = (
      <div className="table-wrap">
        <table className="data-table" aria-label={t('details.history.title')}>
          <thead>
            <tr>
              <th scope="col">{t('details.history.time')}</th>
              <th scope="col">{t('details.history.operation')}</th>
              <th scope="col">{t('details.history.duration')}</th>
              <th scope="col">{t('details.history.result')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, i) => (
              <tr key={`${entry.at}-${i}`}>
                <td className="nowrap">{dateTimeText(entry.at, language)}</td>
                <td className="mono">
                  {entry.operation}
                  {entry.trigger && <span className="muted"> · {t(`details.history.trigger.${entry.trigger}`)}</span>}
                </td>
                <td className="nowrap">{elapsedText(entry.durationMs, t)}</td>
                <td>
                  {entry.outcome === 'ok' ? (
                    <span className="status status-valid">{t('details.history.ok')}</span>
                  ) : (
                    <>
                      <span className="status status-error">{t('details.history.error')}</span>
                      <div className="small">
                        {entry.errorCode}
                        {entry.httpStatus !== null && ` · HTTP ${entry.httpStatus}`}
                        {entry.errorMessage && <div className="muted">{entry.errorMessage}</div>}
                      </div>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  return <Section title={t('details.history.title')}>{body}</Section>;
}
