/**
 * ISO 8601 instants as account fields hold them. A zone (Z or ±hh:mm) is required: the CLI, the app
 * and a scheduler may run in different time zones, and a bare local time would mean a different
 * instant in each.
 */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch ms of an ISO 8601 time with a zone (e.g. `2026-12-07T09:00:00+08:00`); null when it is not one. */
export function parseIsoInstant(text: string): number | null {
  const match = ISO_INSTANT.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || Number(match[6] ?? 0) > 59) return null;
  const zone = match[8] ?? 'Z';
  const normalized = `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6] ?? '00'}.${(match[7] ?? '0').padEnd(3, '0').slice(0, 3)}${
    zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone
  }`;
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls 31 February over into March: reject dates that do not exist.
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCMonth() === month - 1 ? ms : null;
}

/** The canonical UTC form (`2026-12-07T01:00:00.000Z`) of an epoch ms, as stored in account fields. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The latest instant TokenDesk takes as a time (the end of year 9999, the last a four-digit ISO 8601
 * date can write). A time a provider or a file states beyond it, before 1970 or not finite is no time.
 */
export const LATEST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** True for an epoch ms TokenDesk can store, show and print (see LATEST_INSTANT_MS). */
export function isInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= 0 && ms <= LATEST_INSTANT_MS;
}

/** `ms` when it is an instant (isInstant), else null: an out-of-range time counts as not known. */
export function instantOrNull(ms: number | null | undefined): number | null {
  return typeof ms === 'number' && isInstant(ms) ? ms : null;
}
