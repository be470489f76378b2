import { TokenDeskError } from '../errors';
import { fieldAd, sealText, tokenAd, unsealText, type OpenFailure } from './crypto';
import type { AccountSecrets, StoredAccount } from './types';

/** An account's secrets as kept in memory and on disk: sealed, opened only when asked for. */
export interface SealedSecrets {
  secrets: Record<string, string>;
  token: string | null;
}

/** Seals every secret field and the token under the data key, each bound to its account and place. */
export function sealSecrets(key: Buffer, accountId: string, plain: AccountSecrets): SealedSecrets {
  const values: unknown[] = [...Object.values(plain.fields ?? {}), plain.token ?? ''];
  if (values.some((value) => typeof value !== 'string')) {
    throw new TokenDeskError('invalid_input', "The account's secret values must be text. Enter them again and retry.");
  }
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(plain.fields ?? {})) secrets[name] = sealText(key, value, fieldAd(accountId, name));
  return { secrets, token: plain.token === null ? null : sealText(key, plain.token, tokenAd(accountId)) };
}

/** Seals only an issued token (a refresh's result; the secret fields stay sealed as they are). */
export function sealToken(key: Buffer, accountId: string, token: string | null): string | null {
  if (token === null) return null;
  if (typeof token !== 'string') {
    throw new TokenDeskError('invalid_input', "The account's secret values must be text. Enter them again and retry.");
  }
  return sealText(key, token, tokenAd(accountId));
}

function unreadable(account: StoredAccount, failure: OpenFailure): TokenDeskError {
  if (failure.reason === 'version') {
    return new TokenDeskError('bad_response', `A stored secret of "${account.name}" uses the format "${failure.version}", which this version of TokenDesk cannot read. Update TokenDesk.`);
  }
  return new TokenDeskError('bad_response', `The stored secret for "${account.name}" failed its integrity check, so it was not used. Edit the account and enter its secret fields again; a refresh then issues a new token.`);
}

/** Opens each sealed value of an account; `failed` hears each one that does not open (it may throw). */
function openEach(key: Buffer, account: StoredAccount, sealed: SealedSecrets, failed: (name: string, failure: OpenFailure) => void): AccountSecrets {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(sealed.secrets)) {
    const opened = unsealText(key, value, fieldAd(account.id, name));
    if (opened.ok) fields[name] = opened.text;
    else failed(name, opened);
  }
  let token: string | null = null;
  if (sealed.token !== null) {
    const opened = unsealText(key, sealed.token, tokenAd(account.id));
    if (opened.ok) token = opened.text;
    else failed('token', opened);
  }
  return { fields, token };
}

/** Opens an account's secrets; a secret that fails to authenticate throws `bad_response`, never garbage. */
export function openSecrets(key: Buffer, account: StoredAccount, sealed: SealedSecrets): AccountSecrets {
  return openEach(key, account, sealed, (_name, failure) => {
    throw unreadable(account, failure);
  });
}

/** Opens what opens of an account's secrets; names the fields (and `token`) that do not. */
export function openReadable(key: Buffer, account: StoredAccount, sealed: SealedSecrets): { secrets: AccountSecrets; unreadable: string[] } {
  const unreadable: string[] = [];
  const secrets = openEach(key, account, sealed, (name) => unreadable.push(name));
  return { secrets, unreadable };
}
