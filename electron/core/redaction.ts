import { canonicalText, type CanonicalText } from './redaction-text';

/**
 * The one masking rule of TokenDesk: every message, history line, diagnostic and tried answer goes
 * through `redactSecrets`. It masks each form a secret takes when a server or a library echoes it back
 * (formsOf), in any letter case, full-width or decomposed, with invisible characters between its letters
 * (matched on a canonical copy, redaction-text.ts), and any run of PARTIAL_ECHO_CHARS of its characters.
 */

/** What replaces a secret in any message. */
export const REDACTED = '«redacted»';
/** Shorter values would mask ordinary words; a secret is never this short. */
const MIN_SECRET = 4;
/** Base64 runs shorter than this could match by chance in ordinary text. */
const MIN_ENCODED = 8;
/** A run of this many characters of a secret (letter case aside) is masked wherever it appears. */
export const PARTIAL_ECHO_CHARS = 12;

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
  const once = [component, component.replace(/%20/g, '+'), strict, encodeURI(secret)];
  // A value encoded again by a second layer (a redirect URL inside a query, a proxy re-encoding).
  return [...once, ...once.map(encodeURIComponent)];
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** HTML escaping as templating libraries write it (three spellings of the apostrophe), and as numeric entities. */
function htmlForms(secret: string): string[] {
  const named = (apostrophe: string): string => secret.replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch] ?? apostrophe);
  const numeric = (hex: boolean): string =>
    Array.from(secret, (ch) => {
      if (/^[A-Za-z0-9]$/.test(ch)) return ch;
      const code = ch.codePointAt(0) ?? 0;
      return hex ? `&#x${code.toString(16)};` : `&#${code};`;
    }).join('');
  return [named('&#39;'), named('&#x27;'), named('&apos;'), numeric(true), numeric(false)];
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

/** Every form of one secret, as matched against canonical text. */
function formsOf(secret: string): string[] {
  const hex = Buffer.from(secret, 'utf8').toString('hex');
  return [secret, ...urlForms(secret), ...jsonForms(secret), ...htmlForms(secret), hex, ...base64Forms(secret)];
}

/** What masking one list of secrets needs. */
interface Masker {
  /** Every form of every secret, longest first, as one case-insensitive pattern; null when there is none. */
  pattern: RegExp | null;
  /** Every run of PARTIAL_ECHO_CHARS characters of the longer secrets (canonical, ASCII letters folded). */
  windows: Set<string>;
}

function buildMasker(secrets: Iterable<string | null | undefined>): Masker {
  const forms = new Set<string>();
  const windows = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET) continue;
    for (const form of formsOf(secret)) {
      const canonical = canonicalText(form).text;
      if (canonical.length >= MIN_SECRET) forms.add(canonical);
    }
    const plain = canonicalText(secret).folded;
    if (plain.length <= PARTIAL_ECHO_CHARS) continue;
    for (let at = 0; at + PARTIAL_ECHO_CHARS <= plain.length; at += 1) windows.add(plain.slice(at, at + PARTIAL_ECHO_CHARS));
  }
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return { pattern: alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'giu') : null, windows };
}

/** Ranges of the canonical text covered by a run of a secret's characters (see Masker.windows). */
function partialEchoes(canonical: CanonicalText, windows: Set<string>, out: Array<[number, number]>): void {
  if (windows.size === 0) return;
  const { folded } = canonical;
  let runStart = -1;
  let runEnd = -1;
  for (let at = 0; at + PARTIAL_ECHO_CHARS <= folded.length; at += 1) {
    if (!windows.has(folded.slice(at, at + PARTIAL_ECHO_CHARS))) continue;
    // Overlapping windows of one echo make one range, so its every character is masked.
    if (at <= runEnd) runEnd = at + PARTIAL_ECHO_CHARS;
    else {
      if (runStart >= 0) out.push([runStart, runEnd]);
      runStart = at;
      runEnd = at + PARTIAL_ECHO_CHARS;
    }
  }
  if (runStart >= 0) out.push([runStart, runEnd]);
}

/** `text` with each canonical range's original characters replaced by one mask (overlaps merged). */
function maskRanges(text: string, canonical: CanonicalText, ranges: Array<[number, number]>): string {
  if (ranges.length === 0) return text;
  const spans = ranges.map(([from, to]): [number, number] => [canonical.start(from), canonical.end(to - 1)]).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  let out = '';
  let kept = 0;
  for (const [from, to] of merged) {
    out += text.slice(kept, from) + REDACTED;
    kept = to;
  }
  return out + text.slice(kept);
}

/** `text` with every form of each secret (of 4+ characters) replaced by a mask. */
export function redactSecrets(text: string, secrets: Iterable<string | null | undefined>): string {
  const masker = buildMasker(secrets);
  if (masker.pattern === null || text === '') return text;
  const canonical = canonicalText(text);
  const ranges: Array<[number, number]> = [];
  for (const match of canonical.text.matchAll(masker.pattern)) ranges.push([match.index, match.index + match[0].length]);
  partialEchoes(canonical, masker.windows, ranges);
  return maskRanges(text, canonical, ranges);
}

/** Messages stored (an account's last error, the history) are kept this short. */
export const STORED_MESSAGE_CHARS = 500;

/**
 * `text` cut to STORED_MESSAGE_CHARS characters (never inside a surrogate pair), marked with an ellipsis when cut.
 * Always clip what is already redacted: clipped first, a secret cut in two would leave a part too short
 * to be recognised (the safe order is tested in engine-redaction.test.ts).
 */
export function clipMessage(text: string): string {
  const chars = Array.from(text);
  return chars.length <= STORED_MESSAGE_CHARS ? text : `${chars.slice(0, STORED_MESSAGE_CHARS - 1).join('')}…`;
}

/** A server's text as it is stored and shown: every secret masked, then clipped (the safe order). */
export function storedText(text: string, secrets: Iterable<string | null | undefined>): string {
  return clipMessage(redactSecrets(text, secrets));
}
