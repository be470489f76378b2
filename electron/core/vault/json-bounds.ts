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

/** Whether `value` stays within `limits`. Iterative, so a hostile nesting cannot overflow the stack here. */
export function jsonWithin(value: unknown, limits: JsonLimits = RECORD_LIMITS): boolean {
  const items: unknown[] = [value];
  const depths: number[] = [0];
  let nodes = 0;
  while (items.length > 0) {
    const item = items.pop();
    const depth = depths.pop() ?? 0;
    nodes += 1;
    if (nodes > limits.nodes) return false;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= limits.depth) return false;
    for (const child of Object.values(item)) {
      items.push(child);
      depths.push(depth + 1);
    }
  }
  return true;
}

/** A bundle's payload: its accounts and definitions sit four levels down (payload.accounts[i].account.extras). */
export const BUNDLE_LIMITS: JsonLimits = { depth: RECORD_LIMITS.depth + 4, nodes: Number.POSITIVE_INFINITY };

/** `value` when within `limits`; else throws (the caller reports the file as not readable). */
export function requireWithin<T>(value: T, limits: JsonLimits): T {
  if (!jsonWithin(value, limits)) throw new RangeError('nested too deep');
  return value;
}
