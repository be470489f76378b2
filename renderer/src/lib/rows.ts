import type { AccountView } from '../../../shared/account';
import { presentationOf } from '../../../shared/presentation';
import type { ProviderId, ProviderInfo } from '../../../shared/providers';

/** One line of the virtualized list: a provider's group header or an account. */
export type ListRow =
  | { kind: 'group'; provider: ProviderId; count: number }
  | { kind: 'account'; id: string; provider: ProviderId };

/** The filters the list applies. */
export interface ListFilter {
  query: string;
  provider: ProviderId | null;
  env: string | null;
}

const searchTexts = new WeakMap<AccountView, string>();

/** Everything a search matches for one account: name, provider, environment, and what its presentation adds. Cached per view. */
function searchText(view: AccountView, providerNames: ReadonlyMap<ProviderId, string>): string {
  let text = searchTexts.get(view);
  if (text === undefined) {
    text = [view.name, view.provider, providerNames.get(view.provider) ?? '', view.env, ...presentationOf(view.provider).searchTerms(view)]
      .filter(Boolean)
      .join('\n')
      .toLowerCase();
    searchTexts.set(view, text);
  }
  return text;
}

/** Accounts that pass the filters, grouped by provider (registry order) and sorted by name. */
export function buildRows(
  accounts: Readonly<Record<string, AccountView>>,
  providers: readonly ProviderInfo[],
  filter: ListFilter,
): ListRow[] {
  const providerNames = new Map(providers.map((p) => [p.id, `${p.displayName.en}\n${p.displayName.zh}`] as const));
  const terms = filter.query.toLowerCase().split(/\s+/).filter(Boolean);
  const groups = new Map<ProviderId, AccountView[]>(providers.map((p) => [p.id, []]));
  for (const view of Object.values(accounts)) {
    if (filter.provider !== null && view.provider !== filter.provider) continue;
    if (filter.env !== null && view.env !== filter.env) continue;
    if (terms.length > 0) {
      const text = searchText(view, providerNames);
      if (!terms.every((term) => text.includes(term))) continue;
    }
    let group = groups.get(view.provider);
    if (!group) groups.set(view.provider, (group = []));
    group.push(view);
  }
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  const rows: ListRow[] = [];
  for (const [provider, views] of groups) {
    if (views.length === 0) continue;
    views.sort((a, b) => collator.compare(a.name, b.name) || a.createdAt - b.createdAt);
    rows.push({ kind: 'group', provider, count: views.length });
    for (const view of views) rows.push({ kind: 'account', id: view.id, provider });
  }
  return rows;
}

/** The ids of the account rows, in order. */
export function accountIds(rows: readonly ListRow[]): string[] {
  const ids: string[] = [];
  for (const row of rows) if (row.kind === 'account') ids.push(row.id);
  return ids;
}

/** Distinct environments in use, sorted, with '' (no environment) last. */
export function environments(accounts: Readonly<Record<string, AccountView>>): string[] {
  const envs = new Set<string>();
  for (const view of Object.values(accounts)) envs.add(view.env);
  return [...envs].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
}
