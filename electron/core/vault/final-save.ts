import { closeSync, constants, fchmodSync, fstatSync, fsyncSync, linkSync, lstatSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writevSync } from 'node:fs';
import { errnoCode, linkRefused, openDataFileSync } from '../data-files';
import { TokenDeskError } from '../errors';
import { FILE_MODE, saveError, stampOf, tempPath, type FileStamp, type VaultFiles } from './file-store';

/**
 * The vault file written with synchronous I/O, for the one moment no event-loop turn is left: the end of
 * a Windows session (once the session-end handlers return, the OS may end the process any time) or the
 * app exiting without before-quit (Linux losing its display). The steps of file-store's writeVaultFile:
 * a temp file (0600) fsynced, the current file kept as vault.json.bak (a hard link, else a copy), the
 * rename, an fsync of the folder. A crash at any point leaves a whole old or a whole new file. Callers
 * hold the write lock. Returns the stamp vault.json has now.
 */
export function writeVaultFileSync(files: VaultFiles, parts: readonly Buffer[]): FileStamp {
  const temp = tempPath(files.file);
  try {
    const stamp = writeTempSync(temp, parts);
    keepBackupSync(files);
    renameSync(temp, files.file);
    if (process.platform !== 'win32') fsyncPathSync(files.dir); // Windows cannot open a folder; NTFS journals the rename
    return stamp;
  } catch (error) {
    removeQuietly(temp);
    throw saveError(files, error);
  }
}

/** The stamp of the file now, or null when it does not exist. */
export function statStampSync(path: string): FileStamp | null {
  const stats = statSync(path, { bigint: true, throwIfNoEntry: false });
  return stats ? stampOf(stats) : null;
}

function writeTempSync(path: string, parts: readonly Buffer[]): FileStamp {
  const fd = openDataFileSync(path, 'create', FILE_MODE);
  try {
    writevSync(fd, parts as Buffer[]);
    fsyncSync(fd);
    return stampOf(fstatSync(fd, { bigint: true }));
  } finally {
    closeSync(fd);
  }
}

/** As file-store's rotateBackup: never through a link, and no temp name left when the backup already is this file. */
function keepBackupSync(files: VaultFiles): void {
  if (lstatSync(files.file, { throwIfNoEntry: false })?.isSymbolicLink()) throw linkRefused(files.file);
  const temp = tempPath(files.bak);
  try {
    linkSync(files.file, temp);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return; // no file yet: the old backup stays the last good copy
    copyIntoSync(files.file, temp);
  }
  let fd: number;
  try {
    fd = openDataFileSync(temp, 'read');
  } catch (error) {
    removeQuietly(temp);
    throw error instanceof TokenDeskError ? linkRefused(files.file) : error;
  }
  try {
    fchmodSync(fd, FILE_MODE);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, files.bak);
  // Two links of one file: rename does nothing and leaves the temp name (see rotateBackup).
  removeQuietly(temp);
}

function copyIntoSync(from: string, temp: string): void {
  const source = openDataFileSync(from, 'read');
  try {
    const target = openDataFileSync(temp, 'create', FILE_MODE);
    try {
      writeFileSync(target, readFileSync(source));
    } finally {
      closeSync(target);
    }
  } finally {
    closeSync(source);
  }
}

function fsyncPathSync(path: string): void {
  const fd = openSync(path, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // never created, or already renamed into place
  }
}
