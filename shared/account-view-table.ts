import { z } from 'zod';
import { AccountViewSchema, type AccountView } from './account';
import { accountViewsProblem } from './account-view-check';

/**
 * The account list as it crosses IPC: the view's keys once, then one array of values per account, in
 * the order of `keys`; `autoRefresh` goes as `[enabled, nextAt, failures, blockedReason]`. With 10,000
 * accounts the key names were over 40 % of the 4.7 MB a window had to receive (and Electron to clone)
 * before showing the list. Decoded, it is exactly AccountView[]; main checks the decoded views as
 * strictly as before (account-view-check.ts).
 */

/** Every key of an AccountView, in the order the table carries them. */
export const VIEW_TABLE_KEYS = Object.keys(AccountViewSchema.shape) as Array<keyof AccountView>;
const KNOWN = new Set<string>(VIEW_TABLE_KEYS);

type AutoRefreshView = AccountView['autoRefresh'];

const packAutoRefresh = (a: AutoRefreshView): unknown[] => [a.enabled, a.nextAt, a.failures, a.blockedReason];

/** The array back to the object; anything else is passed on as it is, for the view check to judge. */
function unpackAutoRefresh(value: unknown): unknown {
  if (!Array.isArray(value) || value.length !== 4) return value;
  const [enabled, nextAt, failures, blockedReason] = value as unknown[];
  return { enabled, nextAt, failures, blockedReason };
}

export const AccountViewTableSchema = z.object({
  keys: z.array(z.enum(VIEW_TABLE_KEYS as [keyof AccountView, ...Array<keyof AccountView>])),
  rows: z.array(z.array(z.unknown())),
});
/** The account list on the wire. */
export type AccountViewTable = z.infer<typeof AccountViewTableSchema>;

/** Views → table (main, before sending). */
export function toViewTable(views: readonly AccountView[]): AccountViewTable {
  const keys = VIEW_TABLE_KEYS;
  const rows = new Array<unknown[]>(views.length);
  for (let i = 0; i < views.length; i += 1) {
    const view = views[i] as AccountView;
    const row = new Array<unknown>(keys.length);
    for (let k = 0; k < keys.length; k += 1) {
      const key = keys[k] as keyof AccountView;
      row[k] = key === 'autoRefresh' ? packAutoRefresh(view.autoRefresh) : view[key];
    }
    rows[i] = row;
  }
  return { keys: [...keys], rows };
}

/** Null when the table's shape is sound: every key a view key, each once, every row as long as `keys`. */
function tableShapeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'result';
  const { keys, rows } = value as Record<string, unknown>;
  if (!Array.isArray(keys) || !Array.isArray(rows)) return 'result';
  if (new Set(keys).size !== keys.length || !keys.every((key) => typeof key === 'string' && KNOWN.has(key))) return 'keys';
  for (let i = 0; i < rows.length; i += 1) {
    const row: unknown = rows[i];
    if (!Array.isArray(row) || row.length !== keys.length) return `${i}`;
  }
  return null;
}

/**
 * Table → views (the window, on arrival). Only known view keys become properties (a key such as
 * `__proto__` is refused with the table), so a row cannot add anything a view does not declare.
 * Throws a TypeError naming the problem when the table is malformed.
 */
export function fromViewTable(table: unknown): AccountView[] {
  const problem = tableShapeProblem(table);
  if (problem) throw new TypeError(`The account list arrived malformed (${problem}).`);
  const { keys, rows } = table as { keys: string[]; rows: unknown[][] };
  const auto = keys.indexOf('autoRefresh');
  const views = new Array<AccountView>(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i] as unknown[];
    const view: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k += 1) view[keys[k] as string] = k === auto ? unpackAutoRefresh(row[k]) : row[k];
    views[i] = view as AccountView;
  }
  return views;
}

/** Null when `value` is a table of valid AccountViews (main's result check), else where the first problem is. */
export function viewTableProblem(value: unknown): string | null {
  const problem = tableShapeProblem(value);
  if (problem) return problem;
  return accountViewsProblem(fromViewTable(value));
}
