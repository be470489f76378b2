/** A decoded (never verified) JSON Web Token. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** `iat` in epoch ms, when present. */
  issuedAt: number | null;
  /** `exp` in epoch ms, when present. */
  expiresAt: number | null;
}

// Decoded by hand: shared/ has neither Node's Buffer nor the DOM's atob/TextDecoder. Written without
// per-character allocations: the engine decodes the token of every SUD refresh.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUES[B64.charCodeAt(i)] = i;
B64_VALUES['-'.charCodeAt(0)] = 62; // base64url spellings of + and /
B64_VALUES['_'.charCodeAt(0)] = 63;

function base64UrlToBytes(input: string): Uint8Array | null {
  let end = input.length;
  while (end > 0 && input.charCodeAt(end - 1) === 61 /* = */) end--;
  const bytes = new Uint8Array(Math.floor((end * 6) / 8));
  let length = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const code = input.charCodeAt(i);
    const v = code < 128 ? (B64_VALUES[code] ?? -1) : -1;
    if (v < 0) return null;
    buffer = ((buffer << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[length++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes.subarray(0, length);
}

function utf8Decode(bytes: Uint8Array): string | null {
  const points: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i++] ?? 0;
    let cp: number;
    let extra: number;
    if (b < 0x80) {
      cp = b;
      extra = 0;
    } else if (b >= 0xc0 && b < 0xe0) {
      cp = b & 0x1f;
      extra = 1;
    } else if (b >= 0xe0 && b < 0xf0) {
      cp = b & 0x0f;
      extra = 2;
    } else if (b >= 0xf0 && b < 0xf8) {
      cp = b & 0x07;
      extra = 3;
    } else return null;
    for (let k = 0; k < extra; k++) {
      const c = bytes[i++];
      if (c === undefined || (c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp > 0x10ffff) return null;
    points.push(cp);
  }
  let out = '';
  // In slices, so a long segment never exceeds the engine's argument limit.
  for (let i = 0; i < points.length; i += 4096) out += String.fromCodePoint(...points.slice(i, i + 4096));
  return out;
}

function decodeSegment(segment: string): Record<string, unknown> | null {
  const bytes = base64UrlToBytes(segment);
  const text = bytes && utf8Decode(bytes);
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const secondsToMs = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v * 1000 : null);

/** Decodes a JWT-shaped string for display; null when it is not one. Never verifies the signature. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[0] || !parts[1]) return null;
  const header = decodeSegment(parts[0]);
  const claims = decodeSegment(parts[1]);
  if (!header || !claims) return null;
  return { header, claims, issuedAt: secondsToMs(claims.iat), expiresAt: secondsToMs(claims.exp) };
}
