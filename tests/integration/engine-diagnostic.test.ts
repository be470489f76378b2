import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { startOneAccessServer, startSudServer, type OneAccessServer, type SudServer } from '../servers';

/** Canary secrets: none of them may ever appear in a diagnostic, whole or as its base64. */
const CLIENT_SECRET = 'canary-client-secret-Q7xV93kd';
const FINGERPRINT = 'fp-123456';
let dir: string;
let core: OpenedCore;
let oneAccess: OneAccessServer;
let sud: SudServer;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-diagnostic-'));
  oneAccess = await startOneAccessServer({ clientSecret: CLIENT_SECRET });
  sud = await startSudServer();
  core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT, http: { timeoutMs: 5_000, env: {} } });
  await core.initialize('diagnostic passphrase');
});

afterEach(async () => {
  await core.close();
  await Promise.all([oneAccess.close(), sud.close()]);
  await rm(dir, { recursive: true, force: true });
});

function expectFreeOf(text: string, secrets: string[]): void {
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(5);
    for (const form of [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)]) expect(text).not.toContain(form);
  }
}

describe('the diagnostic of an account\'s last exchange', () => {
  it('shows method, URL, status, headers and bodies of a refused OneAccess exchange, with every secret removed', async () => {
    const session = oneAccess.login().session_token;
    const account = await core.create({
      provider: 'oneaccess',
      name: 'Tenant SSO',
      env: 'test',
      values: { baseUrl: oneAccess.url, clientId: 'oa-client', clientSecret: CLIENT_SECRET, sessionToken: session, deviceFingerprint: FINGERPRINT },
    });
    expect((await core.refresh(account.id)).ok).toBe(true);
    const ticket = core.token(account.id);
    const accessToken = oneAccess.state.lastAccessToken ?? '';
    // A server that echoes what it was sent into its error message (real ones do).
    oneAccess.respondNext({
      path: '/api/v2/tenant/sso/session-token/sso-ticket',
      status: 400,
      body: { error_code: 'SSO.0003', error_msg: `session ${session} with bearer ${accessToken} and ${CLIENT_SECRET} refused`, session_token: session },
    });
    const result = await core.refresh(account.id);
    expect(result.ok).toBe(false);

    const text = core.diagnostic(account.id);
    expect(text).toContain(`POST ${oneAccess.url}/api/v2/tenant/sso/session-token/sso-ticket`);
    expect(text).toContain('→ 400 Bad Request');
    expect(text).toContain('Server said: SSO.0003');
    expect(text).toContain('"error_code":"SSO.0003"');
    expect(text).toContain(`"device_fingerprint":"${FINGERPRINT}"`);
    expect(text).toContain('Content-Type: application/json;charset=utf8');
    expect(text).toMatch(/left out, they carry credentials: Authorization/);
    expect(text).toContain('«redacted»');
    expect(text).not.toMatch(/Bearer/);
    expectFreeOf(text, [session, accessToken, CLIENT_SECRET, ticket]);
  });

  it('redacts the fetched access token and the new ticket of a successful exchange', async () => {
    const session = oneAccess.login().session_token;
    const account = await core.create({
      provider: 'oneaccess',
      name: 'Tenant SSO',
      env: 'test',
      values: { baseUrl: oneAccess.url, clientId: 'oa-client', clientSecret: CLIENT_SECRET, sessionToken: session, deviceFingerprint: FINGERPRINT },
    });
    expect((await core.refresh(account.id)).ok).toBe(true);
    const text = core.diagnostic(account.id);
    expect(text).toContain('#1 access_token');
    expect(text).toContain('#2 sso_ticket');
    expect(text).toContain('client_secret=«redacted»');
    expect(text).toContain('"access_token":"«redacted»"');
    expect(text).toContain('"sso_ticket":"«redacted»"');
    expectFreeOf(text, [session, oneAccess.state.lastAccessToken ?? '', CLIENT_SECRET, core.token(account.id)]);
  });

  it('works the same for any provider: a SUD code and its ss_token never appear', async () => {
    const code = sud.issueCode();
    const account = await core.create({ provider: 'sud', name: 'SUD', env: 'test', values: { baseUrl: sud.url, code } });
    expect((await core.refresh(account.id)).ok).toBe(true);
    const text = core.diagnostic(account.id);
    expect(text).toContain(`POST ${sud.url}/get_sstoken`);
    expect(text).toContain('→ 200 OK');
    expectFreeOf(text, [code, core.token(account.id)]);
  });

  it('says there is nothing to copy before the first exchange, and is gone with the account', async () => {
    const account = await core.create({ provider: 'sud', name: 'Fresh', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } });
    expect(() => core.diagnostic(account.id)).toThrow(/no exchange since TokenDesk started/);
    await core.refresh(account.id);
    await core.remove(account.id);
    expect(() => core.diagnostic(account.id)).toThrow(/No account/);
  });

  it('is dropped on lock, and a refresh in flight at the lock that then fails keeps none either', async () => {
    const code = sud.issueCode();
    const account = await core.create({ provider: 'sud', name: 'SUD', env: 'test', values: { baseUrl: sud.url, code } });
    await core.refresh(account.id);
    core.lock();
    expect(() => core.diagnostic(account.id)).toThrow(/no exchange since TokenDesk started/);

    await core.unlock('diagnostic passphrase');
    sud.failNext({ ret_code: 1001, ret_msg: 'code expired' });
    const held = sud.holdNext();
    const refreshing = core.refresh(account.id);
    await held.arrived; // the code is decrypted and on its way
    core.lock();
    held.release();
    const result = await refreshing;
    expect(result.ok).toBe(false);
    // Nothing of that exchange (which held the decrypted code) was kept after the lock.
    expect(() => core.diagnostic(account.id)).toThrow(/no exchange since TokenDesk started/);
  });
});
