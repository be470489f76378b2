import { describe, expect, it } from 'vitest';
import { openBundle, sealBundle } from '../../electron/core/transfer/bundle';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { openIpcRig } from './helpers/ipc-rig';

const BUNDLE_PASSPHRASE = 'bundle passphrase';

/**
 * A bundle proves only that its writer knew the passphrase. One written by hand (or by a careless
 * script) must not bring in what the window and the CLI refuse when a person types it.
 */
describe('import checks a bundle\'s accounts like typed ones', () => {
  it.each([
    ['a name with a text-direction override', { name: 'IM \u202eeno' }, /name .*control or text-direction/],
    ['an environment with an escape sequence', { env: 'prod\u001b[2J' }, /environment .*control or text-direction/],
    ['an address carrying user:pass@', { fields: { baseUrl: 'https://admin:hunter2@im.example.com', userID: 'u1' } }, /baseUrl .*user name or password/],
    ['an account id that is not a UUID', { id: 'constructor' }, /id "constructor" is not one TokenDesk makes/],
    ['the account id __proto__', { id: '__proto__' }, /id "__proto__" is not one TokenDesk makes/],
    ['an upper-case id', { id: '3F2A9C1E-0000-4000-8000-000000000000' }, /is not one TokenDesk makes/],
    ['a name shaped like an id prefix', { name: '3f2a9c1e' }, /looks like an account id/],
    ['a name shaped like a whole id', { name: 'DEADBEEF-0000-4000' }, /looks like an account id/],
  ])('refuses %s, names the account, and imports nothing', async (_what, change, problem) => {
    const source = await openIpcRig();
    const target = await openIpcRig();
    try {
      await source.core.initialize('rig passphrase');
      await source.core.create({ provider: 'openim', name: 'IM one', values: { baseUrl: 'https://im.example.com', secret: 'canary-secret-4711', userID: 'u1' } });
      const { text } = await source.core.exportBundle({ passphrase: BUNDLE_PASSPHRASE });
      const payload = await openBundle(text, BUNDLE_PASSPHRASE);
      const first = payload.accounts.find((a) => a.account.name === 'IM one');
      if (!first) throw new Error('the exported bundle lacks the account');
      Object.assign(first.account, change);
      const crafted = await sealBundle(payload, BUNDLE_PASSPHRASE, FAST_TEST_SCRYPT);

      await target.core.initialize('rig passphrase');
      const before = target.core.list().length;
      await expect(target.core.importBundle({ text: crafted, passphrase: BUNDLE_PASSPHRASE })).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringMatching(problem),
      });
      await expect(target.core.importBundle({ text: crafted, passphrase: BUNDLE_PASSPHRASE })).rejects.toThrow(/nothing was imported/);
      expect(target.core.list()).toHaveLength(before);
    } finally {
      await source.close();
      await target.close();
    }
  });
});
