/**
 * How accounts are named and referred to. Account ids are UUIDs (lower case, as crypto.randomUUID
 * makes them); the command line accepts an id, a unique id prefix of at least ID_PREFIX_MIN characters,
 * or a name. An id beats a name, and no new name may look like an id or the start of one, so a name
 * (an imported one, say) can never stand in for another account's short id.
 */

/** The shortest id prefix the command line accepts for an id. */
export const ID_PREFIX_MIN = 4;

const ACCOUNT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A UUID's shape: `h` a hex digit, `-` a dash. */
const UUID_SHAPE = 'hhhhhhhh-hhhh-hhhh-hhhh-hhhhhhhhhhhh';
const HEX = /^[0-9a-f]$/;

/** True for an account id as TokenDesk makes them: a lower-case UUID. */
export function isAccountId(text: string): boolean {
  return ACCOUNT_ID.test(text);
}

/**
 * True when `name` (trimmed, any case) could be an account id or the start of one: at least
 * ID_PREFIX_MIN hex digits and dashes where a UUID has them, such as `cafe`, `3f2a9c1e` or `3F2A9C1E-77`.
 */
export function looksLikeAccountId(name: string): boolean {
  const text = name.trim().toLowerCase();
  if (text.length < ID_PREFIX_MIN || text.length > UUID_SHAPE.length) return false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charAt(i);
    if (UUID_SHAPE.charAt(i) === '-' ? char !== '-' : !HEX.test(char)) return false;
  }
  return true;
}

/** Why an id-shaped name is refused and what to do instead, in English (the window has its own words). */
export function idShapedNameProblem(name: string): string {
  return `the name "${name.trim()}" looks like an account id (hex digits and dashes), so it could be mistaken for another account's short id. Choose a name with a word in it, such as "QA ${name.trim()}"`;
}
