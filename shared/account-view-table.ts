import { z } from 'zod';
import { AccountViewSchema, type AccountView } from './account';

/**
 * The account list as it crosses IPC: the view's keys once, then one array of values per account, in
 * the order of `keys`; `autoRefresh` goes as `[enabled, nextAt, failures, blockedReason]`. A column
 * with few distinct values (provider, status, environment, flags…) goes as a dictionary: its distinct
 * values once in `dicts[key]`, and in each row the index of the account's value: with many accounts
 * the key names and repeated values are most of what the window must receive (and Electron clone)
 * before it shows the list. Decoded, it is exactly AccountView[], every view with
 * objects of its own. The schema checks a table by its decoded views (AccountViewSchema).
 */

/** Every key of an AccountView, in the order the table carries them. */
export const VIEW_TABLE_KEYS = Object.keys(AccountViewSchema.shape) as Array<keyof AccountView>;
const KNOWN = new Set<string>(VIEW_TABLE_KEYS);
const KEY_ENUM = z.enum(VIEW_TABLE_KEYS as [keyof AccountView, ...Array<keyof AccountView>]);

/** Columns that may go as a dictionary: values repeat across accounts (fields, extras, ids and names rarely do). */
const DICTIONARY_KEYS: ReadonlySet<string> = new Set<keyof AccountView>([
  'provider', 'env', 'status', 'expiresAt', 'issuedAt', 'lastRefreshAt', 'lastError', 'secretsSet',
  'hasToken', 'damage', 'refreshing', 'autoRefresh', 'createdAt', 'updatedAt',
]);

export const AccountViewTableSchema = z
  .object({
    keys: z.array(KEY_ENUM),
    rows: z.array(z.array(z.unknown())),
    dicts: z.partialRecord(KEY_ENUM, z.array(z.unknown())),
  })
  .superRefine((table, ctx) => {
    const problem = viewTableProblem(table);
    if (problem) ctx.addIssue({ code: 'custom', message: `the rows are not valid account views (${problem})` });
  });
/** The account list on the wire. */
export type AccountViewTable = z.infer<typeof AccountViewTableSchema>;

type AutoRefreshView = AccountView['autoRefresh'];

const packAutoRefresh = (a: AutoRefreshView): unknown[] => [a.enabled, a.nextAt, a.failures, a.blockedReason];

/** The array back to the object; anything else is passed on as it is, for the view check to judge. */
function unpackAutoRefresh(value: unknown): unknown {
  if (!Array.isArray(value) || value.length !== 4) return value;
  const [enabled, nextAt, failures, blockedReason] = value as unknown[];
  return { enabled, nextAt, failures, blockedReason };
}

/** A Map key telling distinct cell values apart: primitives as they are, anything else as its JSON. */
const cellKey = (value: unknown): unknown => (value !== null && typeof value === 'object' ? JSON.stringify(value) : value);

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
  const dicts: AccountViewTable['dicts'] = {};
  keys.forEach((key, k) => {
    if (!DICTIONARY_KEYS.has(key)) return;
    const index = new Map<unknown, number>();
    const values: unknown[] = [];
    const cells = new Array<number>(rows.length);
    for (let i = 0; i < rows.length; i += 1) {
      const value = (rows[i] as unknown[])[k];
      const id = cellKey(value);
      let at = index.get(id);
      if (at === undefined) {
        at = values.length;
        index.set(id, at);
        values.push(value);
        // Worth it only when values repeat: a column of distinct values stays as it is.
        if (values.length * 4 > rows.length) return;
      }
      cells[i] = at;
    }
    for (let i = 0; i < rows.length; i += 1) (rows[i] as unknown[])[k] = cells[i];
    dicts[key] = values;
  });
  return { keys: [...keys], rows, dicts };
}

interface Table {
  keys: string[];
  rows: unknown[][];
  dicts: Record<string, unknown[]>;
}

/**
 * Null when the table's shape is sound: every key a view key, each once, every row as long as `keys`,
 * every dictionary a known column's, and every cell of a dictionary column an index into it.
 */
function tableShapeProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'result';
  const { keys, rows, dicts } = value as Record<string, unknown>;
  if (!Array.isArray(keys) || !Array.isArray(rows)) return 'result';
  if (new Set(keys).size !== keys.length || !keys.every((key) => typeof key === 'string' && KNOWN.has(key))) return 'keys';
  if (typeof dicts !== 'object' || dicts === null || Array.isArray(dicts)) return 'dicts';
  const coded: Array<[number, number]> = [];
  for (const [key, values] of Object.entries(dicts)) {
    const k = keys.indexOf(key);
    if (k < 0 || !Array.isArray(values)) return 'dicts';
    coded.push([k, values.length]);
  }
  for (let i = 0; i < rows.length; i += 1) {
    const row: unknown = rows[i];
    if (!Array.isArray(row) || row.length !== keys.length) return `${i}`;
    for (const [k, size] of coded) {
      const at: unknown = row[k];
      if (!Number.isInteger(at) || (at as number) < 0 || (at as number) >= size) return `${i}.${keys[k] as string}`;
    }
  }
  return null;
}

/** A dictionary value for one view: objects are copied (they are JSON data), so no two views share one. */
function ownCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Array.isArray(value) ? [...(value as unknown[])] : (JSON.parse(JSON.stringify(value)) as unknown);
}

/**
 * Table → views (the window, on arrival). Only known view keys become properties (a key such as
 * `__proto__` is refused with the table), so a row cannot add anything a view does not declare.
 * Throws a TypeError naming the problem when the table is malformed.
 */
export function fromViewTable(table: unknown): AccountView[] {
  const problem = tableShapeProblem(table);
  if (problem) throw new TypeError(`The account list arrived malformed (${problem}).`);
  const { keys, rows, dicts } = table as Table;
  const columns = keys.map((key) => ({ key, dict: Object.hasOwn(dicts, key) ? dicts[key] : undefined, auto: key === 'autoRefresh' }));
  const views = new Array<AccountView>(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i] as unknown[];
    const view: Record<string, unknown> = {};
    for (let k = 0; k < columns.length; k += 1) {
      const { key, dict, auto } = columns[k] as (typeof columns)[number];
      const value = dict ? dict[row[k] as number] : row[k];
      // The auto-refresh array becomes a new object anyway; other dictionary objects are copied.
      view[key] = auto ? unpackAutoRefresh(value) : dict ? ownCopy(value) : value;
    }
    views[i] = view as AccountView;
  }
  return views;
}

const ViewsSchema = z.array(AccountViewSchema);

/** Null when `value` is a table whose decoded views AccountViewSchema accepts, else where the first problem is. */
export function viewTableProblem(value: unknown): string | null {
  const problem = tableShapeProblem(value);
  if (problem) return problem;
  const checked = ViewsSchema.safeParse(fromViewTable(value));
  return checked.success ? null : checked.error.issues[0]!.path.join('.');
}
