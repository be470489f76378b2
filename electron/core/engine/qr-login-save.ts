import { looksLikeAccountId } from '../../../shared/account-names';
import { QrLogins } from '../login/qr-login';
import type { ExchangeResult } from '../providers/types';
import type { StoredAccount, Vault } from '../vault/types';
import type { CoreNews } from './core-news';
import { storedAccount } from './guards';
import { historyEntry } from './history-entry';
import { afterExchange, exchangeInput, type RefreshDeps } from './refresh';

/**
 * Stores a successful QR login: the lgToken becomes the account's logonToken (a secret), the cookies its
 * token, the nick from the answer fills an empty Qianniu account field (and the name, when asked).
 * Resolves once it is on disk.
 */
export async function saveQrLogin(
  vault: Vault,
  account: StoredAccount,
  lgToken: string,
  result: ExchangeResult,
  options: { now: number; nameFromNick: boolean },
): Promise<void> {
  const secrets = vault.secrets(account.id);
  const nick = typeof result.extras.userNick === 'string' ? result.extras.userNick.trim() : '';
  const fields = nick && !account.fields.userNick ? { ...account.fields, userNick: nick } : account.fields;
  const secretFields: Record<string, string> = { ...secrets.fields, logonToken: lgToken };
  await vault.put(
    {
      ...afterExchange(account, result, options.now),
      // A nick shaped like an account id would be refused as a typed name: the name stays as it was.
      name: options.nameFromNick && nick && !looksLikeAccountId(nick) ? nick : account.name,
      fields,
      updatedAt: options.now,
    },
    { fields: secretFields, token: result.token },
  );
}

/** The core's QR logins: an account's exchange input read when a login starts, its result saved and told. */
export function coreQrLogins(deps: RefreshDeps & { news: CoreNews; requireUnlocked(): void }): QrLogins {
  const { vault, clock } = deps;
  return new QrLogins({
    clock,
    http: deps.http,
    cache: deps.cache,
    input: (id) => {
      deps.requireUnlocked();
      const account = storedAccount(vault, id);
      const provider = deps.provider(account);
      return { provider, input: exchangeInput(provider, account, vault.secrets(id)) };
    },
    save: async (id, lgToken, result, saveOptions) => {
      await saveQrLogin(vault, storedAccount(vault, id), lgToken, result, { now: clock.now(), ...saveOptions });
      return deps.news.changed(id);
    },
    record: ({ accountId, startedAt, outcome, error }) =>
      deps.history.append(
        historyEntry(vault.peekAccount(accountId), { at: startedAt, accountId, operation: 'qr_login', trigger: 'manual', httpStatus: null, durationMs: clock.now() - startedAt, outcome, error }),
      ),
  });
}
