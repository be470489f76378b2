import { ID_PREFIX_MIN } from '../../shared/account-names';
import { TokenDeskError } from '../core/errors';

/** What a reference can name: an account (or, for import --replace, a custom provider). */
export interface Named {
  id: string;
  name: string;
}

/** How the errors of one lookup speak: what is looked up, and the command that lists the candidates. */
export interface LookupWords {
  what: string;
  list: string;
}

const ACCOUNT_WORDS: LookupWords = { what: 'account', list: 'Run `tokendesk list` to see the accounts and their ids' };
const MAX_CLOSE = 5;

const lower = (text: string): string => text.trim().normalize('NFC').toLowerCase();
const shortId = (id: string): string => (id.length > 12 ? id.slice(0, 8) : id);
/** Candidates as `<short id> "<name>"`; whole ids when two short ones are alike (ids chosen to look alike). */
function describe(items: readonly Named[]): string {
  const shorts = items.map((item) => shortId(item.id));
  const alike = new Set(shorts).size < shorts.length;
  return items.map((item, i) => `${alike ? item.id : shorts[i]} "${item.name}"`).join(', ');
}

/**
 * Finds what `ref` names, in this order: the full id; a unique id prefix of at least ID_PREFIX_MIN
 * characters; the name, ignoring case. Ids come first, so a name can never stand in for another account's
 * short id. A reference that fits several is an error listing them (also names that differ only in case:
 * an imported "prod" must not quietly win over your "Prod"); one that fits none lists up to five close names.
 */
export function findNamed<T extends Named>(items: readonly T[], ref: string, words: LookupWords = ACCOUNT_WORDS): T {
  const wanted = lower(ref);
  const byId = items.find((item) => lower(item.id) === wanted);
  if (byId) return byId;
  if (wanted.length >= ID_PREFIX_MIN) {
    const byPrefix = items.filter((item) => lower(item.id).startsWith(wanted));
    if (byPrefix.length === 1 && byPrefix[0]) return byPrefix[0];
    if (byPrefix.length > 1) {
      throw new TokenDeskError('not_found', `The id prefix "${ref}" fits ${byPrefix.length} ${words.what}s: ${describe(byPrefix)}. Type more of the id.`);
    }
  }
  const byName = items.filter((item) => lower(item.name) === wanted);
  if (byName.length === 1 && byName[0]) return byName[0];
  if (byName.length > 1) {
    throw new TokenDeskError('not_found', `"${ref}" names ${byName.length} ${words.what}s: ${describe(byName)}. Use the id (or its first 8 characters) instead.`);
  }
  const close = closeNames(items, wanted);
  const suggestion = close.length > 0 ? ` Close: ${describe(close)}.` : '';
  throw new TokenDeskError('not_found', `No ${words.what} "${ref}".${suggestion} ${words.list}.`);
}

/** Finds the account `ref` names (see findNamed): every command that takes an account goes through here. */
export function findAccount<T extends Named>(accounts: readonly T[], ref: string): T {
  return findNamed(accounts, ref, ACCOUNT_WORDS);
}

/** Up to five names near `wanted`: containing it, contained in it, or a few edits away; nearest first. */
function closeNames<T extends Named>(items: readonly T[], wanted: string): T[] {
  if (wanted === '') return [];
  const scored: Array<{ item: T; score: number }> = [];
  for (const item of items) {
    const name = lower(item.name);
    const contains = name.includes(wanted) || (name.length >= 3 && wanted.includes(name));
    const distance = editDistance(name, wanted, Math.max(2, Math.floor(wanted.length / 3)));
    if (contains || distance !== null) scored.push({ item, score: distance ?? Math.abs(name.length - wanted.length) + 1 });
  }
  return scored.sort((a, b) => a.score - b.score || a.item.name.localeCompare(b.item.name)).slice(0, MAX_CLOSE).map((s) => s.item);
}

/** Levenshtein distance of `a` and `b`, or null when it exceeds `limit` (checked row by row, so long names stay cheap). */
function editDistance(a: string, b: string, limit: number): number | null {
  if (Math.abs(a.length - b.length) > limit) return null;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return null;
    previous = row;
  }
  const distance = previous[b.length] ?? 0;
  return distance <= limit ? distance : null;
}
