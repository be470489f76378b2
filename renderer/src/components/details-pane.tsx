import { useEffect, useRef, type ReactElement, type RefObject } from 'react';
import type { AccountView } from '../../../shared/account';
import type { ProviderInfo } from '../../../shared/providers';
import { needsQrLogin } from '../../../shared/qr-login';
import { localized } from '../../../shared/i18n';
import { agoText, dateTimeText, expiryText } from '../../../shared/i18n/format';
import { useLanguage, useT } from '../i18n/use-t';
import { liveFacts } from '../lib/account-facts';
import { useStore } from '../store';
import { useNow } from '../store/clock';
import { AutoRefreshFact } from './auto-refresh-note';
import { ErrorExplanation } from './error-explanation';
import { HistorySection } from './history-section';
import { CloseIcon, EditIcon, RefreshIcon, TrashIcon, WarningIcon } from './icons';
import { JwtSection } from './jwt-section';
import { ACCOUNT_LIST_ID } from './account-list';
import { LifetimeBar, StatusBadge } from './live-cells';
import { ProviderFacts } from './provider-facts';
import { Facts, Section } from './section';
import { TokenSection } from './token-section';

/** Status, countdown and the account's times; re-rendered by the clock. */
function Summary({ view }: { view: AccountView }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const now = useNow();
  const facts = liveFacts(view, now);
  const when = (at: number | null): string => (at === null ? '—' : dateTimeText(at, language));
  return (
    <div className="summary">
      <div className="summary-main">
        <StatusBadge status={facts.status} />
        <span role="timer" aria-label={t('row.expiry')} className={`countdown big u-${facts.urgency}`}>
          {expiryText(view.expiresAt, view.hasToken, now, t, language)}
        </span>
      </div>
      <LifetimeBar share={facts.lifetime} urgency={facts.urgency} />
      <Facts
        items={[
          [t('details.expires'), when(view.expiresAt)],
          [t('details.issued'), when(view.issuedAt)],
          [t('details.lastRefresh'), view.lastRefreshAt === null ? t('row.neverRefreshed') : `${when(view.lastRefreshAt)} (${agoText(view.lastRefreshAt, now, language, t)})`],
          // Live like the countdown: the next run or the backoff, and why auto-refresh stopped.
          [t('details.autoRefresh'), <AutoRefreshFact view={view} />],
        ]}
      />
    </div>
  );
}

/** The provider's fields: non-secret values, and for secrets only whether one is saved. */
function FieldsSection({ view, provider }: { view: AccountView; provider: ProviderInfo | undefined }): ReactElement | null {
  const t = useT();
  const language = useLanguage();
  if (!provider) return null;
  const items: Array<readonly [string, string]> = provider.fields.map((field) => {
    const label = localized(field.label, language);
    if (field.secret) return [label, view.secretsSet.includes(field.name) ? t('details.secretSaved') : t('details.notSet')] as const;
    // An empty field means the provider's default applies, or the value it reads from this machine.
    const saved = view.fields[field.name] || field.default || '';
    if (!saved && field.placeholder) return [label, t('details.fromMachine', { value: field.placeholder })] as const;
    const value = saved;
    const option = field.options?.find((o) => o.value === value);
    return [label, option ? localized(option.label, language) : value || '—'] as const;
  });
  return (
    <Section title={t('details.settings')}>
      <Facts items={items} />
    </Section>
  );
}

/**
 * A damaged account says so and what to do: `changed` (its details were changed outside TokenDesk,
 * so its secrets are not used): check the details below, then confirm or delete; `unreadable`: edit
 * it and enter the secret again.
 */
function DamageBanner({ view }: { view: AccountView }): ReactElement | null {
  const t = useT();
  if (!view.damage) return null;
  const { confirmAccount } = useStore.getState();
  return (
    <div className="warning-box damage-box" role="alert">
      <WarningIcon size={18} />
      <div>
        <strong>{view.damage === 'changed' ? t('damage.changedTitle') : t('damage.unreadableTitle')}</strong>
        <p>{view.damage === 'changed' ? t('damage.changedBody') : t('damage.unreadableBody')}</p>
        {view.damage === 'changed' && (
          <button type="button" className="btn" onClick={() => void confirmAccount(view.id)}>
            {t('damage.confirm')}
          </button>
        )}
      </div>
    </div>
  );
}

/** The id of the pane, which the keyboard handler focuses when Enter opens it. */
export const DETAILS_PANE_ID = 'details-pane';

/**
 * When the pane goes while focus is in it (Escape, its Close button, Delete), focus would fall to the page:
 * it goes back to the list instead, where the account's row is still the selected one.
 */
function useFocusBackToList(): RefObject<HTMLElement | null> {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const pane = ref.current;
    // Tracked on the document: the pane's removal moves focus to <body> without any focusin.
    let inside = pane !== null && pane.contains(document.activeElement);
    const onFocusIn = (e: FocusEvent): void => {
      inside = pane !== null && e.target instanceof Node && pane.contains(e.target);
    };
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (inside && lost) document.getElementById(ACCOUNT_LIST_ID)?.focus({ preventScroll: true });
    };
  }, []);
  return ref;
}

/** The details pane of one account. */
export function DetailsPane({ id }: { id: string }): ReactElement | null {
  const t = useT();
  const language = useLanguage();
  const paneRef = useFocusBackToList();
  const view = useStore((s) => s.accounts[id]);
  const provider = useStore((s) => s.providers.find((p) => p.id === view?.provider));
  if (!view) return null;
  const { closeDetails, refreshAccount, openEditDialog, askToDelete, openQrLogin } = useStore.getState();
  const busy = view.refreshing;
  return (
    <aside ref={paneRef} id={DETAILS_PANE_ID} className="details" aria-label={t('details.label')} tabIndex={-1}>
      <header className="details-header">
        <div className="details-title">
          <h2>{view.name}</h2>
          <div className="details-meta">
            <span className={`provider-dot provider-${view.provider}`} aria-hidden="true" />
            <span>{provider ? localized(provider.displayName, language) : view.provider}</span>
            {view.env !== '' && <span className="env-badge">{view.env}</span>}
          </div>
        </div>
        <button type="button" className="icon-btn" aria-label={t('details.close')} title={t('details.close')} onClick={closeDetails}>
          <CloseIcon />
        </button>
      </header>
      <div className="details-body">
        <Summary view={view} />
        <DamageBanner view={view} />
        <div className="details-actions">
          <button type="button" className={needsQrLogin(view) ? 'btn' : 'btn primary'} aria-busy={busy} onClick={() => void refreshAccount(id)}>
            <RefreshIcon className={busy ? 'spin' : undefined} />
            <span>{busy ? t('details.refreshing') : t('details.refresh')}</span>
          </button>
          {provider?.qrLogin === true && (
            <button type="button" className={needsQrLogin(view) ? 'btn primary' : 'btn'} onClick={() => openQrLogin(id)}>
              <span>{t('details.qrLogin')}</span>
            </button>
          )}
          <button type="button" className="btn" onClick={() => openEditDialog(id)}>
            <EditIcon />
            <span>{t('details.edit')}</span>
          </button>
          <button type="button" className="btn danger" onClick={() => askToDelete(id)}>
            <TrashIcon />
            <span>{t('details.delete')}</span>
          </button>
        </div>
        {view.lastError && <ErrorExplanation view={view} error={view.lastError} />}
        <TokenSection view={view} provider={provider} />
        <ProviderFacts view={view} />
        <JwtSection view={view} />
        <FieldsSection view={view} provider={provider} />
        <HistorySection view={view} />
      </div>
    </aside>
  );
}
