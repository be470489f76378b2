import { z } from 'zod';
import { ErrorInfoSchema } from '../../../shared/errors';
import { ProviderIdSchema } from '../../../shared/providers';
import { DEFAULT_SETTINGS, SettingsSchema, type Settings } from '../../../shared/settings';
import { zodProblems } from '../../../shared/zod-problems';
import { TokenDeskError } from '../errors';
import { jsonCopy } from '../json';
import { jsonWithin } from './json-bounds';
import type { StoredAccount } from './types';

/** The file format this build reads and writes. */
export const DOCUMENT_FORMAT = 'tokendesk-vault';
/** The document version this build reads and writes. */
export const DOCUMENT_VERSION = 1;

/**
 * A sealed secret: `<version>:<base64>:<base64>`. Only the version prefix is checked here (cheap for
 * 10,000 accounts); the rest is checked, and authenticated, when the secret is opened.
 */
const SealedSchema = z.string().regex(/^[a-z0-9]{1,16}:/);
const Base64Schema = z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/);
const TimeSchema = z.number().finite();
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A JSON object of non-secret facts; its contents are free-form, so only its kind is checked. */
const FreeObjectSchema = z.custom<Record<string, unknown>>(isObject, { message: 'expected an object' });

/** An account as the vault keeps it in memory and on disk, minus its secrets (StoredAccount). */
export const StoredAccountSchema = z.object({
  // No control characters: the id is part of each secret's associated data, joined with "\0". A
  // pattern, not a refinement: zod compiles an object schema without refinements into one fast check.
  // eslint-disable-next-line no-control-regex -- the control characters are what it refuses
  id: z.string().regex(/^[^\u0000-\u001f]{1,200}$/),
  name: z.string(),
  provider: ProviderIdSchema,
  env: z.string(),
  createdAt: TimeSchema,
  updatedAt: TimeSchema,
  /** Non-secret field values. */
  fields: z.record(z.string(), z.string()),
  expiresAt: TimeSchema.nullable(),
  issuedAt: TimeSchema.nullable(),
  lastRefreshAt: TimeSchema.nullable(),
  lastError: ErrorInfoSchema.nullable(),
  /** Non-secret facts from the last exchange. */
  extras: FreeObjectSchema,
  /** Non-secret provider memory (e.g. which OpenIM API generation worked). */
  providerState: FreeObjectSchema,
  autoRefresh: z.boolean(),
});

/** An account as stored in the file: the account, its sealed secrets and token, and its MAC. */
export const AccountRecordSchema = StoredAccountSchema.extend({
  /** Sealed secret field values, by field name. */
  secrets: z.record(z.string(), SealedSchema),
  /** The sealed issued token. */
  token: SealedSchema.nullable(),
  /** HMAC of the record under a subkey of the data key (record-mac.ts); absent in vaults from before it. */
  mac: z.string().optional(),
});
export type AccountRecord = z.infer<typeof AccountRecordSchema>;

/** The key slots of a vault: each one, on its own, unlocks the same data key (slots.ts). */
const SlotsSchema = z.object({
  /** The data key wrapped by a key derived from the passphrase; the scrypt parameters live beside it. */
  passphrase: z.object({
    kdf: z.literal('scrypt'),
    N: z.number().int(),
    r: z.number().int(),
    p: z.number().int(),
    /** base64 of 16 random bytes. */
    salt: Base64Schema,
    /** The data key, sealed with the derived key. */
    wrapped: SealedSchema,
  }).optional(),
  /** The data key wrapped by the OS keyring (Electron safeStorage): base64 of what SecretBox.encrypt returned. */
  os: z.object({ wrapped: Base64Schema }).optional(),
});
export type Slots = z.infer<typeof SlotsSchema>;

/**
 * A custom provider's definition as stored: the JSON as the person wrote it (checked when it is run, so
 * a definition a newer TokenDesk wrote, or one changed by hand, never makes the file unreadable) and
 * the HMAC that proves TokenDesk stored it (record-mac.ts).
 */
const ProviderRecordSchema = z.object({ definition: z.unknown(), updatedAt: TimeSchema, mac: z.string().optional() });
export type ProviderRecord = z.infer<typeof ProviderRecordSchema>;

/** The authenticated protection state: whether a lock is in force, and the MAC over it (record-mac.ts). */
const GuardSchema = z.object({ locked: z.boolean(), mac: z.string() });
export type Guard = z.infer<typeof GuardSchema>;

/** The whole vault file. */
const DocumentSchema = z.object({
  format: z.literal(DOCUMENT_FORMAT),
  version: z.literal(DOCUMENT_VERSION),
  /** Epoch ms of the write; names the "last good copy" in notices. */
  savedAt: TimeSchema,
  /** Proves a key unwrapped from a slot is the data key (see slots.ts). */
  check: SealedSchema,
  slots: SlotsSchema,
  /** Plain settings; unknown or invalid entries are ignored when read, never a reason to reject the file. */
  settings: z.record(z.string(), z.unknown()),
  /** Absent in vaults from before the protection state was authenticated. */
  guard: GuardSchema.optional(),
  /** Custom providers by id; absent when there are none (and in vaults from before them). */
  providers: z.record(z.string(), ProviderRecordSchema).optional(),
  /** Accounts by id, each checked by isAccountRecord. */
  accounts: FreeObjectSchema,
});

/** Whether `value` is a stored account filed under its own id: AccountRecordSchema is the one check. */
export function isAccountRecord(id: string, value: unknown): value is AccountRecord {
  return isObject(value) && value.id === id && AccountRecordSchema.safeParse(value).success;
}

/** The whole vault file, its accounts checked. */
export type VaultDocument = Omit<z.infer<typeof DocumentSchema>, 'accounts'> & { accounts: Record<string, AccountRecord> };

/** Reading a file's text: a document, or why it is damaged. A newer format throws instead (see below). */
export type ParsedDocument = { ok: true; doc: VaultDocument } | { ok: false; problem: string };

/**
 * Parses and validates the text of a vault file. A file from a newer TokenDesk is not damaged: it throws
 * `invalid_input` so the caller leaves it alone instead of quarantining it.
 */
export function parseDocument(text: string, fileName: string): ParsedDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Any JSON syntax error means the same thing here: the bytes on disk are not a whole document.
    return { ok: false, problem: 'it is not valid JSON' };
  }
  const head = z.object({ format: z.literal(DOCUMENT_FORMAT), version: z.number() }).safeParse(raw);
  if (head.success && head.data.version > DOCUMENT_VERSION) {
    throw new TokenDeskError(
      'invalid_input',
      `${fileName} was written by a newer version of TokenDesk (vault format ${head.data.version}). Update TokenDesk to open it; the file was left unchanged.`,
    );
  }
  const parsed = DocumentSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problem: 'its contents do not have the shape of a TokenDesk vault' };
  boundValues(parsed.data);
  const accounts = parsed.data.accounts;
  for (const id in accounts) {
    if (!isAccountRecord(id, accounts[id])) {
      const filedElsewhere = isObject(accounts[id]) && accounts[id].id !== id;
      return { ok: false, problem: filedElsewhere ? "an account is filed under another account's id" : 'its contents do not have the shape of a TokenDesk vault' };
    }
  }
  // zod leaves an absent optional member (guard, providers) out, as the file did.
  return { ok: true, doc: { ...parsed.data, accounts: accounts as Record<string, AccountRecord> } };
}

/** The free-form parts of an account that are over RECORD_LIMITS (the rest are plain strings and numbers). */
function partsOverBound(account: Record<string, unknown>): Array<'extras' | 'providerState' | 'lastError'> {
  return (['extras', 'providerState', 'lastError'] as const).filter((part) => !jsonWithin(account[part]));
}

/**
 * Leaves out the free-form values nested deeper or larger than RECORD_LIMITS: an account's extras and
 * provider state (and its MAC, so it reads as changed outside TokenDesk, its secrets unused), a
 * definition (it fails its MAC likewise) or a setting. The rest of the vault opens as usual.
 */
function boundValues(doc: z.infer<typeof DocumentSchema>): void {
  for (const record of Object.values(doc.accounts)) {
    if (!isObject(record)) continue;
    const over = partsOverBound(record);
    for (const part of over) record[part] = part === 'lastError' ? null : {};
    // Without its MAC the record reads as changed even if what is left happens to match it.
    if (over.length > 0) delete record.mac;
  }
  for (const record of Object.values(doc.providers ?? {})) if (!jsonWithin(record.definition)) record.definition = null;
  for (const key of Object.keys(doc.settings)) if (!jsonWithin(doc.settings[key])) delete doc.settings[key];
}

/** Checks an account before it is stored, exactly as the file will be read back (JSON round trip). */
export function normalizeAccount(account: StoredAccount): StoredAccount {
  let roundTripped: unknown;
  try {
    roundTripped = jsonCopy(account);
  } catch (error) {
    throw new TokenDeskError('invalid_input', 'The account holds a value that cannot be saved (for example a circular structure in its extras). Remove it and try again.', { cause: error });
  }
  const over = isObject(roundTripped) ? partsOverBound(roundTripped) : [];
  if (over.length > 0) {
    throw new TokenDeskError('invalid_input', `The account cannot be saved: ${over.join(', ')} is nested too deep or too large to store. Report this to the provider's maintainers.`);
  }
  const parsed = StoredAccountSchema.safeParse(roundTripped);
  if (!parsed.success) {
    const where = zodProblems(parsed.error, { whole: 'account' });
    throw new TokenDeskError('invalid_input', `The account cannot be saved: these parts are missing or invalid: ${where}. Correct them and try again.`);
  }
  return parsed.data;
}

/** DEFAULT_SETTINGS overlaid with every stored setting that is valid; anything else is ignored. */
export function mergeSettings(stored: Record<string, unknown>): Settings {
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const shape: Record<string, z.ZodType> = SettingsSchema.shape;
  for (const [key, value] of Object.entries(stored)) {
    // Own keys only: "constructor" or "toString" in the file must not reach Object.prototype's members.
    if (Object.hasOwn(shape, key) && shape[key]?.safeParse(value).success) merged[key] = value;
  }
  return SettingsSchema.parse(merged);
}

/** Freezes a JSON value and everything in it (once: a frozen value is returned as it is). */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const item of Object.values(value)) deepFreeze(item);
  return Object.freeze(value);
}
