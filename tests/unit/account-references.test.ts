import { describe, expect, it } from 'vitest';
import { isAccountId, looksLikeAccountId } from '../../shared/account-names';
import { findAccount } from '../../electron/cli/find-account';

const A = { id: '3f2a9c1e-7b4d-4c2a-9e1f-0a1b2c3d4e5f', name: 'SUD test' };
const B = { id: '3f2a0000-1111-4222-8333-444455556666', name: 'Prod' };
const C = { id: 'c0ffee00-1111-4222-8333-444455556666', name: 'Shop 淘宝' };
const accounts = [A, B, C];

const failure = (ref: string, list = accounts): string => {
  try {
    findAccount(list, ref);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`"${ref}" was found`);
};

describe('an account reference: full id, unique id prefix, then name', () => {
  it('an id or a unique id prefix wins over a name that looks the same (a name cannot shadow an id)', () => {
    // An account an import (or an older TokenDesk) named like another account's short id.
    const shadow = { id: 'aaaaaaaa-1111-4222-8333-444455556666', name: '3f2a9c1e' };
    expect(findAccount([...accounts, shadow], '3f2a9c1e')).toBe(A);
    expect(findAccount([...accounts, shadow], A.id)).toBe(A);
    expect(findAccount([...accounts, { ...shadow, name: A.id }], A.id)).toBe(A);
    // Ids in any case, as people copy them.
    expect(findAccount(accounts, '3F2A9C1E')).toBe(A);
  });

  it('an id prefix that fits several accounts lists them (id and name) instead of picking one', () => {
    const message = failure('3f2a');
    expect(message).toContain('3f2a9c1e "SUD test"');
    expect(message).toContain('3f2a0000 "Prod"');
  });

  it('a name matches exactly or ignoring case when it is the only one', () => {
    expect(findAccount(accounts, 'SUD test')).toBe(A);
    expect(findAccount(accounts, 'sud TEST')).toBe(A);
    expect(findAccount(accounts, '  prod ')).toBe(B);
    expect(findAccount(accounts, 'shop 淘宝')).toBe(C);
  });

  it('names that differ only in case are ambiguous, so an imported "prod" never quietly wins over "Prod"', () => {
    const imported = { id: 'bbbbbbbb-1111-4222-8333-444455556666', name: 'prod' };
    const message = failure('prod', [...accounts, imported]);
    expect(message).toContain('3f2a0000 "Prod"');
    expect(message).toContain('bbbbbbbb "prod"');
    expect(message).toContain('Use the id');
    // Ids chosen to share their first 8 characters are listed whole.
    const twin = { id: '3f2a0000-9999-4999-8999-999999999999', name: 'prod' };
    expect(failure('prod', [...accounts, twin])).toContain(`${B.id} "Prod", ${twin.id} "prod"`);
  });

  it('a reference that fits nothing lists up to five close names', () => {
    expect(failure('SUD tset')).toMatch(/No account "SUD tset"\. Close: 3f2a9c1e "SUD test"\./);
    expect(failure('shop')).toContain('c0ffee00 "Shop 淘宝"');
    const many = Array.from({ length: 8 }, (_, i) => ({ id: `dddddddd-1111-4222-8333-00000000000${i}`, name: `QA user ${i}` }));
    expect(failure('QA user', many).match(/"QA user \d"/g)).toHaveLength(5);
    expect(failure('zzz')).not.toContain('Close:');
  });
});

describe('the name rule', () => {
  it.each(['cafe', 'DEAD', '2024', '3f2a9c1e', '3F2A9C1E-7B', '3f2a9c1e-7b4d-4c2a-9e1f-0a1b2c3d4e5f', ' beef '])('refuses "%s", which could be an id or the start of one', (name) => {
    expect(looksLikeAccountId(name)).toBe(true);
  });

  it.each(['abc', 'cafe bar', 'QA cafe', 'coffee', '3f2a-9c1e', 'deadbeef0', 'Prod', '淘宝 2024'])('accepts "%s"', (name) => {
    expect(looksLikeAccountId(name)).toBe(false);
  });

  it('ids are lower-case UUIDs', () => {
    expect(isAccountId(A.id)).toBe(true);
    expect(isAccountId(A.id.toUpperCase())).toBe(false);
    expect(isAccountId('constructor')).toBe(false);
    expect(isAccountId(`${A.id}\n`)).toBe(false);
  });
});
