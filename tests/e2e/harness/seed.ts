import type { AccountView } from '../../../shared/account';
import type { AccountCreate } from '../../../shared/ipc-contract';
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
