/**
 * Bounds on the JSON values read from vault.json and bundles. Every walk over a stored value (its MAC's
 * canonical text, JSON.stringify on the next save, freezing a definition) recurses, so one value nested
 * thousands deep would overflow the stack for the whole vault; what TokenDesk writes is far below these.
 */
export interface JsonLimits {
  /** Levels of objects and arrays, the value itself being level 0. */
  depth: number;
  /** Values in all (objects, arrays and leaves). */
  nodes: number;
}

/** The bounds of one stored record (an account's free-form parts, a definition, a setting). */
export const RECORD_LIMITS: JsonLimits = { depth: 32, nodes: 20_000 };

/** Whether `value` stays within `limits`. The recursion stops at `limits.depth`, so a hostile nesting cannot overflow the stack. */
export function jsonWithin(value: unknown, limits: JsonLimits = RECORD_LIMITS): boolean {
  return nodesLeft(value, 0, limits.nodes, limits) >= 0;
}

/** The nodes left of `left` once `item` is counted, or -1 when it goes over a limit. */
function nodesLeft(item: unknown, depth: number, left: number, limits: JsonLimits): number {
  if (left <= 0) return -1;
  if (item === null || typeof item !== 'object') return left - 1;
  if (depth >= limits.depth) return -1;
  let rest = left - 1;
  for (const child of Array.isArray(item) ? item : Object.values(item)) {
    rest = nodesLeft(child, depth + 1, rest, limits);
    if (rest < 0) return -1;
  }
  return rest;
}

/** A bundle's payload: its accounts and definitions sit four levels down (payload.accounts[i].account.extras). */
export const BUNDLE_LIMITS: JsonLimits = { depth: RECORD_LIMITS.depth + 4, nodes: Number.POSITIVE_INFINITY };

/** `value` when within `limits`; else throws (the caller reports the file as not readable). */
export function requireWithin<T>(value: T, limits: JsonLimits): T {
  if (!jsonWithin(value, limits)) throw new RangeError('nested too deep');
  return value;
}
