import { describe, expect, it } from 'vitest';
import type { ErrorInfo } from '../../shared/errors';
import type { ProviderId } from '../../shared/providers';
import { translator } from '../../shared/i18n';
import { explainError } from '../../shared/i18n/errors';

const rejected = (code: string, message = '', extra: Partial<ErrorInfo> = {}): ErrorInfo => ({
  code: 'provider_rejected',
  message: 'TokenDesk message',
  provider: { code, message },
  ...extra,
});

function explained(provider: ProviderId, error: ErrorInfo): { meaning: string; next: string; zh: string } {
  const e = explainError(provider, error, translator('en'), 'en');
  return { meaning: e.meaning, next: e.next, zh: explainError(provider, error, translator('zh-CN'), 'zh-CN').next };
}

describe('what an error means and what to do next', () => {
  it('follows each provider\'s own codes', () => {
    expect(explained('sud', rejected('1005')).next).toMatch(/new short-term code/);
    expect(explained('sud', rejected('1002')).meaning).toMatch(/Go SDK answers 1002/);
    expect(explained('openim', rejected('1506')).meaning).toMatch(/kicked/);
    expect(explained('openim', rejected('1002')).next).toMatch(/platform is not 10/);
    expect(explained('sainiu', rejected('FAIL_SYS_SESSION_EXPIRED', 'Session过期')).next).toMatch(/QR code/);
    expect(explained('sainiu', rejected('503')).meaning).toMatch(/framework itself/);
  });

  it('uses the step a OneAccess error came from, since its codes vary by tenant', () => {
    expect(explained('oneaccess', rejected('SSO.0003', 'x', { reason: 'session_refresh_refused' })).next).toMatch(/Log in again/);
    expect(explained('oneaccess', rejected('invalid_client', '', { reason: 'client_credentials' })).next).toMatch(/client ID and client secret/);
    expect(explained('oneaccess', rejected('APP.9999')).meaning).toMatch(/error of its own/);
  });

  it('falls back to the kind of failure when the server said nothing of its own', () => {
    expect(explained('sud', { code: 'network', message: 'm' }).next).toMatch(/network/);
    expect(explained('openim', { code: 'http_error', message: 'm', status: 502 }).meaning).toMatch(/gateway/);
    expect(explained('openim', { code: 'http_error', message: 'm', status: 404 }).next).toMatch(/base URL/);
    expect(explained('sainiu', { code: 'timeout', message: 'm' }).next).toMatch(/timeout/);
  });

  it('says every explanation in Chinese too', () => {
    const cases: Array<[ProviderId, ErrorInfo]> = [
      ['sud', rejected('1004')],
      ['oneaccess', rejected('SSO.0002', '', { reason: 'session_refused' })],
      ['openim', { code: 'bad_response', message: 'm' }],
    ];
    for (const [provider, error] of cases) expect(explained(provider, error).zh).toMatch(/[\u4e00-\u9fff]/);
  });
});
