/**
 * The forms a secret takes when a server or a library echoes it back: as sent, URL-encoded
 * (path, query or form body), JSON-escaped, base64/base64url (also inside a longer encoded value, such
 * as a Basic credential), and in another letter case. Redaction masks every one of them.
 */

/** What replaces a secret in any message. */
export const REDACTED = '«redacted»';
/** Shorter values would mask ordinary words; a secret is never this short. */
const MIN_SECRET = 4;
/** Base64 runs shorter than this could match by chance in ordinary text. */
const MIN_ENCODED = 8;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** JSON string escaping as JSON.stringify writes it, and as ASCII-only encoders write it (\uXXXX, \/). */
function jsonForms(secret: string): string[] {
  const plain = JSON.stringify(secret).slice(1, -1);
  const ascii = plain.replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [plain, ascii, ascii.replace(/\//g, '\\/')];
}

function urlForms(secret: string): string[] {
  const component = encodeURIComponent(secret);
  // Forms encode a space as "+"; some encoders also escape the characters encodeURIComponent leaves.
  const strict = component.replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return [component, component.replace(/%20/g, '+'), strict, encodeURI(secret)];
}

/**
 * The base64 characters that encode `secret` whatever precedes it in the encoded value: one run per
 * byte alignment (0, 1 or 2 bytes before it), without the characters shared with unknown neighbours.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  // The whole value encoded on its own, padding included, is masked whole.
  const forms = [bytes.toString('base64'), bytes.toString('base64url')];
  for (const lead of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(lead), bytes]).toString('base64');
    const start = [0, 2, 3][lead] ?? 0;
    const end = Math.floor(((lead + bytes.length) * 8) / 6);
    const run = encoded.slice(start, end);
    if (run.length >= MIN_ENCODED) forms.push(run, run.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/** Every form of the secrets, longest first, as one case-insensitive pattern; null when there is none. */
function redactionPattern(secrets: Iterable<string | null | undefined>): RegExp | null {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET) continue;
    for (const form of [secret, ...urlForms(secret), ...jsonForms(secret), ...base64Forms(secret)]) {
      if (form.length >= MIN_SECRET) forms.add(form);
    }
  }
  if (forms.size === 0) return null;
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return new RegExp(alternatives.join('|'), 'giu');
}

/** `text` with every form of each secret (of 4+ characters) replaced by a mask. */
export function redactSecrets(text: string, secrets: Iterable<string | null | undefined>): string {
  const pattern = redactionPattern(secrets);
  return pattern ? text.replace(pattern, REDACTED) : text;
}

/** Messages stored (an account's last error, the history) are kept this short. */
export const STORED_MESSAGE_CHARS = 500;

/** `text` cut to `max` characters (never inside a surrogate pair), marked with an ellipsis when cut. */
export function clipMessage(text: string, max = STORED_MESSAGE_CHARS): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
