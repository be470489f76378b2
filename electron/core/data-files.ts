import { closeSync, constants, fchmodSync, lstatSync, openSync, type BigIntStats } from 'node:fs';
import { lstat, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { TokenDeskError } from './errors';

/**
 * Every file TokenDesk reads or writes in its data folder (vault.json and its backup, history.jsonl,
 * refresh-leases.json, vault.lock, and the temp files of each) is opened here, never through a symbolic
 * link: whoever can put a link in the folder could otherwise make TokenDesk append to, copy, or trust a
 * file elsewhere. O_NOFOLLOW refuses a link at the open itself; where the OS has no such flag (Windows),
 * an lstat right before the open does.
 */

/** The errno code of a Node file-system error (ENOENT, EEXIST…), if it has one. */
export function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** How a data file is opened: read it, append to it (made if missing), or make it new (never an existing one). */
export type DataFileMode = 'read' | 'append' | 'create';

const FLAGS: Readonly<Record<DataFileMode, number>> = {
  read: constants.O_RDONLY,
  append: constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT,
  create: constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
};

/** Files the person can only put back, not let TokenDesk make again. */
const VAULT_FILE = /^vault\.json(?:\.bak)?$/;

/** The error a link in the data folder becomes: which file, why it is refused, what to do. */
export function linkRefused(path: string): TokenDeskError {
  const next = VAULT_FILE.test(basename(path))
    ? 'Replace the link with the file itself (for example: copy the file it points to over it), then try again.'
    : 'Delete the link (TokenDesk makes the file again in its place), then try again.';
  return new TokenDeskError(
    'invalid_input',
    `${path} is a symbolic link. TokenDesk does not read or write the files of its data folder through a link, since it could point at a file someone else controls. ${next}`,
  );
}

/** Throws `linkRefused` when `path` is a symbolic link; nothing there (ENOENT) is fine. */
export async function refuseLink(path: string): Promise<void> {
  let isLink: boolean;
  try {
    isLink = (await lstat(path)).isSymbolicLink();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw error;
  }
  if (isLink) throw linkRefused(path);
}

/** An open's error as thrown: ELOOP (the last part of the path is a link) is `linkRefused`; EEXIST for `create` is the caller's (a lock taken). */
const openError = (path: string) => (error: unknown): never => {
  throw errnoCode(error) === 'ELOOP' ? linkRefused(path) : error;
};

/**
 * Opens a file of the data folder without following a link (a link is `linkRefused`); `create` files are
 * made with `mode` and set to it exactly, whatever the umask. Other errors (ENOENT, EEXIST…) pass through.
 */
export async function openDataFile(path: string, how: DataFileMode, mode = 0o600): Promise<FileHandle> {
  if (NO_FOLLOW === 0) await refuseLink(path);
  const handle = await open(path, FLAGS[how] | NO_FOLLOW, mode).catch(openError(path));
  if (how === 'create') {
    await handle.chmod(mode).catch(async (error: unknown) => {
      await handle.close();
      // O_EXCL made this file just now: it is ours to remove, so no empty file is left behind.
      await unlink(path).catch(() => undefined);
      throw error;
    });
  }
  return handle;
}

/** A data file's text, or null when it does not exist; a link is refused. */
export async function readDataFile(path: string): Promise<string | null> {
  const handle = await openDataFile(path, 'read').catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  });
  if (!handle) return null;
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** What a new file holds: text (UTF-8) or bytes, maybe in parts (written as they are, never joined into one more copy). */
export type FileBytes = string | Buffer | readonly Buffer[];

/**
 * Writes a new file at `temp`, to be renamed over its target: made 0600 without following a link (an
 * existing file is refused), fsynced when `sync`. Returns its stats, which a rename keeps (inode, size,
 * mtime): they are the target's once the temp is in place. A failed write removes the temp it made.
 */
export async function writeNewDataFile(temp: string, bytes: FileBytes, options: { sync?: boolean } = {}): Promise<BigIntStats> {
  const parts = typeof bytes === 'string' ? [Buffer.from(bytes, 'utf8')] : Buffer.isBuffer(bytes) ? [bytes] : bytes;
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const handle = await openDataFile(temp, 'create');
  try {
    try {
      const { bytesWritten } = await handle.writev(parts as Buffer[]);
      if (bytesWritten !== length) throw new Error(`Short write: ${bytesWritten} of ${length} bytes.`);
      if (options.sync === true) await handle.sync();
      return await handle.stat({ bigint: true });
    } finally {
      await handle.close();
    }
  } catch (error) {
    await unlink(temp).catch(() => undefined); // best effort: the write's error is the one worth reporting
    throw error;
  }
}

/**
 * Replaces `file` atomically: `bytes` written to `temp` (writeNewDataFile), then renamed over `file`, so a
 * reader sees the whole old or the whole new file. The temp is removed when either step fails.
 */
export async function replaceDataFile(file: string, temp: string, bytes: FileBytes): Promise<BigIntStats> {
  const stats = await writeNewDataFile(temp, bytes);
  await rename(temp, file).catch(async (error: unknown) => {
    await unlink(temp).catch(() => undefined);
    throw error;
  });
  return stats;
}

/**
 * openDataFile for the last save before the process ends, when no event-loop turn is left (final-save.ts):
 * the same rule, synchronously. Returns the file descriptor; the caller closes it.
 */
export function openDataFileSync(path: string, how: DataFileMode, mode = 0o600): number {
  if (NO_FOLLOW === 0 && lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) throw linkRefused(path);
  let fd = -1;
  try {
    fd = openSync(path, FLAGS[how] | NO_FOLLOW, mode);
    if (how === 'create') fchmodSync(fd, mode);
    return fd;
  } catch (error) {
    if (fd >= 0) closeSync(fd);
    return openError(path)(error);
  }
}
