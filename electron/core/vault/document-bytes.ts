import { randomUUID } from 'node:crypto';
import type { Entry } from './account-changes';
import { documentOf, recordOf, type Memory } from './merge';

/**
 * vault.json as bytes, for a save. A bulk refresh changes a hundred accounts per group commit, yet each
 * save writes the whole vault: serializing (and UTF-8 encoding) every account each time made the
 * saves the largest CPU cost of a refresh. So each account's record is encoded once, when its entry
 * is new (a put or a merge replaces the Entry object, so the cache, keyed by the object, can never
 * serve a stale record), and a save writes the cached bytes as they are. Records and the head come from
 * recordOf and documentOf, so the file has exactly the document shape; it is written compact, without indentation.
 */

const records = new WeakMap<Entry, Buffer>();
const COMMA = Buffer.from(',');

/** `"<id>":<record>` of one entry, encoded once per entry object. */
function recordBytes(id: string, entry: Entry): Buffer {
  let bytes = records.get(entry);
  if (!bytes) {
    // `{"<id>":<record>}` without its braces: one stringify, the id escaped as JSON escapes keys.
    const text = JSON.stringify({ [id]: recordOf(entry) });
    bytes = Buffer.from(text.slice(1, -1), 'utf8');
    records.set(entry, bytes);
  }
  return bytes;
}

/**
 * The document of `memory` as JSON bytes (the same document documentOf describes), in parts: the file is
 * written from them as they are, so the whole vault is not copied once more per save.
 */
export function documentBytes(memory: Memory, savedAt: number): Buffer[] {
  // The head (format, slots, settings…) is small: serialized whole, with a marker where the accounts go.
  const marker = `accounts-${randomUUID()}`;
  const head = JSON.stringify({ ...documentOf({ ...memory, entries: new Map() }, savedAt), accounts: marker });
  const [before, after] = head.split(JSON.stringify(marker)) as [string, string];
  const parts: Buffer[] = [Buffer.from(`${before}{`, 'utf8')];
  for (const [id, entry] of memory.entries) {
    if (parts.length > 1) parts.push(COMMA);
    parts.push(recordBytes(id, entry));
  }
  parts.push(Buffer.from(`}${after}`, 'utf8'));
  return parts;
}
