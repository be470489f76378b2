import { constants, type BigIntStats } from 'node:fs';
import { chmod, link, lstat, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, linkRefused, openDataFile, refuseLink, writeNewDataFile, type FileBytes } from '../data-files';
import { TokenDeskError } from '../errors';


/**
 * Durable, atomic writes of the vault file, written by hand rather than through conf/atomically:
 * atomically fsyncs the temp file but never the directory after the rename (so the rename itself may be
 * lost on power failure), conf falls back to plain non-atomic writeFileSync under Snap and on EXDEV, and
 * it writes synchronously, blocking the app for every save. See the commit message for the full list.
 */

export interface VaultFiles {
  dir: string;
  file: string;
  bak: string;
  /** The cross-process write lock (see file-lock.ts). */
  lock: string;
}

/**
 * The identity of one version of vault.json. Every save renames a new file into place, so any save by
 * any process changes the inode and with it the stamp; size and mtime (ns) guard against inode reuse.
 */
export interface FileStamp {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
}

/** A new version of vault.json written to a temp file and fsynced, not yet in place. */
export interface StagedFile {
  temp: string;
  bytes: number;
  /** The stamp vault.json will have once the temp file is renamed over it. */
  stamp: FileStamp;
}

export const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
/**
 * Temp files of a save (or of the refresh leases, or of a history compaction) and stale locks set aside
 * during a takeover, named after the process that made them (the pid is group 1 or 2).
 */
const TEMP_NAME = /^(?:(?:vault\.(?:json(?:\.bak)?\.tmp|lock\.stale)|refresh-leases\.json\.tmp)-(\d+)-\d+|history\.jsonl\.(\d+)\.[0-9a-f]+\.tmp)$/;
let tempSequence = 0;

export function vaultFiles(dir: string): VaultFiles {
  return { dir, file: join(dir, 'vault.json'), bak: join(dir, 'vault.json.bak'), lock: join(dir, 'vault.lock') };
}

/** The error every failed save becomes: what failed, that nothing was lost, what to do. */
export function saveError(files: VaultFiles, error: unknown): TokenDeskError {
  if (error instanceof TokenDeskError) return error;
  const code = errnoCode(error) ?? 'unknown error';
  return new TokenDeskError(
    'internal',
    `TokenDesk could not save the vault to ${files.file} (${code}). Your change is kept in memory and will be saved with the next one; check free disk space and the folder's permissions, then try again.`,
    { cause: error },
  );
}

/**
 * Creates the data folder (mode 0700) if it does not exist. An existing folder keeps its mode unless
 * group or others may write to it: whoever can write there can swap vault.json, so it is tightened to
 * 0700, and refused when that is not possible (a shared folder such as /tmp, or one we do not own).
 */
export async function ensureDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: DIR_MODE });
  // mkdir's mode is filtered by the umask; set it exactly, but only on a folder we created.
  if (created !== undefined) await chmod(dir, DIR_MODE);
  // Windows has no such mode bits (ACLs decide); stat reports 0o666-style modes there.
  if (process.platform === 'win32') return;
  const { mode } = await stat(dir);
  if ((mode & 0o022) === 0) return;
  try {
    await chmod(dir, DIR_MODE);
  } catch (error) {
    throw new TokenDeskError(
      'invalid_input',
      `The data folder ${dir} can be written by other users (mode ${(mode & 0o777).toString(8)}), and TokenDesk could not restrict it (${errnoCode(error) ?? 'unknown error'}). Anyone who can write there could replace the vault. Use a folder of your own (--data-dir or TOKENDESK_DATA_DIR), or run chmod 700 on it.`,
      { cause: error },
    );
  }
}

function readError(path: string, error: unknown): TokenDeskError {
  return new TokenDeskError('internal', `TokenDesk could not read ${path} (${errnoCode(error) ?? 'unknown error'}). Check the file's permissions and try again.`, { cause: error });
}

export function stampOf(stats: BigIntStats): FileStamp {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeNs: stats.mtimeNs };
}

/** True when both stamps name the same version of the file (or both say "no file"). */
export function sameStamp(a: FileStamp | null, b: FileStamp | null): boolean {
  if (a === null || b === null) return a === b;
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
}

/** The stamp of the file now, or null when it does not exist. */
export async function statStamp(path: string): Promise<FileStamp | null> {
  try {
    return stampOf(await stat(path, { bigint: true }));
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw readError(path, error);
  }
}

/**
 * The file's text with the stamp of exactly that version (both from one open file: writers replace the
 * file by rename, never in place), or null when it does not exist.
 */
export async function readSnapshot(path: string): Promise<{ text: string; stamp: FileStamp } | null> {
  try {
    const handle = await openDataFile(path, 'read');
    try {
      const stamp = stampOf(await handle.stat({ bigint: true }));
      return { text: await handle.readFile('utf8'), stamp };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error instanceof TokenDeskError ? error : readError(path, error);
  }
}

async function fsyncDir(dir: string): Promise<void> {
  // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A new temp name beside `path` (this process's pid and a sequence number), one removeStaleTemps recognizes. */
export function tempPath(path: string): string {
  tempSequence += 1;
  return `${path}.tmp-${process.pid}-${tempSequence}`;
}

/** Copies the current file into a new temp file, both opened without following a link. */
async function copyInto(from: string, temp: string): Promise<void> {
  const source = await openDataFile(from, 'read');
  try {
    await writeNewDataFile(temp, await source.readFile());
  } finally {
    await source.close();
  }
}

/** Sets a new temp file (a hard link of vault.json) to 0600, refusing it if vault.json was a link by then. */
async function privateMode(files: VaultFiles, temp: string): Promise<void> {
  let handle;
  try {
    handle = await openDataFile(temp, 'read');
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error instanceof TokenDeskError ? linkRefused(files.file) : error;
  }
  try {
    await handle.chmod(FILE_MODE);
  } finally {
    await handle.close();
  }
}

/** Keeps the current file as the backup: a hard link (no bytes copied), a copy where links are unsupported. */
async function rotateBackup(files: VaultFiles): Promise<void> {
  await refuseLink(files.file); // never link, copy or chmod through a link someone put in its place
  const temp = tempPath(files.bak);
  try {
    await link(files.file, temp);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT') return; // no current file yet: the old backup (if any) stays the last good copy
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EMLINK' && code !== 'ENOSYS') throw error;
    await copyInto(files.file, temp);
  }
  // The backup holds the same secrets: 0600 also when vault.json was looser (an older build, a restore).
  await privateMode(files, temp);
  await rename(temp, files.bak);
  // When vault.json.bak already was this very file (the save after a passphrase change made it so), the
  // rename of one hard link over another does nothing and leaves the temp name behind (POSIX rename).
  await unlink(temp).catch((error: unknown) => {
    if (errnoCode(error) !== 'ENOENT') throw error;
  });
}

/** Deletes a staged file that will not be put in place. */
export async function discardStaged(files: VaultFiles, staged: Pick<StagedFile, 'temp'>, cause?: unknown): Promise<void> {
  await unlink(staged.temp).catch((cleanup: unknown) => {
    // The temp file may never have been created; anything else is reported with the save error.
    if (errnoCode(cleanup) !== 'ENOENT') throw saveError(files, cause ?? cleanup);
  });
}

/**
 * Step 1 of a save: the new text (or its UTF-8 bytes, maybe in parts) in a fsynced temp file beside
 * vault.json. Not replaceDataFile: the rename waits for step 2, after the lock is checked and the backup kept.
 */
export async function stageVaultFile(files: VaultFiles, text: FileBytes): Promise<StagedFile> {
  const temp = tempPath(files.file);
  try {
    const stats = await writeNewDataFile(temp, text, { sync: true });
    return { temp, bytes: Number(stats.size), stamp: stampOf(stats) };
  } catch (error) {
    throw saveError(files, error);
  }
}

/** Step 2: the previous version kept as vault.json.bak, then the staged file renamed over vault.json. */
export async function installStaged(files: VaultFiles, staged: StagedFile): Promise<void> {
  try {
    await rotateBackup(files);
    await rename(staged.temp, files.file);
  } catch (error) {
    await discardStaged(files, staged, error);
    throw saveError(files, error);
  }
}

/**
 * Makes vault.json.bak the current vault.json too (after a key rotation: the backup must not still open
 * with the old passphrase). Callers hold the write lock.
 */
export async function keepAsBackup(files: VaultFiles): Promise<void> {
  try {
    await rotateBackup(files);
  } catch (error) {
    throw saveError(files, error);
  }
}

/** Step 3: fsync of the folder, so the rename itself survives a power failure. */
export async function syncVaultDir(files: VaultFiles): Promise<void> {
  await fsyncDir(files.dir).catch((error: unknown) => {
    throw saveError(files, error);
  });
}

/**
 * Replaces vault.json atomically and durably: temp file + fsync, previous version kept as vault.json.bak,
 * rename over vault.json, fsync of the folder. A crash at any point leaves a whole old or a whole new file.
 * Callers hold the write lock. Returns what was written.
 */
export async function writeVaultFile(files: VaultFiles, text: string): Promise<StagedFile> {
  const staged = await stageVaultFile(files, text);
  await installStaged(files, staged);
  await syncVaultDir(files);
  return staged;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw error;
  }
}

/** Moves a damaged file aside as `<name>.corrupt-<time>`, never overwriting anything. Returns the new path. */
export async function quarantine(path: string, now: number): Promise<string> {
  const stamp = new Date(now).toISOString().replace(/:/g, '-');
  let target = `${path}.corrupt-${stamp}`;
  for (let n = 2; await exists(target); n += 1) target = `${path}.corrupt-${stamp}-${n}`;
  await rename(path, target);
  return target;
}

/** Names of damaged files set aside earlier, so an empty start is never silent about them. */
export async function quarantinedFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((name) => /^vault\.json(?:\.bak)?\.corrupt-/.test(name)).sort();
}

/** True unless the process is known to be gone (EPERM: it exists but belongs to someone else). */
export function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // ESRCH: it is gone.
    return errnoCode(error) === 'EPERM';
  }
}

/** Deletes temp files left behind by writers killed mid-save or mid-takeover (never those of a live process). */
export async function removeStaleTemps(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const match = TEMP_NAME.exec(name);
    const pid = match?.[1] ?? match?.[2];
    if (pid !== undefined && !processIsAlive(Number(pid))) {
      await unlink(join(dir, name)).catch((error: unknown) => {
        if (errnoCode(error) !== 'ENOENT') throw error; // another process cleaned it up first
      });
    }
  }
}
