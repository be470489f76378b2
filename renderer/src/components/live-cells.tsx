import type { ReactElement } from 'react';
import type { AccountStatus, AccountView } from '../../../shared/account';
import { accountStatus, lifetimeLeft, remainingMs, urgency } from '../../../shared/expiry';
import { agoText, expiryText } from '../../../shared/i18n/format';
import { useLanguage, useT } from '../i18n/use-t';
import { useClockValue } from '../store/clock';

/** Steps of the lifetime bar: finer than a pixel of the bar, coarse enough that most ticks change nothing. */
const BAR_STEPS = 500;

/** The bar's share rounded to a step, so a tick re-renders (and restyles) the bar only when it would move. */
export function barShare(share: number | null): number | null {
  return share === null ? null : Math.round(share * BAR_STEPS) / BAR_STEPS;
}

/** Status badge in the UI language. */
export function StatusBadge({ status }: { status: AccountStatus }): ReactElement {
  const t = useT();
  return <span className={`status status-${status}`}>{t(`status.${status}`)}</span>;
}

/** The bar of the lifetime left; purely visual (the countdown next to it carries the information). */
export function LifetimeBar({ share, urgency }: { share: number | null; urgency: string }): ReactElement {
  return (
    <div className={`lifebar u-${urgency}`} aria-hidden="true">
      {/* The width is set through the CSSOM (allowed by the CSP), and scaleX avoids layout work per tick. */}
      <div className="lifebar-fill" style={{ transform: `scaleX(${barShare(share) ?? 0})` }} />
    </div>
  );
}

/** A row's status, re-rendered only when it changes (e.g. valid → expiring), not every second. */
function LiveStatus({ view }: { view: AccountView }): ReactElement {
  const status = useClockValue((now) => accountStatus(view, now));
  return <StatusBadge status={status} />;
}

function urgencyAt(view: AccountView, now: number): ReturnType<typeof urgency> {
  return view.hasToken ? urgency(remainingMs(view.expiresAt, now)) : 'none';
}

/** The countdown text: the one part of a row that changes every second. */
function Countdown({ view }: { view: AccountView }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const text = useClockValue((now) => expiryText(view.expiresAt, view.hasToken, now, t, language));
  const level = useClockValue((now) => urgencyAt(view, now));
  return (
    <span role="timer" aria-label={t('row.expiry')} className={`countdown u-${level}`}>
      {text}
    </span>
  );
}

/** The row's lifetime bar, re-rendered when it moves by a step or changes colour. */
function LiveBar({ view }: { view: AccountView }): ReactElement {
  const share = useClockValue((now) => (view.hasToken ? barShare(lifetimeLeft(view.issuedAt, view.expiresAt, now)) : null));
  const level = useClockValue((now) => urgencyAt(view, now));
  return <LifetimeBar share={share} urgency={level} />;
}

/** "refreshed 3m ago", re-rendered when the words change. */
function LastRefreshed({ at }: { at: number }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const when = useClockValue((now) => agoText(at, now, language, t));
  return <>{t('row.refreshedAgo', { when })}</>;
}

/**
 * The parts of a row that change with time. Each piece subscribes to the clock for its own value,
 * so a tick re-renders a piece only when what it shows changed.
 */
export function LiveCells({ view }: { view: AccountView }): ReactElement {
  return (
    <>
      <div role="gridcell" className="cell-status">
        <LiveStatus view={view} />
      </div>
      <div role="gridcell" className="cell-countdown">
        <Countdown view={view} />
        <LiveBar view={view} />
      </div>
      <div role="gridcell" className="cell-last muted">
        {/* The status already says "never refreshed"; a dash avoids saying it twice. */}
        {view.lastRefreshAt === null ? '—' : <LastRefreshed at={view.lastRefreshAt} />}
      </div>
    </>
  );
}
