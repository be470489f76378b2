import { useMemo, type ReactElement } from 'react';
import type { AccountView } from '../../../shared/account';
import { EXPIRING_WITHIN_MS, accountStatus } from '../../../shared/expiry';
import type { ProviderId } from '../../../shared/providers';
import { localized } from '../../../shared/i18n';
import { useLanguage, useT } from '../i18n/use-t';
import { environments } from '../lib/rows';
import { useClockValue } from '../store/clock';
import { useStore } from '../store';

interface ProviderTally {
  count: number;
  failed: number;
  /** When each token enters the expiring window (expiresAt − EXPIRING_WITHIN_MS), ascending. */
  expiringFrom: number[];
}

interface Tally {
  total: number;
  byProvider: Map<ProviderId, ProviderTally>;
  byEnv: Map<string, number>;
}

/**
 * Counts per provider and environment, built once per change of the accounts. Which accounts need
 * attention (expiring, expired or failed; accountStatus' rules) then costs a binary search per
 * provider at any moment, so the badges can follow the clock even with 10,000 accounts.
 */
function tally(accounts: Readonly<Record<string, AccountView>>): Tally {
  const result: Tally = { total: 0, byProvider: new Map(), byEnv: new Map() };
  for (const view of Object.values(accounts)) {
    result.total++;
    let entry = result.byProvider.get(view.provider);
    if (!entry) result.byProvider.set(view.provider, (entry = { count: 0, failed: 0, expiringFrom: [] }));
    entry.count++;
    // 'error' does not depend on the time; the other states that need attention start at a known moment.
    if (accountStatus(view, 0) === 'error') entry.failed++;
    else if (view.hasToken && view.expiresAt !== null) entry.expiringFrom.push(view.expiresAt - EXPIRING_WITHIN_MS);
    result.byEnv.set(view.env, (result.byEnv.get(view.env) ?? 0) + 1);
  }
  for (const entry of result.byProvider.values()) entry.expiringFrom.sort((a, b) => a - b);
  return result;
}

/** How many of a provider's accounts need attention at `now`. */
function attention(entry: ProviderTally, now: number): number {
  let lo = 0;
  let hi = entry.expiringFrom.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (entry.expiringFrom[mid]! <= now) lo = mid + 1;
    else hi = mid;
  }
  return entry.failed + lo;
}

/** The attention badge of one provider; the only part of the sidebar the clock re-renders. */
function AttentionBadge({ entry }: { entry: ProviderTally | undefined }): ReactElement | null {
  const t = useT();
  // Re-rendered when the number changes, not on every tick.
  const n = useClockValue((now) => (entry ? attention(entry, now) : 0));
  if (n === 0) return null;
  return (
    <span className="badge attention" title={t('sidebar.attention', { n })}>
      <span aria-hidden="true">{n}</span>
      <span className="visually-hidden">, {t('sidebar.attention', { n })}</span>
    </span>
  );
}

/**
 * A filter's account count: the bare number on screen, and "accounts: 2" for a screen reader, so the
 * button's name reads "OpenIM, accounts: 2, 1 expiring or failed" rather than "OpenIM 1 2".
 */
function Count({ n }: { n: number }): ReactElement {
  const t = useT();
  return (
    <>
      <span className="visually-hidden">, {t('sidebar.count', { n })}</span>
      <span className="count" aria-hidden="true">
        {n}
      </span>
    </>
  );
}

/** Provider and environment filters with counts, and a badge for accounts that need attention. */
export function Sidebar(): ReactElement {
  const t = useT();
  const language = useLanguage();
  const accounts = useStore((s) => s.accounts);
  const providers = useStore((s) => s.providers);
  const providerFilter = useStore((s) => s.providerFilter);
  const envFilter = useStore((s) => s.envFilter);
  const { filterByProvider, filterByEnv } = useStore.getState();
  const counts = useMemo(() => tally(accounts), [accounts]);
  const envs = useMemo(() => environments(accounts), [accounts]);
  // Accounts whose custom provider is not defined (any more) keep a filter of their own, under the provider's id.
  const filters = useMemo(() => {
    const known = providers.map((p) => ({ id: p.id, name: localized(p.displayName, language) }));
    const missing = [...counts.byProvider.keys()].filter((id) => !providers.some((p) => p.id === id)).sort();
    return [...known, ...missing.map((id) => ({ id, name: id }))];
  }, [providers, counts, language]);

  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <h2 className="sidebar-heading">{t('sidebar.providers')}</h2>
      <ul className="filter-list">
        <li>
          <button type="button" className="filter" aria-pressed={providerFilter === null} onClick={() => filterByProvider(null)}>
            <span className="filter-name">{t('sidebar.all')}</span>
            <Count n={counts.total} />
          </button>
        </li>
        {filters.map((p) => {
          const entry = counts.byProvider.get(p.id);
          return (
            <li key={p.id}>
              <button type="button" className="filter" aria-pressed={providerFilter === p.id} onClick={() => filterByProvider(p.id)}>
                <span className={`provider-dot provider-${p.id}`} aria-hidden="true" />
                <span className="filter-name">{p.name}</span>
                <Count n={entry?.count ?? 0} />
                <AttentionBadge entry={entry} />
              </button>
            </li>
          );
        })}
      </ul>
      {envs.length > 0 && (
        <>
          <h2 className="sidebar-heading">{t('sidebar.environments')}</h2>
          <ul className="filter-list">
            <li>
              <button type="button" className="filter" aria-pressed={envFilter === null} onClick={() => filterByEnv(null)}>
                <span className="filter-name">{t('sidebar.allEnvs')}</span>
              </button>
            </li>
            {envs.map((env) => (
              <li key={env}>
                <button type="button" className="filter" aria-pressed={envFilter === env} onClick={() => filterByEnv(env)}>
                  <span className="filter-name">{env === '' ? t('sidebar.noEnv') : env}</span>
                  <Count n={counts.byEnv.get(env) ?? 0} />
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </nav>
  );
}
