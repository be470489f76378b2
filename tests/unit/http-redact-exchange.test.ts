import { describe, expect, it } from 'vitest';
import { BODY_CLIP, redactSteps, stepText } from '../../electron/core/http/redact-exchange';
import type { RawStep } from '../../electron/core/http/recording-client';

const step = (over: Partial<RawStep>): RawStep => ({
  operation: 'op',
  method: 'POST',
  url: 'http://127.0.0.1:1/x',
  requestHeaders: {},
  requestBody: null,
  status: 200,
  responseHeaders: {},
  responseBody: null,
  durationMs: 3,
  failure: null,
  secrets: [],
  ...over,
});

const textOf = (steps: RawStep[], secrets: string[] = []): string => redactSteps(steps, secrets).map(stepText).join('\n');

describe('redacting a recorded exchange', () => {
  it('masks a credential fetched in one step wherever a later step echoes it (OpenIM admin token)', () => {
    const admin = 'eyJhbGciOiJIUzI1NiJ9.admin-token-canary.sig';
    const text = textOf([
      step({ operation: 'get_admin_token', requestBody: JSON.stringify({ secret: 'openIM123', userID: 'imAdmin' }), responseBody: JSON.stringify({ errCode: 0, data: { token: admin, expireTimeSeconds: 7776000 } }) }),
      step({
        operation: 'get_user_token',
        requestHeaders: { token: admin, operationID: '42' },
        requestBody: '{"platformID":5,"userID":"u1"}',
        responseBody: JSON.stringify({ errCode: 1506, errMsg: 'TokenKicked', errDlt: `token ${admin} kicked` }),
      }),
    ]);
    expect(text).not.toContain(admin);
    expect(text).not.toContain('openIM123');
    expect(text).toContain('operationID: 42');
    expect(text).toContain('left out, they carry credentials: token');
    expect(text).toContain('"errMsg":"TokenKicked"');
  });

  it('masks cookie values inside a form field that holds JSON (SaiNiu), and keeps the shape readable', () => {
    const cookies = JSON.stringify([{ name: 'cookie2', value: 'cookie-value-canary-1', domain: '.taobao.com' }]);
    const text = textOf([
      step({
        requestBody: `post=GetRenewalToken&data=${encodeURIComponent(JSON.stringify({ userNick: 'tb123', logonToken: 'logon-canary-99' }))}`,
        responseBody: JSON.stringify({ code: 200, ret: ['SUCCESS::成功'], data: { returnValue: { data: cookies, sid: 'sid-canary-77' } } }),
      }),
    ]);
    for (const canary of ['cookie-value-canary-1', 'logon-canary-99', 'sid-canary-77']) expect(text).not.toContain(canary);
    expect(text).toContain('post=GetRenewalToken');
    expect(text).toContain('"userNick":"tb123"');
    expect(text).toContain('cookie2');
  });

  it('clips long bodies and drops credentials from the URL', () => {
    const [redacted] = redactSteps([step({ url: 'https://u:p@host.example/x?access_token=abcdef123&page=2', responseBody: 'x'.repeat(BODY_CLIP + 500) })], []);
    expect(redacted?.url).toBe('https://host.example/x?access_token=«redacted»&page=2');
    expect(redacted?.responseBody).toMatch(/… \(500 more characters clipped\)$/);
  });
});
