import type { ReactElement } from 'react';
import type { AccountView } from '../../../shared/account';
import { agoText, expiryText } from '../../../shared/i18n/format';
import { useLanguage, useT } from '../i18n/use-t';
import { liveFacts } from '../lib/account-facts';
import { useNow } from '../store/clock';

/** Status badge in the UI language. */
export function StatusBadge({ status }: { status: ReturnType<typeof liveFacts>['status'] }): ReactElement {
  const t = useT();
  return <span className={`status status-${status}`}>{t(`status.${status}`)}</span>;
}

/** The bar of the lifetime left; purely visual (the countdown next to it carries the information). */
export function LifetimeBar({ share, urgency }: { share: number | null; urgency: string }): ReactElement {
  return (
    <div className={`lifebar u-${urgency}`} aria-hidden="true">
      {/* The width is set through the CSSOM (allowed by the CSP), and scaleX avoids layout work per tick. */}
      <div className="lifebar-fill" style={{ transform: `scaleX(${share ?? 0})` }} />
    </div>
  );
}

/** The parts of a row that change with time: the only part of a row the clock re-renders. */
export function LiveCells({ view }: { view: AccountView }): ReactElement {
  const now = useNow();
  const t = useT();
  const language = useLanguage();
  const facts = liveFacts(view, now);
  return (
    <>
      <div role="gridcell" className="cell-status">
        <StatusBadge status={facts.status} />
      </div>
      <div role="gridcell" className="cell-countdown">
        <span role="timer" aria-label={t('row.expiry')} className={`countdown u-${facts.urgency}`}>
          {expiryText(view.expiresAt, view.hasToken, now, t, language)}
        </span>
        <LifetimeBar share={facts.lifetime} urgency={facts.urgency} />
      </div>
      <div role="gridcell" className="cell-last muted">
        {/* The status already says "never refreshed"; a dash avoids saying it twice. */}
        {view.lastRefreshAt === null ? '—' : t('row.refreshedAgo', { when: agoText(view.lastRefreshAt, now, language, t) })}
      </div>
    </>
  );
}
