import { describe, expect, it } from 'vitest';
import { requestChannels } from '../../shared/ipc-contract';
import { fromViewTable, toViewTable, viewTableProblem } from '../../shared/account-view-table';
import { accountView } from './helpers/account-view';

const NOW = 1_700_000_000_000;

describe('the account list on the wire (a table: keys once, one row per account)', () => {
  const views = [
    accountView('a', NOW),
    accountView('b', NOW, { damage: 'changed', lastError: { code: 'network', message: 'down', at: NOW }, extras: { nick: { deep: [1] } } }),
    accountView('c', NOW, { damage: 'unreadable', expiresAt: null, status: 'unknown' }),
  ];

  it('decodes to exactly the views main built, and is much smaller than the views as JSON', () => {
    const table = toViewTable(views);
    expect(fromViewTable(JSON.parse(JSON.stringify(table)))).toEqual(views);
    expect(viewTableProblem(table)).toBeNull();
    expect(requestChannels['accounts:list'].result.safeParse(table).success).toBe(true);
    const many = Array.from({ length: 200 }, (_, i) => accountView(`id-${i}`, NOW));
    expect(JSON.stringify(toViewTable(many)).length).toBeLessThan(JSON.stringify(many).length * 0.75);
  });

  it('main refuses a table whose decoded view breaks the view rules (an undeclared key, a wrong type)', () => {
    const table = toViewTable(views);
    const tokenKey = { ...table, keys: [...table.keys.slice(0, -1), 'token'] };
    expect(viewTableProblem(tokenKey)).toBe('keys');
    const badType = toViewTable(views);
    const hasTokenAt = badType.keys.indexOf('hasToken');
    badType.rows[1]![hasTokenAt] = 'yes';
    expect(viewTableProblem(badType)).toBe('1.hasToken/refreshing');
    const badAuto = toViewTable(views);
    badAuto.rows[2]![badAuto.keys.indexOf('autoRefresh')] = [true, null, 0];
    expect(viewTableProblem(badAuto)).toBe('2.autoRefresh');
  });

  it('the window refuses a malformed table instead of building odd views from it', () => {
    const table = toViewTable(views);
    expect(() => fromViewTable({ ...table, keys: ['__proto__', ...table.keys.slice(1)] })).toThrow(/malformed \(keys\)/);
    expect(() => fromViewTable({ ...table, keys: [...table.keys.slice(0, -1), 'id'] })).toThrow(/malformed \(keys\)/);
    expect(() => fromViewTable({ keys: table.keys, rows: [table.rows[0], table.rows[1]!.slice(1)] })).toThrow(/malformed \(1\)/);
    expect(() => fromViewTable([views[0]])).toThrow(/malformed \(result\)/);
    // A decoded view never gains a prototype or a key the table did not name.
    const decoded = fromViewTable(table)[0] as object;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(table.keys);
  });
});
