import { basename } from 'node:path';
import { TokenDeskError } from '../errors';
import { secretBoxIsSecure, type SecretBox } from '../platform';
import { parseDocument, type VaultDocument } from './document';
import type { VaultLock } from './file-lock';
import { quarantine, quarantinedFiles, readSnapshot, writeVaultFile, type FileStamp, type VaultFiles } from './file-store';
import { keyFromOsSlot } from './slots';

/** What opening the data folder found. */
export interface Loaded {
  /** null: no vault yet. */
  doc: VaultDocument | null;
  /** The data key when the OS slot opened it silently, else null. */
  key: Buffer | null;
  notices: string[];
  /** The version of vault.json `doc` was read from (or written to); null: no file. */
  stamp: FileStamp | null;
}

type Candidate =
  | { kind: 'ok'; doc: VaultDocument; text: string; stamp: FileStamp }
  | { kind: 'missing' }
  | { kind: 'damaged'; problem: string };

async function readCandidate(path: string): Promise<Candidate> {
  const snapshot = await readSnapshot(path);
  if (snapshot === null) return { kind: 'missing' };
  const parsed = parseDocument(snapshot.text, basename(path));
  return parsed.ok ? { kind: 'ok', doc: parsed.doc, text: snapshot.text, stamp: snapshot.stamp } : { kind: 'damaged', problem: parsed.problem };
}

/** Whether the keyring opens this copy's OS slot (the key itself is wiped at once). */
async function osKeyOpens(doc: VaultDocument, box: SecretBox | undefined): Promise<boolean> {
  const key = await keyFromOsSlot(doc.slots, box, doc.check);
  key?.fill(0);
  return key !== null;
}

/**
 * Puts the backup back in place of a damaged (or missing) vault.json, keeping the damaged file beside it,
 * and writes the restored copy as vault.json at once so a crash right after cannot look like "no vault".
 */
async function restoreBackup(
  files: VaultFiles,
  backup: { doc: VaultDocument; text: string },
  box: SecretBox | undefined,
  now: number,
  what: string,
): Promise<Loaded> {
  const moved = (await readSnapshot(files.file)) === null ? null : await quarantine(files.file, now);
  const written = await writeVaultFile(files, backup.text);
  const aside = moved ? `; it was moved to ${basename(moved)}` : '';
  return {
    doc: backup.doc,
    key: await keyFromOsSlot(backup.doc.slots, box, backup.doc.check),
    stamp: written.stamp,
    notices: [`vault.json ${what}${aside}, and the last good copy from ${new Date(backup.doc.savedAt).toISOString()} was loaded. Changes made after that time may be missing.`],
  };
}

async function bothDamaged(files: VaultFiles, now: number, mainProblem: string, backup: Candidate): Promise<never> {
  const movedMain = await quarantine(files.file, now);
  const movedBak = backup.kind === 'damaged' ? await quarantine(files.bak, now) : null;
  const bakPart = movedBak
    ? `its backup was damaged too and was moved to ${basename(movedBak)}`
    : 'there is no backup (vault.json.bak) to load instead';
  throw new TokenDeskError(
    'invalid_input',
    `The vault could not be read: vault.json is damaged (${mainProblem}) and was moved to ${basename(movedMain)}; ${bakPart}. Nothing was deleted. Restore vault.json in ${files.dir} from your own backup, or start over with a new vault (the damaged files stay beside it).`,
  );
}

async function emptyStart(files: VaultFiles): Promise<Loaded> {
  const leftovers = await quarantinedFiles(files.dir);
  const notices = leftovers.length
    ? [`There is no vault in ${files.dir}, but damaged vault files set aside earlier are still there: ${leftovers.join(', ')}. They were not loaded and were not deleted.`]
    : [];
  return { doc: null, key: null, notices, stamp: null };
}

/**
 * Reads the vault of a data folder. A damaged vault.json is quarantined and the backup loaded with a
 * notice; when both are bad it throws `invalid_input` naming the quarantined files. Never wipes anything.
 * Repairs move and write files, so they run under the write lock, from a fresh read.
 */
export async function loadVault(files: VaultFiles, box: SecretBox | undefined, now: number, lock: VaultLock): Promise<Loaded> {
  const main = await readCandidate(files.file);
  if (main.kind === 'ok') {
    const key = await keyFromOsSlot(main.doc.slots, box, main.doc.check);
    if (key || !main.doc.slots.os || !secretBoxIsSecure(box)) return { doc: main.doc, key, notices: [], stamp: main.stamp };
  } else if (main.kind === 'missing' && (await readCandidate(files.bak)).kind === 'missing') {
    return emptyStart(files);
  }
  return lock.run(() => loadOrRepair(files, box, now));
}

async function loadOrRepair(files: VaultFiles, box: SecretBox | undefined, now: number): Promise<Loaded> {
  const main = await readCandidate(files.file);
  if (main.kind === 'ok') {
    const key = await keyFromOsSlot(main.doc.slots, box, main.doc.check);
    if (key || !main.doc.slots.os || !secretBoxIsSecure(box)) return { doc: main.doc, key, notices: [], stamp: main.stamp };
    // The keyring is there but cannot open this slot: a damaged file, or a changed keyring? If the
    // backup opens with the same keyring, the file is at fault.
    const backup = await readCandidate(files.bak);
    if (backup.kind === 'ok' && (await osKeyOpens(backup.doc, box))) {
      return restoreBackup(files, backup, box, now, 'failed its integrity check (its key slot did not authenticate)');
    }
    const how = main.doc.slots.passphrase ? 'Unlock it with your passphrase' : 'Repair or unlock the system keyring and restart TokenDesk; without it and without a passphrase the vault cannot be opened';
    return { doc: main.doc, key: null, notices: [`The system keyring could not open the vault key (the keyring may have changed or be locked). ${how}.`], stamp: main.stamp };
  }
  const backup = await readCandidate(files.bak);
  if (main.kind === 'missing') {
    if (backup.kind === 'missing') return emptyStart(files);
    if (backup.kind === 'ok') return restoreBackup(files, backup, box, now, 'was missing');
    const moved = await quarantine(files.bak, now);
    throw new TokenDeskError(
      'invalid_input',
      `The vault could not be read: vault.json is missing and its backup is damaged (${backup.problem}); the backup was moved to ${basename(moved)}. Nothing was deleted. Restore vault.json in ${files.dir} from your own backup, or start over with a new vault.`,
    );
  }
  if (backup.kind === 'ok') return restoreBackup(files, backup, box, now, `was damaged (${main.problem})`);
  return bothDamaged(files, now, main.problem, backup);
}
