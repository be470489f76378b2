/**
 * A canonical copy of a text for finding secrets in it (redaction.ts), with the way back to the
 * original's characters: invisible characters dropped (zero-width spaces and joiners, soft hyphens,
 * bidirectional controls: a server may interleave them), and each letter with its combining marks in
 * NFKC (full-width `ＡＢＣ` becomes `ABC`, a decomposed `é` (NFKD) becomes one `é`).
 */
export interface CanonicalText {
  /** The canonical text. */
  text: string;
  /** `text` with ASCII letters in lower case (same length). */
  folded: string;
  /** Where the original character(s) behind canonical character `i` start. */
  start(i: number): number;
  /** Where they end (exclusive). */
  end(i: number): number;
}

/** Format characters (Cf: zero-width, bidi, soft hyphen…), the fillers that show as nothing, and the grapheme joiner. */
const INVISIBLE = /[\p{Cf}\u17b4\u17b5\u3164\uffa0]|\u034f|\u115f|\u1160/gu;
/** One character that joins the cluster before it: a combining mark, or an invisible one (a mark may follow it). */
const JOINS = /^(?:\p{M}|[\p{Cf}\u17b4\u17b5\u3164\uffa0]|\u115f|\u1160)$/u;
/** Text that needs no canonical form: printable ASCII and line breaks. */
const PLAIN = /^[\x20-\x7e\t\n\r]*$/;

const foldAscii = (text: string): string => text.replace(/[A-Z]+/g, (run) => run.toLowerCase());

/**
 * The length of the character at `at` (a surrogate pair counts two) with the marks and invisible
 * characters that follow it: a mark after a zero-width space still belongs to the letter before.
 */
function clusterLength(text: string, at: number): number {
  let end = at + ((text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1);
  while (end < text.length && text.charCodeAt(end) >= 0x80) {
    const next = String.fromCodePoint(text.codePointAt(end) ?? 0);
    if (!JOINS.test(next)) break;
    end += next.length;
  }
  return end - at;
}

/**
 * A stretch of the canonical text: a run copied as it is (`cluster` false: unit i is original unit
 * from + i), or one changed cluster (every canonical unit leads back to the whole original cluster).
 */
interface Segment {
  at: number;
  from: number;
  to: number;
  cluster: boolean;
}

/** The canonical copy of `text` (see the module comment). */
export function canonicalText(text: string): CanonicalText {
  if (PLAIN.test(text)) {
    return { text, folded: foldAscii(text), start: (i) => i, end: (i) => i + 1 };
  }
  const parts: string[] = [];
  const segments: Segment[] = [];
  let length = 0;
  let copied = 0;
  const copyUpTo = (end: number): void => {
    if (end <= copied) return;
    segments.push({ at: length, from: copied, to: end, cluster: false });
    parts.push(text.slice(copied, end));
    length += end - copied;
  };
  for (let at = 0; at < text.length; ) {
    // ASCII before ASCII is its own canonical form: the common case, left in the run.
    if (text.charCodeAt(at) < 0x80 && !(text.charCodeAt(at + 1) >= 0x80)) {
      at += 1;
      continue;
    }
    const size = clusterLength(text, at);
    const cluster = text.slice(at, at + size);
    const canonical = cluster.replace(INVISIBLE, '').normalize('NFKC');
    if (canonical !== cluster) {
      copyUpTo(at);
      segments.push({ at: length, from: at, to: at + size, cluster: true });
      parts.push(canonical);
      length += canonical.length;
      copied = at + size;
    }
    at += size;
  }
  copyUpTo(text.length);
  const out = parts.join('');
  const segmentOf = (i: number): Segment | undefined => {
    let low = 0;
    let high = segments.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((segments[middle]?.at ?? 0) <= i) low = middle;
      else high = middle - 1;
    }
    return segments[low];
  };
  return {
    text: out,
    folded: foldAscii(out),
    start: (i) => {
      const segment = segmentOf(i);
      if (!segment) return text.length;
      return segment.cluster ? segment.from : segment.from + (i - segment.at);
    },
    end: (i) => {
      const segment = segmentOf(i);
      if (!segment) return text.length;
      return segment.cluster ? segment.to : segment.from + (i - segment.at) + 1;
    },
  };
}
