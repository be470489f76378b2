import type { AccountView } from '../../../shared/account';
import type { AccountCreate } from '../../../shared/account-input';
import { PROVIDER_IDS } from '../../../shared/providers';
import type { TokenDeskCore } from '../../../electron/core';

/** Creates accounts straight through the engine (as the CLI would) so a test starts from a known list. */
export async function seedAccounts(core: TokenDeskCore, inputs: readonly AccountCreate[]): Promise<AccountView[]> {
  return Promise.all(inputs.map((input) => core.create(input)));
}

/**
 * Creates `count` accounts in batches: puts that arrive together share one vault write (group
 * commit), so 10,000 accounts cost a few dozen writes instead of 10,000.
 */
export async function seedMany(core: TokenDeskCore, count: number, make: (index: number) => AccountCreate, batch = 1_000): Promise<void> {
  for (let start = 0; start < count; start += batch) {
    const inputs: AccountCreate[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) inputs.push(make(i));
    await seedAccounts(core, inputs);
  }
}

/** Account `i` of the bulk set: providers in turn, names that sort by number. */
export function bulkAccount(i: number): AccountCreate {
  const provider = PROVIDER_IDS[i % PROVIDER_IDS.length]!;
  const name = `Load ${String(i).padStart(5, '0')}`;
  const env = i % 3 === 0 ? 'prod' : 'test';
  switch (provider) {
    case 'sud':
      return { provider, name, env, values: { baseUrl: 'http://127.0.0.1:9', code: `code-${i}` } };
    case 'sainiu':
      return { provider, name, env, values: { userNick: `tb${i}`, logonToken: `logon-${i}` } };
    case 'oneaccess':
      return { provider, name, env, values: { baseUrl: 'http://127.0.0.1:9', accessToken: `access-${i}`, sessionToken: `session-${i}`, deviceFingerprint: `fp-${i}` } };
    case 'openim':
      return { provider, name, env, values: { secret: `secret-${i}`, userID: `user-${i}` } };
  }
}
