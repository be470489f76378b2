import { expect } from 'vitest';
import { createHttpClient } from '../../electron/core/http/client';
import { createThreadedHttpClient, networkThread } from '../../electron/core/http/network-thread';

/**
 * The two ways the engine's HTTP client runs, for suites that hold each behaviour for both: in the
 * calling thread, and on the network thread (started first: until it is ready, requests would run in
 * the calling thread). Use as `describe.each(HTTP_CLIENTS)('HTTP client %s', (_where, makeClient, prepare) => …)`.
 */
export const HTTP_CLIENTS = [
  ['in this thread', createHttpClient, () => undefined],
  ['on the network thread', createThreadedHttpClient, async () => expect(await networkThread.warm()).toBe('worker')],
] as const;
