import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { TokenDeskError } from '../errors';
import { NONCE_BYTES, openBytes, sealBytes, TAG_BYTES, wipe } from '../vault/crypto';
import { StoredAccountSchema } from '../vault/document';
import { BUNDLE_LIMITS, requireWithin } from '../vault/json-bounds';
import { deriveKek, foreignScryptAllowed, scryptCost, scryptParamsAreSane } from '../vault/kdf';
import type { ScryptParams } from '../vault/types';

/**
 * The export bundle (README, "Moving a vault"): a JSON header naming the format, the scrypt parameters
 * and the nonce, then the payload sealed with AES-256-GCM under a key derived from the bundle's own
 * passphrase. The header is the cipher's associated data, so changing any byte of the file (header or
 * payload) fails authentication as a whole.
 */
const BUNDLE_FORMAT = 'tokendesk-bundle';
/** The bundle version this build writes and reads. */
const BUNDLE_VERSION = 1;

const SALT_BYTES = 16;
/** A bundle is at most this large (10,000 accounts fit well below). */
export const MAX_BUNDLE_BYTES = 64 * 1024 * 1024;

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

const HeaderSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  kdf: z.strictObject({ name: z.literal('scrypt'), N: z.number().int(), r: z.number().int(), p: z.number().int(), salt: Base64 }),
  cipher: z.literal('aes-256-gcm'),
  nonce: Base64,
});
type Header = z.infer<typeof HeaderSchema>;

const FileSchema = z.strictObject({ header: HeaderSchema, payload: Base64 });

/** One account in a bundle: its record and its secrets in the clear (the bundle as a whole is sealed). */
const BundleAccountSchema = z.strictObject({
  account: StoredAccountSchema,
  secrets: z.strictObject({ fields: z.record(z.string(), z.string()), token: z.string().nullable() }),
});
export type BundleAccount = z.infer<typeof BundleAccountSchema>;

/** A custom provider in a bundle: its definition as stored, and when it was stored (kept for older versions; import ignores it). */
const BundleProviderSchema = z.strictObject({ definition: z.unknown(), updatedAt: z.number().finite() });
export type BundleProvider = z.infer<typeof BundleProviderSchema>;

/** What a bundle carries once opened; `customProviders` are the definitions its accounts use. */
const BundlePayloadSchema = z.strictObject({
  exportedAt: z.number().finite(),
  accounts: z.array(BundleAccountSchema),
  customProviders: z.array(BundleProviderSchema),
});
export type BundlePayload = z.infer<typeof BundlePayloadSchema>;

const NOT_A_BUNDLE = 'This file is not a TokenDesk export bundle (or it is damaged). Choose a file written by `tokendesk export` or the app\'s Export.';

function costlyBundle(params: ScryptParams): TokenDeskError {
  return new TokenDeskError(
    'invalid_input',
    `This bundle asks for a far costlier key derivation (scrypt N=${params.N}, r=${params.r}, p=${params.p}, work ${scryptCost(params)}) than TokenDesk's export writes, even on a fast computer, so it was not opened: deriving it would hold this computer for minutes. A bundle made by TokenDesk never asks for this; ask whoever sent it to export it again with TokenDesk.`,
  );
}

/** The header as the associated data: its JSON with the keys in the schema's order, whatever the file's. */
function associatedData(header: Header): string {
  return JSON.stringify(HeaderSchema.parse(header));
}

/** Seals `payload` under `passphrase` into the bundle file's text. */
export async function sealBundle(payload: BundlePayload, passphrase: string, scrypt: ScryptParams): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const header: Header = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    kdf: { name: 'scrypt', N: scrypt.N, r: scrypt.r, p: scrypt.p, salt: salt.toString('base64') },
    cipher: 'aes-256-gcm',
    nonce: nonce.toString('base64'),
  };
  const key = await deriveKek(passphrase, salt, scrypt);
  try {
    const plain = Buffer.from(JSON.stringify(payload), 'utf8');
    const body = sealBytes(key, nonce, plain, associatedData(header));
    wipe(plain);
    return `${JSON.stringify({ header, payload: body.toString('base64') }, null, 1)}\n`;
  } finally {
    wipe(key);
  }
}

/**
 * Opens a bundle's text. A wrong passphrase and a changed byte look the same to AES-GCM, so both are one
 * `invalid_input` error that names both causes; nothing in the file is trusted before that check passes.
 */
export async function openBundle(text: string, passphrase: string, exported?: () => ScryptParams): Promise<BundlePayload> {
  let parsed: z.infer<typeof FileSchema>;
  try {
    parsed = FileSchema.parse(JSON.parse(text));
  } catch {
    throw new TokenDeskError('invalid_input', NOT_A_BUNDLE);
  }
  const { header } = parsed;
  const params = { N: header.kdf.N, r: header.kdf.r, p: header.kdf.p };
  const nonce = Buffer.from(header.nonce, 'base64');
  const body = Buffer.from(parsed.payload, 'base64');
  if (!scryptParamsAreSane(params) || nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) {
    throw new TokenDeskError('invalid_input', NOT_A_BUNDLE);
  }
  // Before any derivation: scrypt's maximum held the computer for a minute and over a gigabyte.
  if (!foreignScryptAllowed(params, exported)) throw costlyBundle(params);
  const key = await deriveKek(passphrase, Buffer.from(header.kdf.salt, 'base64'), params);
  let plain: Buffer | null;
  try {
    plain = openBytes(key, nonce, body, associatedData(header));
  } finally {
    wipe(key);
  }
  if (!plain) {
    throw new TokenDeskError(
      'invalid_input',
      'The bundle could not be opened: the export passphrase is wrong, or the file was changed after it was written. Check the passphrase; if it is right, export the bundle again.',
      { needsUser: true },
    );
  }
  try {
    return BundlePayloadSchema.parse(requireWithin(JSON.parse(plain.toString('utf8')), BUNDLE_LIMITS));
  } catch {
    throw new TokenDeskError('invalid_input', 'The bundle opened but its contents are not what this version of TokenDesk expects. Update TokenDesk, or export again with this version.');
  } finally {
    wipe(plain);
  }
}
