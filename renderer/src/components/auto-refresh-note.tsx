import type { ReactElement } from 'react';
import type { AccountView } from '../../../shared/account';
import { countdownText, dateTimeText } from '../../../shared/i18n/format';
import { useLanguage, useT } from '../i18n/use-t';
import { autoRefreshPhase, lastErrorLine } from '../lib/auto-refresh';
import { localized } from '../../../shared/i18n';
import { useAutoRefreshOffDue } from '../hooks/use-auto-refresh-off';
import { useStore } from '../store';
import { useNow } from '../store/clock';
import { WarningIcon } from './icons';

/** "retry in 52s" / "retrying now", ticking with the one clock. */
function useRetryText(nextAt: number | null): string {
  const t = useT();
  const language = useLanguage();
  const now = useNow();
  if (nextAt === null) return '';
  return nextAt > now ? t('auto.retryIn', { time: countdownText(nextAt - now, t, language) }) : t('auto.retryingNow');
}

function RetryingNote({ view, nextAt, failures }: { view: AccountView; nextAt: number | null; failures: number }): ReactElement {
  const t = useT();
  const retry = useRetryText(nextAt);
  const error = lastErrorLine(view, t);
  const head = failures > 1 ? t('auto.failedTimes', { n: failures }) : t('auto.failed');
  return <Note kind="retrying" parts={[head, retry, error]} title={view.lastError?.message ?? null} />;
}

function Note({ kind, parts, title }: { kind: 'retrying' | 'stopped' | 'off'; parts: Array<string | null>; title: string | null }): ReactElement {
  const t = useT();
  return (
    <div role="note" aria-label={t('auto.label')} className={`auto-note auto-${kind}`} title={title ?? undefined}>
      <WarningIcon size={13} />
      <span className="auto-note-text">{parts.filter((p) => p !== null && p !== '').join(' · ')}</span>
    </div>
  );
}

/**
 * The row's second line while auto-refresh is in trouble: the backoff ("failed · retry in 52s") or
 * the stop, with the provider's code and message. Null when all is well (the row shows its subtitle).
 */
export function AutoRefreshNote({ view }: { view: AccountView }): ReactElement | null {
  const t = useT();
  const phase = autoRefreshPhase(view);
  if (phase.kind === 'retrying') return <RetryingNote view={view} nextAt={phase.nextAt} failures={phase.failures} />;
  if (phase.kind === 'stopped') {
    return <Note kind="stopped" parts={[t('auto.stopped'), lastErrorLine(view, t) ?? phase.reason]} title={phase.reason} />;
  }
  return null;
}

/** The row's second line while auto-refresh is off and the token is due: auto-refresh would renew it now. */
export function AutoRefreshOffNote(): ReactElement {
  const t = useT();
  return <Note kind="off" parts={[t('auto.offDue')]} title={t('details.autoRefreshOffDue')} />;
}

/** The button that turns auto-refresh on, with the provider's reason to think twice (OpenIM) as its title. */
export function TurnOnAutoRefresh({ view, className, label }: { view: AccountView; className: string; label: string }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const warning = useStore((s) => s.providers.find((p) => p.id === view.provider)?.autoRefreshWarning);
  const title = [t('row.turnOnAutoRefreshTitle', { name: view.name }), warning ? localized(warning, language) : null].filter(Boolean).join(' · ');
  return (
    <button
      type="button"
      className={className}
      title={title}
      onClick={(e) => {
        e.stopPropagation();
        void useStore.getState().turnOnAutoRefresh(view.id);
      }}
    >
      {label}
    </button>
  );
}

/** True when the row shows an AutoRefreshNote instead of its subtitle. */
export function hasAutoRefreshNote(view: AccountView): boolean {
  const kind = autoRefreshPhase(view).kind;
  return kind === 'retrying' || kind === 'stopped';
}

/** The details pane's auto-refresh fact: off, next run, the backoff after failures, or why it stopped. */
export function AutoRefreshFact({ view }: { view: AccountView }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const now = useNow();
  const phase = autoRefreshPhase(view);
  const offDue = useAutoRefreshOffDue(view);
  const warning = useStore((s) => s.providers.find((p) => p.id === view.provider)?.autoRefreshWarning);
  const at = (nextAt: number): { when: string; time: string } => ({
    when: dateTimeText(nextAt, language),
    time: countdownText(Math.max(0, nextAt - now), t, language),
  });
  switch (phase.kind) {
    case 'off':
      return offDue ? (
        <span className="auto-fact auto-off">
          <span>{t('details.autoRefreshOffDue')}</span>
          <TurnOnAutoRefresh view={view} className="btn small" label={t('details.turnOnAutoRefresh')} />
          {warning && <span className="muted auto-warning">{localized(warning, language)}</span>}
        </span>
      ) : (
        <>{t('details.autoRefreshOff')}</>
      );
    case 'on':
      return <>{t('details.autoRefreshOn')}</>;
    case 'planned':
      return <>{t('details.autoRefreshNext', at(phase.nextAt))}</>;
    case 'stopped':
      // The provider's code and message; the full reason (what to do) is the title and the error banner.
      return (
        <span className="auto-fact auto-stopped" title={phase.reason}>
          {t('details.autoRefreshBlocked', { reason: lastErrorLine(view, t) ?? phase.reason })}
        </span>
      );
    case 'retrying': {
      const failed = phase.failures > 1 ? t('details.autoRefreshFailedTimes', { n: phase.failures }) : t('details.autoRefreshFailedOnce');
      const retry = phase.nextAt === null ? '' : phase.nextAt > now ? t('details.autoRefreshRetry', at(phase.nextAt)) : t('auto.retryingNow');
      return <span className="auto-fact auto-retrying">{retry ? `${failed} · ${retry}` : failed}</span>;
    }
  }
}
