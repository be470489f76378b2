import { ACCOUNT_STATUSES, AccountViewSchema } from './account';
import { ErrorInfoSchema } from './errors';
import { isProviderId } from './providers';

/**
 * A hand-written check of account views, equal in what it accepts to AccountViewSchema for the shapes
 * core builds, for results of 10,000 views (zod takes tens of milliseconds there). It refuses any key
 * the schema does not declare, so nothing secret can ride along in a view.
 */

const VIEW_KEYS = new Set(Object.keys(AccountViewSchema.shape));
const STATUSES = new Set<string>(ACCOUNT_STATUSES);
const DAMAGES = new Set<unknown>([null, 'changed', 'unreadable']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumberOrNull = (v: unknown): boolean => v === null || isNumber(v);

function stringRecord(v: unknown): boolean {
  if (!isObject(v)) return false;
  for (const key in v) if (typeof v[key] !== 'string') return false;
  return true;
}

function autoRefreshOk(v: unknown): boolean {
  return (
    isObject(v) && Object.keys(v).length === 4 && typeof v.enabled === 'boolean' && isNumberOrNull(v.nextAt)
    && Number.isInteger(v.failures) && (v.blockedReason === null || typeof v.blockedReason === 'string')
  );
}

/** The first thing wrong with one view (a field name), or null when it is a valid AccountView. */
function viewProblem(v: unknown): string | null {
  if (!isObject(v)) return 'view';
  const keys = Object.keys(v);
  if (keys.length !== VIEW_KEYS.size || !keys.every((key) => VIEW_KEYS.has(key))) return 'keys';
  if (typeof v.id !== 'string' || typeof v.name !== 'string' || typeof v.env !== 'string') return 'id/name/env';
  if (!isProviderId(v.provider)) return 'provider';
  if (!STATUSES.has(v.status as string)) return 'status';
  if (!isNumberOrNull(v.expiresAt) || !isNumberOrNull(v.issuedAt) || !isNumberOrNull(v.lastRefreshAt)) return 'times';
  if (!isNumber(v.createdAt) || !isNumber(v.updatedAt)) return 'createdAt/updatedAt';
  if (v.lastError !== null && !ErrorInfoSchema.safeParse(v.lastError).success) return 'lastError';
  if (!isObject(v.extras)) return 'extras';
  if (!stringRecord(v.fields)) return 'fields';
  if (!Array.isArray(v.secretsSet) || !v.secretsSet.every((name) => typeof name === 'string')) return 'secretsSet';
  if (typeof v.hasToken !== 'boolean' || typeof v.refreshing !== 'boolean') return 'hasToken/refreshing';
  if (!DAMAGES.has(v.damage)) return 'damage';
  if (!autoRefreshOk(v.autoRefresh)) return 'autoRefresh';
  return null;
}

/** Null when `value` is an array of valid AccountViews, else where the first problem is (`3.fields`). */
export function accountViewsProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return 'result';
  for (let i = 0; i < value.length; i += 1) {
    const problem = viewProblem(value[i]);
    if (problem) return `${i}.${problem}`;
  }
  return null;
}
