import { createStore } from 'zustand/vanilla';
import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../shared/account';
import { createAccountsSlice } from '../../renderer/src/store/accounts-slice';
import type { StoreState } from '../../renderer/src/store/types';

// A vault.json edited by hand can carry any id; the window must still list every account it is sent.
const view = (id: string): AccountView => ({ id, name: `acct ${id}` }) as unknown as AccountView;

describe('the window keeps accounts whose ids look like object keys', () => {
  it('lists __proto__, constructor and hasOwnProperty as accounts, and removes them', () => {
    const store = createStore<StoreState>()((...a) => createAccountsSlice(...a) as StoreState);
    const ids = ['__proto__', 'constructor', 'hasOwnProperty', '0b6f7c2e-4c1a-4b8e-9d2f-1a2b3c4d5e6f'];
    store.getState().applyAccountChanges({ upserted: ids.map(view), removed: [] });
    const accounts = store.getState().accounts;
    expect(Object.keys(accounts).sort()).toEqual([...ids].sort());
    for (const id of ids) expect(Object.hasOwn(accounts, id) && accounts[id]?.name).toBe(`acct ${id}`);
    store.getState().applyAccountChanges({ upserted: [], removed: ['__proto__', 'constructor'] });
    expect(Object.keys(store.getState().accounts).sort()).toEqual(['0b6f7c2e-4c1a-4b8e-9d2f-1a2b3c4d5e6f', 'hasOwnProperty']);
  });
});
