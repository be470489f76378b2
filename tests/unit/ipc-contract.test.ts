import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeConfig } from 'vite';
import type { build } from 'vite';
import { build as buildElectronEntry } from 'vite-plugin-electron';
import { EVENT_CHANNEL_NAMES, REQUEST_CHANNEL_NAMES } from '../../shared/ipc-channels';
import { eventChannels, requestChannels } from '../../shared/ipc-contract';
import type { EventChannel, IpcResponse, TokenDeskApi } from '../../shared/ipc-contract';
import { TokenDeskError } from '../../electron/core/errors';
import { createDispatcher, forwardEvents } from '../../electron/main/ipc/dispatch';
import type { Handlers } from '../../electron/main/ipc/handlers';
import { buildApi } from '../../electron/preload/api';
import { preloadBuild } from '../../vite.config';
import { openIpcRig } from './helpers/ipc-rig';
import type { IpcRig } from './helpers/ipc-rig';

const sorted = (names: Iterable<string>): string[] => [...names].sort();

/** Bundles electron/preload exactly as `vite build` does, in memory. */
async function bundlePreload(): Promise<string> {
  const options = {
    ...preloadBuild,
    vite: mergeConfig(preloadBuild.vite ?? {}, { logLevel: 'silent', build: { write: false, minify: false } }),
  };
  const result = (await buildElectronEntry(options)) as Awaited<ReturnType<typeof build>>;
  const outputs = Array.isArray(result) ? result : [result];
  const chunks = outputs.flatMap((output) => ('output' in output ? output.output : [])).filter((item) => item.type === 'chunk');
  expect(chunks).toHaveLength(1);
  return (chunks[0] as { code: string }).code;
}

/** Runs the preload bundle against a stand-in `electron` module, as a sandboxed renderer would. */
function loadPreload(code: string) {
  const required: string[] = [];
  const exposed: Record<string, unknown> = {};
  const invoked: Array<[string, unknown]> = [];
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
    ipcRenderer: {
      invoke: async (channel: string, args: unknown) => {
        invoked.push([channel, args]);
        return { ok: true, value: null };
      },
      on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(listener);
      },
      removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => listeners.get(channel)?.delete(listener),
    },
  };
  const fakeRequire = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require "${name}"`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', code)(fakeRequire, module, module.exports);
  return { required, exposed, invoked, listeners };
}

describe('the channel lists', () => {
  it('the zod-free name lists match the contract exactly, without duplicates', () => {
    expect(REQUEST_CHANNEL_NAMES).toEqual(Object.keys(requestChannels));
    expect(EVENT_CHANNEL_NAMES).toEqual(Object.keys(eventChannels));
    expect(new Set(REQUEST_CHANNEL_NAMES).size).toBe(REQUEST_CHANNEL_NAMES.length);
  });
});

describe('main\'s notices (app:notified)', () => {
  const notified = eventChannels['app:notified'];
  const error = { code: 'provider_rejected', message: 'SUD answered 9999.', provider: { code: '9999', message: 'backend busy' } };

  it('carry a dictionary key, plain values and an optional error, which the window translates and explains', () => {
    expect(notified.safeParse({ level: 'error', message: { key: 'desktop.notice.failed', vars: { account: 'Game QA (test)' } }, error, accountId: 'a1' }).success).toBe(true);
    expect(notified.safeParse({ level: 'info', message: { key: 'desktop.notice.clipboardMayHoldToken' } }).success).toBe(true);
    expect(notified.safeParse({ level: 'info', message: { key: 'toast.refreshedAll', vars: { ok: 2, total: 3 } } }).success).toBe(true);
  });

  it('refuse already-worded text, a key the dictionaries lack, and values that are not text or numbers', () => {
    expect(notified.safeParse({ level: 'error', message: 'Auto-refresh failed: Game QA' }).success).toBe(false);
    expect(notified.safeParse({ level: 'error', message: { key: 'desktop.notice.noSuchKey' } }).success).toBe(false);
    expect(notified.safeParse({ level: 'error', message: { key: 'desktop.notice.failed', vars: { account: { nested: true } } } }).success).toBe(false);
    expect(notified.safeParse({ level: 'error', message: { key: 'desktop.notice.failed' }, error: { code: 'oops', message: '' } }).success).toBe(false);
  });
});

describe('the built preload', () => {
  it('is one CommonJS file that requires only electron, carries no zod, and exposes exactly one API object', async () => {
    const code = await bundlePreload();
    const { required, exposed } = loadPreload(code);

    expect(required).toEqual(['electron']);
    expect(code).not.toMatch(/ZodError|_zod|safeParse|z\.object/);
    expect(Object.keys(exposed)).toEqual(['tokendesk']);
    const api = exposed.tokendesk as Record<string, unknown>;
    expect(sorted(Object.keys(api))).toEqual(sorted([...REQUEST_CHANNEL_NAMES, 'on']));
    for (const name of Object.keys(api)) expect(typeof api[name]).toBe('function');
  });

  it('each method invokes its own channel, and events reach the page without the IPC event object', async () => {
    const { exposed, invoked, listeners } = loadPreload(await bundlePreload());
    const api = exposed.tokendesk as TokenDeskApi;

    await api['accounts:refresh']({ id: 'a1' });
    expect(invoked).toEqual([['accounts:refresh', { id: 'a1' }]]);

    const received: unknown[][] = [];
    const stop = api.on('vault:changed', (...args: unknown[]) => received.push(args));
    const relay = [...listeners.get('vault:changed')!][0]!;
    relay({ sender: 'ipc internals' }, { state: 'locked' });
    expect(received).toEqual([[{ state: 'locked' }]]);
    stop();
    expect(listeners.get('vault:changed')!.size).toBe(0);
  });
});

describe('the preload API factory', () => {
  it('has one function per request channel and `on`, nothing else (no generic send)', () => {
    const api = buildApi(async () => null, () => () => undefined) as unknown as Record<string, unknown>;
    expect(sorted(Object.keys(api))).toEqual(sorted([...REQUEST_CHANNEL_NAMES, 'on']));
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('every event channel is subscribable, an unknown one is refused', () => {
    const subscribed: string[] = [];
    const api = buildApi(async () => null, (channel) => {
      subscribed.push(channel);
      return () => undefined;
    });
    for (const channel of EVENT_CHANNEL_NAMES) expect(typeof api.on(channel, () => undefined)).toBe('function');
    expect(subscribed).toEqual([...EVENT_CHANNEL_NAMES]);
    expect(() => api.on('accounts:exploded' as EventChannel, () => undefined)).toThrow(/no event called/);
  });

  it('a broken bridge resolves to an error value instead of throwing into the page', async () => {
    const api = buildApi(() => Promise.reject(new Error('No handler registered')), () => () => undefined);
    const response = await api['vault:status']({});
    expect(response).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('the handler table and dispatcher', () => {
  let rig: IpcRig;
  beforeEach(async () => {
    rig = await openIpcRig();
    await rig.core.initialize('a long enough passphrase');
    rig.coreCalls.length = 0;
  });
  afterEach(() => rig.close());

  it('has a handler for every request channel and no other', () => {
    expect(sorted(Object.keys(rig.handlers))).toEqual(sorted(REQUEST_CHANNEL_NAMES));
  });

  const malformed: Array<[string, unknown, string]> = [
    ['accounts:refresh', { id: 5 }, 'id'],
    ['accounts:refresh', {}, 'id'],
    ['accounts:refresh', undefined, 'arguments'],
    ['accounts:reveal', 'a1', 'arguments'],
    ['accounts:create', { provider: 'No such provider!', name: 'x', values: {} }, 'provider'],
    ['accounts:create', { provider: 'sud', name: '   ', values: {} }, 'name'],
    ['accounts:create', { provider: 'sud', name: 'x', values: { code: 42 } }, 'values.code'],
    ['accounts:copy', { id: 'a1', format: 'xml' }, 'format'],
    ['vault:unlock', { passphrase: '' }, 'passphrase'],
    ['vault:setPassphrase', { next: 'short' }, 'next'],
    ['settings:update', { theme: 'dark', unexpected: true }, 'unexpected'],
    ['settings:update', { clipboardClearSec: -1 }, 'clipboardClearSec'],
    ['accounts:list', { extra: 1 }, 'extra'],
    ['history:list', { limit: 0 }, 'limit'],
    ['shell:openExternal', { url: 'not a link' }, 'url'],
  ];

  it.each(malformed)('refuses %s with %j as invalid_input naming "%s", without reaching core', async (channel, args, field) => {
    const response = await rig.dispatch(channel, args);

    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe('invalid_input');
    expect(response.error.message).toContain(field);
    expect(rig.coreCalls).toEqual([]);
  });

  it('never echoes a refused secret in the error message', async () => {
    const passphrase = 'p'.repeat(2_000);
    const response = await rig.dispatch('vault:unlock', { passphrase });
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(response)).not.toContain('pppppppp');
  });

  it.each(['accounts:explode', '__proto__', 'constructor', 'toString'])('an unknown channel "%s" is invalid_input', async (channel) => {
    const response = await rig.dispatch(channel, {});
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(rig.coreCalls).toEqual([]);
  });

  it('a core error crosses as a value with code and message, never a stack', async () => {
    const response = await rig.dispatch('accounts:refresh', { id: 'no-such-account' });

    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe('not_found');
    expect(response.error.message.length).toBeGreaterThan(10);
    expect(Object.keys(response.error)).not.toContain('stack');
    expect(JSON.stringify(response)).not.toMatch(/\n\s+at /);
  });

  it('a locked vault answers locked', async () => {
    rig.core.lock();
    const response = await rig.dispatch('accounts:reveal', { id: 'anything' });
    expect(response).toMatchObject({ ok: false, error: { code: 'locked' } });
  });
});

describe('dispatcher error mapping', () => {
  const failing = (error: unknown): Handlers =>
    ({ 'vault:status': async () => Promise.reject(error) }) as unknown as Handlers;

  it('an unexpected exception becomes `internal` without its message, and is reported for the log', async () => {
    const reported: unknown[] = [];
    const dispatch = createDispatcher(failing(new Error('boom at /home/alice/token=abc123')), {
      onUnexpectedError: (_channel, error) => reported.push(error),
    });

    const response = (await dispatch('vault:status', {})) as IpcResponse<unknown> & { ok: false };

    expect(response.error.code).toBe('internal');
    expect(response.error.message).not.toContain('boom');
    expect(response.error.message).not.toContain('abc123');
    expect(reported).toHaveLength(1);
  });

  it('a TokenDeskError keeps its code, message, provider error and status', async () => {
    const error = new TokenDeskError('provider_rejected', 'OpenIM refused the secret (1001). Check the secret.', {
      provider: { code: '1001', message: 'secret wrong' },
      status: 200,
      needsUser: true,
    });
    const response = await createDispatcher(failing(error))('vault:status', {});
    expect(response).toEqual({
      ok: false,
      error: { code: 'provider_rejected', message: 'OpenIM refused the secret (1001). Check the secret.', provider: { code: '1001', message: 'secret wrong' }, status: 200, needsUser: true },
    });
  });

  it('a result that breaks its schema is caught in development and reported', async () => {
    const handlers = { 'vault:status': async () => ({ state: 'open-ish' }) } as unknown as Handlers;
    const reported: unknown[] = [];
    const checked = createDispatcher(handlers, { onUnexpectedError: (_c, error) => reported.push(error) });
    expect(await checked('vault:status', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(reported).toHaveLength(1);

    const unchecked = createDispatcher(handlers, { validateResults: false });
    expect(await unchecked('vault:status', {})).toEqual({ ok: true, value: { state: 'open-ish' } });
  });
});

describe('event forwarding', () => {
  let rig: IpcRig;
  beforeEach(async () => {
    rig = await openIpcRig();
  });
  afterEach(() => rig.close());

  it('forwards core events under their channel names until stopped', async () => {
    const emitted: Array<[string, unknown]> = [];
    const stop = forwardEvents(rig.core, (channel, payload) => emitted.push([channel, payload]));

    await rig.core.initialize('a long enough passphrase');
    await rig.core.updateSettings({ theme: 'dark' });
    await rig.core.defineProvider({ id: 'my-game', name: 'My game', fields: [{ name: 'baseUrl', label: 'Server' }], request: { url: '{{baseUrl}}/t' }, token: { path: 'token' } });

    expect(emitted.map(([channel]) => channel)).toContain('vault:changed');
    const providers = emitted.find(([channel]) => channel === 'providers:changed')?.[1] as Array<{ id: string; custom: boolean }> | undefined;
    expect(providers?.at(-1)).toMatchObject({ id: 'my-game', custom: true });
    const settings = emitted.find(([channel]) => channel === 'settings:changed');
    expect(settings?.[1]).toMatchObject({ theme: 'dark' });
    for (const [channel, payload] of emitted) {
      expect(eventChannels[channel as EventChannel].safeParse(payload).success).toBe(true);
    }

    stop();
    emitted.length = 0;
    rig.core.lock();
    expect(emitted).toEqual([]);
  });
});
