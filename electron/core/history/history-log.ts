import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { HistoryEntrySchema, type HistoryEntry } from '../../../shared/account';
import { errnoCode, openDataFile, readDataFile, replaceDataFile } from '../data-files';
import { TokenDeskError } from '../errors';

/** The history file name inside the data directory. */
export const HISTORY_FILE = 'history.jsonl';
/** Default size cap of the history file. */
export const DEFAULT_HISTORY_MAX_BYTES = 1024 * 1024;
/** Default number of entries `list` returns. */
export const DEFAULT_HISTORY_LIMIT = 100;

/** Options of a HistoryLog. */
export interface HistoryLogOptions {
  /** When the file grows past this, it is rewritten keeping the newest half (by bytes). */
  maxBytes?: number;
}

/** One append waiting for the next batch write. */
interface Waiting {
  line: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * The exchange history: one JSON line per refresh attempt, append-only, mode 0600, capped in size.
 * Lines that arrive while a write is under way go out together in the next append, in arrival order
 * (a bulk refresh makes a few writes, not one per account). Past the cap the file is rewritten
 * atomically with the newest half of its lines, so old entries age out and nothing is half-written.
 */
export class HistoryLog {
  readonly file: string;
  private readonly maxBytes: number;
  private waiting: Waiting[] = [];
  /** The batch write in progress (and the ones it schedules), or null when idle. */
  private running: Promise<void> | null = null;
  private size: number | null = null;

  constructor(dataDir: string, options: HistoryLogOptions = {}) {
    this.file = path.join(dataDir, HISTORY_FILE);
    this.maxBytes = Math.max(1024, options.maxBytes ?? DEFAULT_HISTORY_MAX_BYTES);
  }

  /** Appends one entry; resolves once the batch that carries it is written. Entries never hold a secret (callers build them). */
  append(entry: HistoryEntry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ line, resolve, reject }));
    this.running ??= this.drain();
    return done;
  }

  /** Resolves once every append so far has been attempted. */
  flush(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Writes batches until no line waits; the lines that arrive during a write form the next batch. */
  private async drain(): Promise<void> {
    // Lines of results that finish in the same turn (one vault group commit) join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.write(batch.map((w) => w.line).join(''));
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.running = null;
  }

  /** Entries newest first, optionally for one account. Lines that do not parse are skipped. */
  async list(options: { id?: string; limit?: number } = {}): Promise<HistoryEntry[]> {
    await this.flush();
    const limit = Math.max(0, options.limit ?? DEFAULT_HISTORY_LIMIT);
    const text = await readDataFile(this.file).catch((error: unknown) => {
      throw this.ioError('read', error);
    });
    if (text === null) return [];
    const entries: HistoryEntry[] = [];
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && entries.length < limit; i--) {
      const entry = parseLine(lines[i] ?? '');
      if (entry && (options.id === undefined || entry.accountId === options.id)) entries.push(entry);
    }
    return entries;
  }

  private async write(lines: string): Promise<void> {
    try {
      if (this.size === null) {
        await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
        this.size = await this.currentSize();
      }
      await this.appendLines(lines);
      this.size += Buffer.byteLength(lines);
      // Another process (app and CLI share the file) may have appended too: trust the disk.
      if (this.size > this.maxBytes) {
        this.size = await this.currentSize();
        if (this.size > this.maxBytes) await this.compact();
      }
    } catch (error) {
      this.size = null;
      throw this.ioError('write', error);
    }
  }

  /** Appends to the file itself, never through a link (which could point at a file elsewhere). */
  private async appendLines(lines: string): Promise<void> {
    const handle = await openDataFile(this.file, 'append');
    try {
      if (this.size === 0) await handle.chmod(0o600);
      await handle.appendFile(lines);
    } finally {
      await handle.close();
    }
  }

  /** lstat: the size of a link is never taken for the history's (appending refuses the link). */
  private async currentSize(): Promise<number> {
    return (await fs.lstat(this.file).catch((error: unknown) => (errnoCode(error) === 'ENOENT' ? null : Promise.reject(error))))?.size ?? 0;
  }

  /** Rewrites the file with its newest lines, up to half the cap, atomically. */
  private async compact(): Promise<void> {
    const lines = ((await readDataFile(this.file)) ?? '').split('\n').filter((l) => l.length > 0);
    const keep: string[] = [];
    let bytes = 0;
    for (let i = lines.length - 1; i >= 0; i--) {
      const size = Buffer.byteLength(lines[i] ?? '') + 1;
      if (bytes + size > this.maxBytes / 2) break;
      keep.push(lines[i] ?? '');
      bytes += size;
    }
    keep.reverse();
    // The temp's name is one removeStaleTemps (file-store.ts) knows, should this process die before the rename.
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await replaceDataFile(this.file, temp, keep.length > 0 ? `${keep.join('\n')}\n` : '');
    this.size = bytes;
  }

  private ioError(verb: 'read' | 'write', error: unknown): TokenDeskError {
    if (error instanceof TokenDeskError) return error;
    const reason = errnoCode(error) ?? 'an I/O error';
    return new TokenDeskError(
      'internal',
      `Could not ${verb} the history file ${this.file} (${reason}). Check that the folder is writable and the disk is not full.`,
      { cause: error },
    );
  }
}

function parseLine(line: string): HistoryEntry | null {
  if (line.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null; // A torn or corrupt line is skipped by design: the rest of the history stays readable.
  }
  const parsed = HistoryEntrySchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
