import { buildRows, type ListRow } from '../lib/rows';
import { useStore, type StoreState } from '../store';

let last: { inputs: unknown[]; rows: ListRow[] } | null = null;

/**
 * The list's rows under the current filters. One cache serves the list and the keyboard handler, so
 * 10,000 accounts are grouped and sorted once per change, not once per reader.
 */
export function selectRows(s: StoreState): ListRow[] {
  const inputs = [s.accounts, s.providers, s.query, s.providerFilter, s.envFilter];
  if (last && last.inputs.every((v, i) => v === inputs[i])) return last.rows;
  const rows = buildRows(s.accounts, s.providers, { query: s.query, provider: s.providerFilter, env: s.envFilter });
  last = { inputs, rows };
  return rows;
}

/** The list's rows, re-rendering the caller when they change. */
export function useRows(): ListRow[] {
  return useStore(selectRows);
}
