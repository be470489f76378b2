import { describe, expect, it } from 'vitest';
import { ProviderInfoSchema } from '../../shared/providers';
import { TokenDeskError } from '../../electron/core/errors';
import { applyDefaults, getProvider, providerInfos, providers, validateFields } from '../../electron/core/providers/registry';

const fieldsOf = (id: string) => Object.fromEntries(getProvider(id).info.fields.map((f) => [f.name, f]));

describe('provider registry', () => {
  it('lists the four providers with valid infos and the agreed formats', () => {
    const infos = providerInfos();
    expect(infos.map((i) => i.id)).toEqual(['sud', 'sainiu', 'oneaccess', 'openim']);
    for (const info of infos) expect(ProviderInfoSchema.safeParse(info).success).toBe(true);
    const byId = Object.fromEntries(infos.map((i) => [i.id, i]));
    expect(byId.sainiu?.formats).toEqual(['raw', 'cookie', 'env', 'json', 'curl']);
    for (const id of ['sud', 'oneaccess', 'openim']) expect(byId[id]?.formats).toEqual(['raw', 'header', 'env', 'json', 'curl']);
    // OpenIM: each refresh logs the user's running client out on that platform, so it starts off and says why.
    expect(infos.map((i) => i.autoRefreshDefault)).toEqual([true, true, true, false]);
    expect(infos.map((i) => i.autoRefreshWarning !== undefined)).toEqual([false, false, false, true]);
  });

  it('gives every field a label and help text in English and Chinese, with unique names', () => {
    for (const provider of providers) {
      const names = provider.info.fields.map((f) => f.name);
      expect(new Set(names).size).toBe(names.length);
      for (const field of provider.info.fields) {
        for (const text of [field.label.en, field.label.zh, field.help.en, field.help.zh]) expect(text.trim()).not.toBe('');
        expect(field.label.zh).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('declares the field schemas of the issue (names, secrets, requirements, defaults)', () => {
    const sud = fieldsOf('sud');
    expect(Object.keys(sud)).toEqual(['baseUrl', 'code', 'getPath', 'updatePath', 'appId', 'appSecret', 'timestampUnit']);
    expect(sud.timestampUnit).toMatchObject({ kind: 'select', default: 'seconds' });
    expect(sud.code).toMatchObject({ secret: true, required: true });
    expect(sud.appSecret).toMatchObject({ secret: true, required: false });
    expect([sud.getPath?.default, sud.updatePath?.default]).toEqual(['/get_sstoken', '/update_sstoken']);
    const sainiu = fieldsOf('sainiu');
    expect(Object.keys(sainiu)).toEqual(['baseUrl', 'userNick', 'logonToken', 'accessType', 'accessId', 'accessKey', 'lifetimeHours']);
    expect(sainiu.baseUrl?.default).toBe('http://127.0.0.1:3030');
    expect(sainiu.logonToken).toMatchObject({ secret: true, required: false });
    expect(sainiu.userNick).toMatchObject({ required: false });
    const oneaccess = fieldsOf('oneaccess');
    expect(Object.keys(oneaccess)).toEqual(['baseUrl', 'clientId', 'clientSecret', 'accessToken', 'tenantId', 'sessionToken', 'sessionExpiresAt', 'operatingSysVersion', 'deviceIp', 'deviceFingerprint', 'agent', 'ssoClientId']);
    expect(['clientSecret', 'accessToken', 'sessionToken'].every((n) => oneaccess[n]?.secret)).toBe(true);
    expect(oneaccess.sessionExpiresAt).toMatchObject({ kind: 'datetime', secret: false, required: false });
    expect(oneaccess.deviceFingerprint?.required).toBe(true);
    const openim = fieldsOf('openim');
    expect(Object.keys(openim)).toEqual(['baseUrl', 'secret', 'userID', 'platformID', 'adminUserID', 'apiVersion']);
    expect(openim.platformID).toMatchObject({ kind: 'integer', default: '5', min: 1, max: 11 });
    expect(openim.apiVersion?.options?.map((o) => o.value)).toEqual(['auto', 'v3', 'v3.8']);
    expect([openim.baseUrl?.default, openim.adminUserID?.default]).toEqual(['http://127.0.0.1:10002', 'imAdmin']);
  });

  it('hands out copies, so a caller cannot change the registry', () => {
    const infos = providerInfos();
    infos[0]?.fields.pop();
    expect(providerInfos()[0]?.fields).toHaveLength(7);
  });

  it('answers not_found for an unknown provider, naming the known ones', () => {
    const run = () => getProvider('nope');
    expect(run).toThrow(TokenDeskError);
    expect(run).toThrow(/sud, sainiu, oneaccess, openim/);
  });
});

describe('field defaults and validation', () => {
  it('fills defaults only where a value is missing or blank', () => {
    const values = applyDefaults(getProvider('openim'), { secret: 's', userID: 'u', platformID: '  ', adminUserID: 'boss' });
    expect(values).toMatchObject({ platformID: '5', adminUserID: 'boss', apiVersion: 'auto', baseUrl: 'http://127.0.0.1:10002' });
  });

  it('accepts a complete account', () => {
    expect(validateFields(getProvider('sud'), { baseUrl: 'https://test.example.com', code: 'c' })).toBeNull();
    expect(validateFields(getProvider('sainiu'), { userNick: 'tb', logonToken: 't', lifetimeHours: '24' })).toBeNull();
  });

  it('names each missing required field with its label', () => {
    const error = validateFields(getProvider('sud'), { baseUrl: 'https://x.example' });
    expect(error?.code).toBe('invalid_input');
    expect(error?.message).toContain('field code (Code) is required');
  });

  it('checks integer ranges, URL shapes, select options and unknown names', () => {
    const error = validateFields(getProvider('openim'), { baseUrl: 'ftp://im.example', secret: 's', userID: 'u', platformID: '12', apiVersion: 'v4', colour: 'red' });
    const message = error?.message ?? '';
    expect(message).toContain('there is no field "colour"');
    expect(message).toContain('field baseUrl (API address) must start with http:// or https://');
    expect(message).toContain('field platformID (Platform) must be between 1 and 11');
    expect(message).toContain('field apiVersion (API version) must be one of auto, v3, v3.8');
    expect(validateFields(getProvider('sainiu'), { userNick: 'u', logonToken: 't', lifetimeHours: 'soon' })?.message).toContain('must be a whole number');
    expect(validateFields(getProvider('sud'), { baseUrl: 'not a url', code: 'c' })?.message).toContain('must be a URL');
  });

  it('applies the OneAccess rule: client credentials or an access token', () => {
    const base = { baseUrl: 'https://tenant.example', sessionToken: 's', deviceFingerprint: 'f' };
    expect(validateFields(getProvider('oneaccess'), base)?.message).toContain('set clientId and clientSecret, or accessToken');
    expect(validateFields(getProvider('oneaccess'), { ...base, accessToken: 'a' })).toBeNull();
    expect(validateFields(getProvider('oneaccess'), { ...base, clientId: 'c', clientSecret: 'cs' })).toBeNull();
  });

  it('never echoes a value, secret or not', () => {
    const error = validateFields(getProvider('openim'), { baseUrl: 'ftp://very-secret-host', secret: 'hunter2-secret', userID: '', platformID: 'ninety-nine' });
    expect(error?.message).not.toContain('very-secret-host');
    expect(error?.message).not.toContain('hunter2-secret');
    expect(error?.message).not.toContain('ninety-nine');
  });
});
