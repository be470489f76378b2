import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { epochMs, joinUrl, jwtExtras } from '../../electron/core/providers/common';
import { parseSaiNiuCookies } from '../../electron/core/providers/sainiu-cookies';
import { sudSignatureHeaders } from '../../electron/core/providers/sud';
import { describeBody, statusLine } from '../../electron/core/http/describe';

const NOW = Date.UTC(2025, 0, 15, 9, 0, 0);

describe('SaiNiu cookie parsing', () => {
  it('reads an array of cookie objects, with the earliest future expiry', () => {
    const parsed = parseSaiNiuCookies([
      { name: 'a', value: '1', expires: (NOW + 7200_000) / 1000 },
      { Name: 'b', Value: '2', expirationDate: (NOW + 3600_000) / 1000 },
      { name: 'c', value: '3', expires: NOW - 1000 },
      { name: 'd', value: '4', Expires: new Date(NOW + 5400_000).toUTCString() },
      { name: 'e', value: '5', expires: -1 },
    ], NOW);
    expect(parsed).toMatchObject({ header: 'a=1; b=2; c=3; d=4; e=5', names: ['a', 'b', 'c', 'd', 'e'], expiresAt: NOW + 3600_000 });
    expect(parsed.cookies.map((c) => c.expires)).toEqual([NOW + 7200_000, NOW + 3600_000, NOW - 1000, NOW + 5400_000, null]);
  });

  it('keeps domain, path and flags of each cookie, but not its value', () => {
    const parsed = parseSaiNiuCookies([
      { name: 'a', value: 'secret-a', domain: '.taobao.com', path: '/', httpOnly: true, secure: 'true' },
      { Name: 'b', Value: 'secret-b', Domain: 'h5api.m.taobao.com', HttpOnly: false },
    ], NOW);
    expect(parsed.cookies).toEqual([
      { name: 'a', domain: '.taobao.com', path: '/', expires: null, httpOnly: true, secure: true },
      { name: 'b', domain: 'h5api.m.taobao.com', expires: null, httpOnly: false },
    ]);
    expect(JSON.stringify(parsed.cookies)).not.toMatch(/secret-/);
  });

  it('reads a name→value map and a header string without expiry', () => {
    const cookies = [{ name: 'x', expires: null }, { name: 'y', expires: null }];
    expect(parseSaiNiuCookies({ x: '1', y: 2 }, NOW)).toEqual({ header: 'x=1; y=2', names: ['x', 'y'], cookies, expiresAt: null });
    expect(parseSaiNiuCookies('Cookie: x=1; y=a=b; ;junk', NOW)).toEqual({ header: 'x=1; y=a=b', names: ['x', 'y'], cookies, expiresAt: null });
  });

  it('unwraps JSON encoded inside strings, even twice', () => {
    const header = 'k=v; k2=v2';
    expect(parseSaiNiuCookies(JSON.stringify(header), NOW).header).toBe(header);
    expect(parseSaiNiuCookies(JSON.stringify(JSON.stringify([{ name: 'k', value: 'v' }])), NOW).header).toBe('k=v');
    expect(parseSaiNiuCookies(JSON.stringify({ cookies: [{ name: 'k', value: 'v' }] }), NOW).header).toBe('k=v');
  });

  it('refuses what holds no cookie, describing it without echoing it', () => {
    for (const value of ['[cookies]', '', null, 42, [], ['no-objects']]) {
      expect(() => parseSaiNiuCookies(value, NOW)).toThrow(/no cookies/);
    }
  });
});

describe('parsing helpers', () => {
  it('reads epoch values in ms, in seconds, and as strings', () => {
    expect(epochMs(1630417861359)).toBe(1630417861359);
    expect(epochMs('1630417861359')).toBe(1630417861359);
    expect(epochMs(1630417861)).toBe(1630417861000);
    expect(epochMs('soon')).toBeNull();
    expect(epochMs(0)).toBeNull();
  });

  it('joins base URLs and paths with one slash', () => {
    expect(joinUrl('https://a.example/', '/get_sstoken')).toBe('https://a.example/get_sstoken');
    expect(joinUrl('https://a.example/api', 'x')).toBe('https://a.example/api/x');
  });

  it('decodes JWT-shaped tokens for display only', () => {
    const seed = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1aWQiOiIxMjMiLCJleHAiOjE2MzA0MTc4NDksImFwcF9pZCI6ImFwcElEIn0.BWFAf7-Bi20KsFIjnQcF2ET1RNhoZRhoWa-VOxYbPuY';
    expect(jwtExtras(seed)).toEqual({ jwt: { header: { alg: 'HS256', typ: 'JWT' }, claims: { uid: '123', exp: 1630417849, app_id: 'appID' } } });
    expect(jwtExtras('cd7******yjn')).toEqual({});
  });

  it('signs SUD requests as HMAC-SHA1 over appId, timestamp, nonce and body, each line-terminated', () => {
    const body = '{"code":"abc"}';
    const headers = sudSignatureHeaders('app-1', 'secret-1', body, NOW);
    expect(headers['Sud-Timestamp']).toBe(String(NOW / 1000));
    const expected = createHmac('sha1', 'secret-1').update(`app-1\n${NOW / 1000}\n${headers['Sud-Nonce']}\n${body}\n`).digest('hex');
    expect(headers['Sud-Signature']).toBe(expected);
    expect(sudSignatureHeaders('app-1', 'secret-1', body, NOW)['Sud-Nonce']).not.toBe(headers['Sud-Nonce']);
  });

  it('describes bodies briefly for error messages', () => {
    expect(statusLine(502)).toBe('502 Bad Gateway');
    expect(describeBody({ text: '', json: undefined, headers: {} })).toBe('an empty body');
    expect(describeBody({ text: '<html><title>Login</title></html>', json: undefined, headers: {} })).toBe('an HTML page titled "Login"');
    expect(describeBody({ text: 'plain words', json: undefined, headers: { 'content-type': 'text/plain' } })).toBe('text/plain of 11 bytes, not JSON');
    expect(describeBody({ text: '{"a":1,"b":2}', json: { a: 1, b: 2 }, headers: {} })).toBe('a JSON object with keys a, b');
  });
});
