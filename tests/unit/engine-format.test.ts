import { describe, expect, it } from 'vitest';
import { TokenDeskError } from '../../electron/core/errors';
import { envSlug, formatToken, shellQuote, supportedFormats, type TokenSubject } from '../../electron/core/engine/format-token';
import { prepareCreate, prepareUpdate } from '../../electron/core/engine/account-input';
import { maskSecret } from '../../electron/core/engine/mask';
import { mapWithConcurrency } from '../../electron/core/engine/concurrency';
import { isDue } from '../../electron/core/engine/guards';
import { keyringState } from '../../electron/core/engine/status';
import type { SecretBox } from '../../electron/core/platform';
import { openImProvider } from '../../electron/core/providers/openim';
import { saiNiuProvider } from '../../electron/core/providers/sainiu';
import { sudProvider } from '../../electron/core/providers/sud';
import type { ExchangeInput } from '../../electron/core/providers/types';
import type { StoredAccount } from '../../electron/core/vault/types';

const subject: TokenSubject = { id: 'id-1', name: 'SUD test #2', env: 'test', expiresAt: Date.UTC(2030, 0, 1), issuedAt: null };
const input = (fields: Record<string, string>): ExchangeInput => ({ accountId: 'id-1', fields, token: 'tok', expiresAt: null, extras: {}, state: {} });
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.e30.sig';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof TokenDeskError ? error.code : 'not a TokenDeskError';
  }
  return undefined;
}

describe('rendering a token for copying', () => {
  const sudInput = input({ baseUrl: 'https://sud.example' });

  it('renders raw, header, env, json and curl for a bearer-token provider', () => {
    expect(formatToken(sudProvider, subject, TOKEN, 'raw', sudInput)).toBe(TOKEN);
    expect(formatToken(sudProvider, subject, TOKEN, 'header', sudInput)).toBe(`Authorization: Bearer ${TOKEN}`);
    expect(formatToken(sudProvider, subject, TOKEN, 'env', sudInput)).toBe(`TOKENDESK_SUD_TEST_2_TOKEN=${TOKEN}`);
    expect(JSON.parse(formatToken(sudProvider, subject, TOKEN, 'json', sudInput))).toMatchObject({
      token: TOKEN,
      expiresAt: '2030-01-01T00:00:00.000Z',
      issuedAt: null,
      provider: 'sud',
    });
    expect(formatToken(sudProvider, subject, TOKEN, 'curl', sudInput)).toBe(
      `curl -H 'Authorization: Bearer ${TOKEN}' 'https://sud.example'`,
    );
  });

  it('lets the provider render its own header (OpenIM uses a `token` header, SaiNiu a Cookie)', () => {
    expect(formatToken(openImProvider, subject, TOKEN, 'header', input({ baseUrl: 'http://im:10002' }))).toBe(`token: ${TOKEN}`);
    const cookie = 'sid=abc; _tb_token_=x y';
    const sn = input({ baseUrl: 'http://127.0.0.1:3030' });
    expect(formatToken(saiNiuProvider, subject, cookie, 'cookie', sn)).toBe(`Cookie: ${cookie}`);
    expect(formatToken(saiNiuProvider, subject, cookie, 'curl', sn)).toBe(`curl -H 'Cookie: ${cookie}' 'http://127.0.0.1:3030'`);
    expect(formatToken(saiNiuProvider, subject, cookie, 'env', sn)).toBe(`TOKENDESK_SUD_TEST_2_TOKEN='${cookie}'`);
  });

  it('refuses a format the provider does not offer, naming the ones it does', () => {
    expect(supportedFormats(saiNiuProvider)).not.toContain('header');
    try {
      formatToken(saiNiuProvider, subject, 'sid=1', 'header', input({}));
      expect.unreachable();
    } catch (error) {
      expect((error as TokenDeskError).code).toBe('invalid_input');
      expect((error as TokenDeskError).message).toContain('raw, cookie, env, json, curl');
    }
  });

  it('quotes for the shell only when needed, and slugs any name', () => {
    expect(shellQuote('abc.DEF-123_=')).toBe('abc.DEF-123_=');
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    expect(envSlug('  Prod / 主账号 (2) ')).toBe('PROD_2');
    expect(formatToken(sudProvider, { ...subject, name: '主账号' }, TOKEN, 'env', sudInput)).toBe(`TOKENDESK_SUD_TOKEN=${TOKEN}`);
  });
});

describe('account field values', () => {
  it('splits secret from plain values and rejects unknown or missing fields', () => {
    const split = prepareCreate(sudProvider, { baseUrl: 'https://sud.example', code: 'c0de-secret' });
    expect(split).toEqual({ fields: { baseUrl: 'https://sud.example' }, secrets: { code: 'c0de-secret' } });
    expect(codeOf(() => prepareCreate(sudProvider, { baseUrl: 'https://x', code: 'c', colour: 'red' }))).toBe('invalid_input');
    expect(codeOf(() => prepareCreate(sudProvider, { baseUrl: 'https://x' }))).toBe('invalid_input');
    expect(codeOf(() => prepareCreate(sudProvider, { baseUrl: 'ftp://x', code: 'c' }))).toBe('invalid_input');
    expect(codeOf(() => prepareCreate(openImProvider, { secret: 's', userID: 'u', platformID: '12' }))).toBe('invalid_input');
  });

  it('never echoes a value in a validation message', () => {
    try {
      prepareCreate(sudProvider, { baseUrl: 'not a url at all', code: 'super-secret-code' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain('not a url at all');
      expect((error as Error).message).toContain('baseUrl');
    }
  });

  it('keeps a stored secret when an edit leaves it out or empty', () => {
    const current = { fields: { baseUrl: 'https://a' }, secrets: { code: 'old-code' } };
    expect(prepareUpdate(sudProvider, current, { code: '' })).toEqual(current);
    expect(prepareUpdate(sudProvider, current, { baseUrl: 'https://b' }).secrets).toEqual({ code: 'old-code' });
    expect(prepareUpdate(sudProvider, current, { code: 'new-code' }).secrets).toEqual({ code: 'new-code' });
  });
});

describe('engine helpers', () => {
  it('masks long secrets to their ends and short ones entirely', () => {
    expect(maskSecret('a'.repeat(4) + 'x'.repeat(56) + 'wxyz')).toBe('aaaa…wxyz (64 chars)');
    expect(maskSecret('short-secret')).toBe('••••');
  });

  it('never runs more tasks at once than the limit, and keeps the order of results', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([...Array(20).keys()], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
      return n * 2;
    });
    expect(peak).toBe(3);
    expect(results).toEqual([...Array(20).keys()].map((n) => n * 2));
  });

  it('picks never-refreshed, expired and soon-expiring accounts for --if-expiring-within', () => {
    const now = 1_000_000;
    const base = { lastRefreshAt: now - 1, expiresAt: null } as Pick<StoredAccount, 'lastRefreshAt' | 'expiresAt'>;
    const due = (a: Partial<StoredAccount>): boolean => isDue({ ...base, ...a } as StoredAccount, now, 60_000);
    expect(due({ lastRefreshAt: null })).toBe(true);
    expect(due({ expiresAt: now - 1 })).toBe(true);
    expect(due({ expiresAt: now + 59_000 })).toBe(true);
    expect(due({ expiresAt: now + 61_000 })).toBe(false);
    expect(due({ expiresAt: null })).toBe(false);
  });
});

describe('keyring status', () => {
  const box = (available: boolean, backend: string | null): SecretBox => ({
    isAvailable: () => available,
    backend: () => backend,
    encrypt: (b) => Promise.resolve(b),
    decrypt: (b) => Promise.resolve(b),
  });

  it('calls a basic_text or unknown Linux keyring insecure, and a missing one unavailable', () => {
    expect(keyringState(box(true, 'gnome_libsecret'))).toBe('available');
    expect(keyringState(box(true, null))).toBe('available');
    expect(keyringState(box(true, 'basic_text'))).toBe('insecure');
    expect(keyringState(box(true, 'unknown'))).toBe('insecure');
    expect(keyringState(box(false, 'gnome_libsecret'))).toBe('unavailable');
    expect(keyringState(undefined)).toBe('unavailable');
  });
});
