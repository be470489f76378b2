import { afterEach } from 'vitest';
import { oneAccessProvider } from '../../electron/core/providers/oneaccess';
import type { ExchangeInput } from '../../electron/core/providers/types';
import { accountInput, type FakeClock } from '../servers/context';
import { startOneAccessServer, type OneAccessServer, type OneAccessServerOptions } from '../servers';

/** Starts OneAccess servers on `clock` that are closed after each test. Call at module level. */
export function trackedOneAccess(clock: FakeClock): (options?: OneAccessServerOptions) => Promise<OneAccessServer> {
  const servers: OneAccessServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (options = {}) => {
    const server = await startOneAccessServer({ now: clock.now, ...options });
    servers.push(server);
    return server;
  };
}

/** A OneAccess account on `server` with the test servers' default client and fingerprint. */
export function oneAccessAccount(server: OneAccessServer, fields: Record<string, string> = {}): ExchangeInput {
  return accountInput(oneAccessProvider, { baseUrl: server.url, clientId: 'oa-client', clientSecret: 'oa-client-secret', deviceFingerprint: 'fp-123456', ...fields });
}
