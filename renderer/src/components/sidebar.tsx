import { useMemo, type ReactElement } from 'react';
import type { AccountView } from '../../../shared/account';
import { accountStatus } from '../../../shared/expiry';
import type { ProviderId } from '../../../shared/providers';
import { localized } from '../i18n';
import { useLanguage, useT } from '../i18n/use-t';
import { environments } from '../lib/rows';
import { useCoarseNow } from '../store/clock';
import { useStore } from '../store';

interface Tally {
  total: number;
  byProvider: Map<ProviderId, { count: number; attention: number }>;
  byEnv: Map<string, number>;
}

/** Counts per provider and environment; "attention" = expiring, expired or failed right now. */
function tally(accounts: Readonly<Record<string, AccountView>>, now: number): Tally {
  const result: Tally = { total: 0, byProvider: new Map(), byEnv: new Map() };
  for (const view of Object.values(accounts)) {
    result.total++;
    const entry = result.byProvider.get(view.provider) ?? { count: 0, attention: 0 };
    entry.count++;
    const status = accountStatus(view, now);
    if (status === 'expiring' || status === 'expired' || status === 'error') entry.attention++;
    result.byProvider.set(view.provider, entry);
    result.byEnv.set(view.env, (result.byEnv.get(view.env) ?? 0) + 1);
  }
  return result;
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
  // Badges follow the clock, but every 5 s is plenty for a tally over thousands of accounts.
  const now = useCoarseNow(5_000);
  const counts = useMemo(() => tally(accounts, now), [accounts, now]);
  const envs = useMemo(() => environments(accounts), [accounts]);

  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <h2 className="sidebar-heading">{t('sidebar.providers')}</h2>
      <ul className="filter-list">
        <li>
          <button type="button" className="filter" aria-pressed={providerFilter === null} onClick={() => filterByProvider(null)}>
            <span className="filter-name">{t('sidebar.all')}</span>
            <span className="count">{counts.total}</span>
          </button>
        </li>
        {providers.map((p) => {
          const entry = counts.byProvider.get(p.id);
          return (
            <li key={p.id}>
              <button type="button" className="filter" aria-pressed={providerFilter === p.id} onClick={() => filterByProvider(p.id)}>
                <span className={`provider-dot provider-${p.id}`} aria-hidden="true" />
                <span className="filter-name">{localized(p.displayName, language)}</span>
                {entry !== undefined && entry.attention > 0 && (
                  <span className="badge attention" title={t('sidebar.attention', { n: entry.attention })}>
                    {entry.attention}
                    <span className="visually-hidden"> {t('sidebar.attention', { n: entry.attention })}</span>
                  </span>
                )}
                <span className="count">{entry?.count ?? 0}</span>
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
                  <span className="count">{counts.byEnv.get(env) ?? 0}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </nav>
  );
}
