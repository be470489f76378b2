import { readFile, stat } from 'node:fs/promises';
import { MAX_ROWS_TEXT } from '../../shared/account-rows';
import { UsageError } from './io';

/**
 * The text of a file of accounts (`add --from`): at most MAX_ROWS_TEXT bytes, UTF-8 with or without a
 * byte order mark. A file in another encoding (a spreadsheet's "CSV" in GBK or Windows-1252) is refused
 * rather than read as mojibake.
 */
export async function readAccountsFile(file: string): Promise<string> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(error.code === 'ENOENT' ? `There is no file ${file}. Give the path of a CSV or JSON file of accounts.` : `${file} cannot be read (${error.code ?? 'error'}).`);
  });
  if (!info.isFile()) throw new UsageError(`${file} is not a file. Give the path of a CSV or JSON file of accounts.`);
  if (info.size > MAX_ROWS_TEXT) throw new UsageError(`${file} is larger than a file of accounts can be (${MAX_ROWS_TEXT / 1024 / 1024} MiB).`);
  const bytes = await readFile(file);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${file} is not UTF-8 text. Save it as "CSV UTF-8" (or UTF-8 JSON) and try again.`);
  }
}
