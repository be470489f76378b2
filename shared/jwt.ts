import { instantOrNull } from './datetime';

/** A decoded (never verified) JSON Web Token. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** `iat` in epoch ms, when present. */
  issuedAt: number | null;
  /** `exp` in epoch ms, when present. */
  expiresAt: number | null;
}

// shared/ is typed without Node's Buffer and without the DOM, yet both Node and browsers have atob and
// TextDecoder: declared here (their standard signatures) rather than pulling either lib into shared/.
declare function atob(data: string): string;
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}

/** A base64url (or base64) segment, padding optional: the only characters a JWT segment may hold. */
const SEGMENT = /^[A-Za-z0-9_\-+/]*=*$/;
/** Printable ASCII (and JSON's whitespace): the decoded bytes already are the text. Anything else goes
 * through the UTF-8 decoder. */
const ASCII = /^[\t\n\r -~]*$/;
/** Fatal: bytes that are not UTF-8 make the token "not a JWT", never replacement characters. A BOM is
 * kept, so JSON.parse rejects it as before. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The UTF-8 text of a base64url segment, or null when it is not one. */
function segmentText(segment: string): string | null {
  if (!SEGMENT.test(segment)) return null;
  let base64 = segment.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  // A lone trailing character carries no whole byte: dropped, as the bit-by-bit decoder before did.
  if (base64.length % 4 === 1) base64 = base64.slice(0, -1);
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return null;
  }
  if (ASCII.test(binary)) return binary;
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}

function decodeSegment(segment: string): Record<string, unknown> | null {
  const text = segmentText(segment);
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A NumericDate claim (seconds) as epoch ms; null when absent or no instant (isInstant). */
export const claimTime = (v: unknown): number | null => (typeof v === 'number' ? instantOrNull(v * 1000) : null);

/** Decodes a JWT-shaped string for display; null when it is not one. Never verifies the signature. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[0] || !parts[1]) return null;
  const header = decodeSegment(parts[0]);
  const claims = decodeSegment(parts[1]);
  if (!header || !claims) return null;
  return { header, claims, issuedAt: claimTime(claims.iat), expiresAt: claimTime(claims.exp) };
}
