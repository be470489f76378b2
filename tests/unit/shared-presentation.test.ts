import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AccountView } from '../../shared/account';
import { jwtOf, presentationOf, type PresentedSection, type Shown } from '../../shared/presentation';
import { presentedText } from '../../electron/cli/presented';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

function view(provider: AccountView['provider'], extras: Record<string, unknown>, fields: Record<string, string> = {}): AccountView {
  return {
    id: 'a1', name: 'Account', provider, env: 'test', status: 'valid', expiresAt: NOW + 3_600_000, issuedAt: NOW, lastRefreshAt: NOW,
    lastError: null, extras, fields, secretsSet: [], hasToken: true, damage: null, refreshing: false,
    autoRefresh: { enabled: true, nextAt: null, failures: 0, blockedReason: null }, createdAt: NOW, updatedAt: NOW,
  };
}

const shown = (value: Shown): string => (value.kind === 'text' ? value.text : value.kind === 'label' ? value.text.en : value.kind === 'time' ? `time:${value.at}` : value.kind);
const factsOf = (section: PresentedSection | undefined): Record<string, string> =>
  Object.fromEntries((section?.facts ?? []).map((f) => [f.label.en, shown(f.value)]));

describe('provider presentations (shared/presentation)', () => {
  it('SUD shows the user the provider normalized, and its subtitle and search terms come from it', () => {
    const account = view('sud', { userInfo: { uid: '42', nickName: '萌萌', avatarUrl: 'https://avatar.example/42.png', gender: 'female', isAi: true, aiLevel: 2 } });
    const sud = presentationOf('sud');
    const [user] = sud.sections(account, { provider: undefined });
    expect(user?.kind).toBe('user');
    expect(factsOf(user)).toEqual({ Nickname: '萌萌', 'User ID': '42', Gender: 'Female', Robot: 'Yes (level 2)', Avatar: 'link' });
    expect(sud.subtitle(account)).toBe('萌萌 · 42');
    expect(sud.searchTerms(account)).toEqual(['42', '萌萌']);
  });

  it("reads only the provider's own spellings: snake_case guesses and wrong types are dropped, never fatal", () => {
    const sud = presentationOf('sud');
    expect(sud.sections(view('sud', { user_info: { nick_name: 'x' } }), { provider: undefined })).toEqual([]);
    const odd = view('sud', { userInfo: { uid: 42, nickName: ['x'], isAi: 'yes', gender: 'male' } });
    expect(factsOf(sud.sections(odd, { provider: undefined })[0])).toMatchObject({ Nickname: '—', 'User ID': '—', Gender: 'Male', Robot: 'No' });
    expect(sud.subtitle(view('sud', 'not an object' as never, { baseUrl: 'https://sud.test' }))).toBe('https://sud.test');
  });

  it('SaiNiu lists cookies by name, domain and expiry with every value masked, and the Taobao nick', () => {
    const expired = NOW - 1000;
    const account = view('sainiu', {
      taobaoNick: 'shop-a', sid: 'ab12…cd34',
      cookies: [{ name: '_tb_token_', domain: '.taobao.com', expires: NOW + 86_400_000 }, { name: 'cookie2', expires: expired }, { name: 'sgcookie', expires: null }],
    }, { userNick: 'tb123' });
    const sainiu = presentationOf('sainiu');
    const [table] = sainiu.sections(account, { provider: undefined });
    expect(table?.kind).toBe('table');
    if (table?.kind !== 'table') return;
    expect(table.columns.map((c) => c.en)).toEqual(['Name', 'Domain', 'Expires', 'Value']);
    expect(table.rows.map((r) => r.map(shown))).toEqual([
      ['_tb_token_', '.taobao.com', `time:${NOW + 86_400_000}`, 'masked'],
      ['cookie2', '—', `time:${expired}`, 'masked'],
      ['sgcookie', '—', 'Session', 'masked'],
    ]);
    expect(table.rows[1]?.[2]).toMatchObject({ muted: true });
    expect(factsOf(table)).toEqual({ 'Taobao nick': 'shop-a', 'Session ID': 'ab12…cd34' });
    expect(sainiu.subtitle(account)).toBe('tb123');
  });

  it('OneAccess says when the access token expires, or why it is unknown', () => {
    const oneaccess = presentationOf('oneaccess');
    const fetched = factsOf(oneaccess.sections(view('oneaccess', { accessTokenSource: 'client', accessTokenExpiresAt: NOW + 1_800_000, ticketLifetimeSeconds: 300 }), { provider: undefined })[0]);
    expect(fetched).toEqual({
      'Ticket expires': `time:${NOW + 3_600_000}`,
      'Ticket lifetime': 'duration',
      'Session expires': 'Not tracked (set "Session expires at" to renew it in time)',
      'Access token expires': `time:${NOW + 1_800_000}`,
    });
    const pasted = factsOf(oneaccess.sections(view('oneaccess', { accessTokenSource: 'pasted' }), { provider: undefined })[0]);
    expect(pasted['Access token expires']).toMatch(/^Pasted by you/);
  });

  it('OneAccess shows the session end, when its renewal starts (30 min before) and the last renewal', () => {
    const oneaccess = presentationOf('oneaccess');
    const end = Date.UTC(2026, 11, 7, 1, 0, 0);
    const section = oneaccess.sections(view('oneaccess', { sessionRenewedAt: NOW }, { sessionExpiresAt: '2026-12-07T09:00:00+08:00' }), { provider: undefined })[0];
    expect(factsOf(section)).toMatchObject({
      'Session expires': `time:${end}`,
      'Session renewal from': `time:${end - 30 * 60_000}`,
      'Session last renewed': `time:${NOW}`,
    });
  });

  it('OpenIM names the platform, falling back to the field and its default before the first exchange', () => {
    const openim = presentationOf('openim');
    expect(factsOf(openim.sections(view('openim', { platformID: 5, platform: 'Web', userID: 'u1', apiVersion: 'v3.8', adminUserID: 'imAdmin', adminToken: 'reused' }), { provider: undefined })[0])).toEqual({
      Platform: 'Web (5)', 'User ID': 'u1', 'API version': 'v3.8.1+ (get_admin_token → get_user_token), detected', 'Admin user': 'imAdmin',
      'Admin token': 'Reused from memory (one per server and admin user)',
    });
    const info = { fields: [{ name: 'platformID', default: '7' }] } as never;
    expect(factsOf(openim.sections(view('openim', {}, { userID: 'u2' }), { provider: info })[0])).toEqual({ Platform: 'Linux (7)', 'User ID': 'u2' });
  });

  it('a custom provider shows its plain fields, labelled as declared, and never a secret; a missing one says what to do', () => {
    const info = {
      id: 'my-game', custom: true, displayName: { en: 'My game', zh: '我的游戏' }, description: { en: '', zh: '' }, autoRefreshDefault: true, formats: ['raw' as const],
      fields: [
        { name: 'baseUrl', label: { en: 'Server', zh: '服务器' }, help: { en: '', zh: '' }, required: true, secret: false, kind: 'url' as const },
        { name: 'userID', label: { en: 'User ID', zh: '用户 ID' }, help: { en: '', zh: '' }, required: true, secret: false, kind: 'text' as const },
        { name: 'secret', label: { en: 'Secret', zh: '密钥' }, help: { en: '', zh: '' }, required: true, secret: true, kind: 'text' as const },
      ],
    };
    // view.fields holds only plain values: the secret is named in secretsSet, its value is never here.
    const account = { ...view('my-game', { lastOperation: 'refresh' }, { baseUrl: 'https://game.example:8443/api', userID: 'player-9' }), secretsSet: ['secret'] };
    const custom = presentationOf('my-game');
    expect(custom.subtitle(account)).toBe('player-9');
    expect(custom.subtitle(view('my-game', {}, { baseUrl: 'https://game.example:8443/api' }))).toBe('game.example:8443');
    expect(custom.searchTerms(account)).toEqual(['https://game.example:8443/api', 'player-9']);
    const [section] = custom.sections(account, { provider: info });
    expect(section?.title.en).toBe('My game');
    expect(factsOf(section)).toEqual({ Server: 'https://game.example:8443/api', 'User ID': 'player-9', 'Token from': 'The refresh request' });

    const [missing] = custom.sections(account, { provider: undefined });
    expect(missing).toMatchObject({ kind: 'facts', warning: true });
    if (missing?.kind === 'facts') expect(missing.note?.en).toContain('Its provider my-game is not defined — add the definition again');
    expect(custom.explainError({ code: 'provider_rejected', message: 'x' })).toBeNull();
  });

  it('the JWT any provider decodes is read in one place', () => {
    expect(jwtOf(view('openim', { jwt: { header: { alg: 'HS256' }, claims: { exp: 1 } } }))).toEqual({ header: { alg: 'HS256' }, claims: { exp: 1 } });
    expect(jwtOf(view('openim', { jwt: 'eyJ' }))).toBeNull();
  });

  it("the CLI's show prints the same sections", () => {
    const cookies = [{ name: 'cookie2', domain: '.taobao.com', expires: null }, { name: 't', expires: NOW }];
    const text = presentedText(presentationOf('sainiu').sections(view('sainiu', { cookies }), { provider: undefined }));
    expect(text).toMatch(/^Cookies:\n {2}NAME\s+DOMAIN\s+EXPIRES\s+VALUE\n {2}cookie2\s+\.taobao\.com\s+Session\s+••••\n {2}t\s+—\s+2026-11-30T12:00:00\.000Z\s+••••/);
  });

  it('no renderer file switches on a provider id: presentation lives beside each provider', async () => {
    const offenders: string[] = [];
    async function walk(dir: string): Promise<void> {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(file);
        else if (/\.tsx?$/.test(entry.name) && /['"`](sud|sainiu|oneaccess|openim)['"`]/.test(await readFile(file, 'utf8'))) offenders.push(path.relative(ROOT, file));
      }
    }
    await walk(path.join(ROOT, 'renderer/src'));
    expect(offenders).toEqual([]);
  });
});
