import { randomBytes } from 'node:crypto';
import { lstat, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { errnoCode, replaceDataFile } from '../data-files';
import { TokenDeskError } from '../errors';
import { MAX_BUNDLE_BYTES } from './bundle';

/**
 * Writes a bundle next to its final name and renames it there, readable by the owner only. Without
 * `force` an existing file is refused (the CLI); the app's save dialog has already asked.
 */
export async function writeBundleFile(file: string, text: string, force: boolean): Promise<void> {
  const existing = await lstat(file).catch(() => null);
  if (existing?.isDirectory()) throw new TokenDeskError('invalid_input', `${file} is a folder. Choose a file name for the bundle.`);
  if (existing && !force) throw new TokenDeskError('invalid_input', `${file} already exists. Choose another file, or add --force to replace it.`);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await replaceDataFile(file, temp, text);
  } catch (error) {
    throw new TokenDeskError('invalid_input', `Could not write ${file} (${errnoCode(error) ?? 'error'}). Check that its folder exists and is writable.`, { cause: error });
  }
}

/** Reads a bundle file, refusing what cannot be one (a folder, or larger than any bundle). */
export async function readBundleFile(file: string): Promise<string> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new TokenDeskError('not_found', `Could not read ${file} (${error.code ?? 'error'}). Check the path.`);
  });
  if (!info.isFile()) throw new TokenDeskError('invalid_input', `${file} is not a file. Choose a bundle written by TokenDesk's export.`);
  if (info.size > MAX_BUNDLE_BYTES) {
    throw new TokenDeskError('invalid_input', `${file} is larger than any TokenDesk bundle (${MAX_BUNDLE_BYTES / 1024 / 1024} MiB). Check the file.`);
  }
  return readFile(file, 'utf8');
}
