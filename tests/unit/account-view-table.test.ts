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
    expect(JSON.stringify(toViewTable(many)).length).toBeLessThan(JSON.stringify(many).length * 0.6);
  });

  it('sends repeated values once (dictionaries) and still gives every view objects of its own', () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      accountView(`id-${i}`, NOW, {
        createdAt: NOW - i * 1000,
        env: i % 3 === 0 ? 'prod' : 'test',
        damage: i === 7 ? 'changed' : null,
        lastError: i % 50 === 0 ? { code: 'network', message: 'down', at: NOW } : null,
        extras: { userID: `user-${i}` },
      }),
    );
    const table = toViewTable(many);
    expect(Object.keys(table.dicts)).toEqual(expect.arrayContaining(['provider', 'env', 'status', 'damage', 'lastError', 'secretsSet', 'autoRefresh']));
    // Distinct values (times, extras) are not worth a dictionary.
    expect(Object.keys(table.dicts)).not.toContain('createdAt');
    const decoded = fromViewTable(JSON.parse(JSON.stringify(table)));
    expect(decoded).toEqual(many);
    expect(viewTableProblem(table)).toBeNull();
    // Changing one view's objects changes no other view.
    decoded[0]!.secretsSet.push('other');
    decoded[0]!.lastError!.message = 'changed';
    decoded[0]!.autoRefresh.failures = 9;
    expect(decoded[50]!.lastError!.message).toBe('down');
    expect(decoded[1]!.secretsSet).toEqual(many[1]!.secretsSet);
    expect(decoded[1]!.autoRefresh.failures).toBe(0);
  });

  it('refuses a dictionary that points nowhere or holds a value a view may not have', () => {
    const many = Array.from({ length: 40 }, (_, i) => accountView(`id-${i}`, NOW));
    const table = toViewTable(many);
    const statusAt = table.keys.indexOf('status');
    const outOfRange = structuredClone(table);
    outOfRange.rows[3]![statusAt] = 5;
    expect(viewTableProblem(outOfRange)).toBe('3.status');
    expect(() => fromViewTable(outOfRange)).toThrow(/malformed \(3\.status\)/);
    const notAnIndex = structuredClone(table);
    notAnIndex.rows[4]![statusAt] = 'valid';
    expect(viewTableProblem(notAnIndex)).toBe('4.status');
    expect(viewTableProblem({ ...table, dicts: { ...table.dicts, token: ['x'] } })).toBe('dicts');
    expect(viewTableProblem({ ...table, dicts: { ...table.dicts, status: ['fine'] } })).toBe('0.status');
  });

  it('main refuses a table whose decoded view breaks the view rules (an undeclared key, a wrong type)', () => {
    const table = toViewTable(views);
    const tokenKey = { ...table, keys: [...table.keys.slice(0, -1), 'token'] };
    expect(viewTableProblem(tokenKey)).toBe('keys');
    const badType = toViewTable(views);
    const hasTokenAt = badType.keys.indexOf('hasToken');
    badType.rows[1]![hasTokenAt] = 'yes';
    expect(viewTableProblem(badType)).toBe('1.hasToken');
    const badAuto = toViewTable(views);
    badAuto.rows[2]![badAuto.keys.indexOf('autoRefresh')] = [true, null, 0];
    expect(viewTableProblem(badAuto)).toMatch(/^2\.autoRefresh/);
    expect(requestChannels['accounts:list'].result.safeParse(badAuto).success).toBe(false);
  });

  it('the window refuses a malformed table instead of building odd views from it', () => {
    const table = toViewTable(views);
    expect(() => fromViewTable({ ...table, keys: ['__proto__', ...table.keys.slice(1)] })).toThrow(/malformed \(keys\)/);
    expect(() => fromViewTable({ ...table, keys: [...table.keys.slice(0, -1), 'id'] })).toThrow(/malformed \(keys\)/);
    expect(() => fromViewTable({ ...table, rows: [table.rows[0], table.rows[1]!.slice(1)] })).toThrow(/malformed \(1\)/);
    expect(() => fromViewTable({ keys: table.keys, rows: table.rows })).toThrow(/malformed \(dicts\)/);
    expect(() => fromViewTable([views[0]])).toThrow(/malformed \(result\)/);
    // A decoded view never gains a prototype or a key the table did not name.
    const decoded = fromViewTable(table)[0] as object;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.keys(decoded)).toEqual(table.keys);
  });
});
