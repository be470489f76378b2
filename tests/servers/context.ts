import { inspect } from 'node:util';
import { createHttpClient } from '../../electron/core/http/client';
import type { HttpClientOptions } from '../../electron/core/http/types';
import { SingleFlight } from '../../electron/core/engine/single-flight';
import { applyDefaults } from '../../electron/core/providers/registry';
import type { ExchangeContext, ExchangeInput, ExchangeResult, Provider, ProviderCache } from '../../electron/core/providers/types';

/** A clock tests move by hand; pass `clock.now` to both the provider context and the servers. */
export interface FakeClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function fakeClock(start = Date.UTC(2025, 0, 15, 9, 0, 0)): FakeClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}

/** The in-memory ProviderCache the engine lends providers, as a plain Map. */
export function memoryCache(): ProviderCache & { entries: Map<string, { value: string; expiresAt: number }> } {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const flights = new SingleFlight();
  return {
    entries,
    get: (key) => entries.get(key),
    set: (key, value, expiresAt) => void entries.set(key, { value, expiresAt }),
    delete: (key) => void entries.delete(key),
    once: (key, fetch) => flights.run(key, fetch),
  };
}

/** A provider context with a real HTTP client against the local servers; `saved` lists what saveFields stored. */
export function exchangeContext(
  clock: FakeClock,
  http: HttpClientOptions = {},
  cache = memoryCache(),
): ExchangeContext & { cache: ReturnType<typeof memoryCache>; saved: Array<Record<string, string>> } {
  const saved: Array<Record<string, string>> = [];
  return {
    http: createHttpClient({ timeoutMs: 5_000, env: {}, ...http }),
    now: clock.now,
    cache,
    saved,
    saveFields: async (values) => void saved.push({ ...values }),
  };
}

/** An account as the engine hands it to a provider: defaults applied, no token yet. */
export function accountInput(provider: Provider, fields: Record<string, string>, rest: Partial<Omit<ExchangeInput, 'fields'>> = {}): ExchangeInput {
  return {
    accountId: rest.accountId ?? 'acc-test',
    fields: applyDefaults(provider, fields),
    token: rest.token ?? null,
    expiresAt: rest.expiresAt ?? null,
    extras: rest.extras ?? {},
    state: rest.state ?? {},
  };
}

/** What the engine does with a successful exchange: the next input carries the new token and state. */
export function afterExchange(input: ExchangeInput, result: ExchangeResult): ExchangeInput {
  return { ...input, token: result.token, expiresAt: result.expiresAt, extras: result.extras, state: result.state ?? input.state };
}

/** Runs an exchange expected to fail and returns what was thrown. */
export async function failureOf(run: Promise<unknown>): Promise<unknown> {
  try {
    await run;
  } catch (error) {
    return error;
  }
  throw new Error('expected the exchange to fail, but it succeeded');
}

/** Every secret that appears in the error's message, stack, JSON, string form or full inspection. */
export function leakedSecrets(error: unknown, secrets: string[]): string[] {
  const record = error as { message?: unknown; stack?: unknown };
  const surfaces = [String(record?.message ?? ''), String(record?.stack ?? ''), JSON.stringify(error) ?? '', String(error), inspect(error, { depth: 5, showHidden: true })];
  return secrets.filter((secret) => surfaces.some((text) => text.includes(secret)));
}
