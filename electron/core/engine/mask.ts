import type { AccountSecrets } from '../vault/types';
import type { MaskedSecrets } from './types';

/** Secrets at least this long show their first and last four characters; shorter ones show nothing. */
const PREVIEW_MIN_LENGTH = 24;

/** A masked preview of a secret: `abcd…wxyz (64 chars)` for long values, `••••` for short ones. */
export function maskSecret(secret: string): string {
  const chars = Array.from(secret);
  if (chars.length < PREVIEW_MIN_LENGTH) return '••••';
  return `${chars.slice(0, 4).join('')}…${chars.slice(-4).join('')} (${chars.length} chars)`;
}

/** Masked previews of an account's secrets: every secret field holding a value, and the token. */
export function maskSecrets(secrets: AccountSecrets): MaskedSecrets {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(secrets.fields)) if (value !== '') fields[name] = maskSecret(value);
  return { fields, token: secrets.token === null ? null : maskSecret(secrets.token) };
}
