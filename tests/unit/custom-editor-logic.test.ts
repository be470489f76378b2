import { describe, expect, it } from 'vitest';
import { parseCustomProvider } from '../../shared/custom-provider';
import { definitionToDraft, draftToDefinition, equalsText, moveItem, newDraft, parseEquals } from '../../renderer/src/lib/custom-draft';
import { MASK, previewRequest } from '../../renderer/src/lib/custom-preview';
import { translator } from '../../shared/i18n';
import { definitionProblems, problemAt, problemText } from '../../renderer/src/lib/custom-problems';

/** The example of docs/custom-providers.md (OpenIM v3 user_token), with a refresh request and a form-bodied twin. */
const OPENIM_V3 = {
  id: 'my-game',
  name: 'My game backend',
  nameZh: '我的游戏后端',
  fields: [
    { name: 'baseUrl', label: 'Server', required: true, secret: false, kind: 'url' },
    { name: 'userID', label: 'User ID', labelZh: '用户 ID', required: true, secret: false, kind: 'text' },
    { name: 'secret', label: 'Server secret', required: true, secret: true, kind: 'text', default: 'openIM123' },
  ],
  request: {
    method: 'POST',
    url: '{{baseUrl}}/auth/user_token',
    headers: { operationID: '{{uuid}}' },
    json: { secret: '{{secret}}', platformID: 1, userID: '{{userID}}', nested: { at: '{{now_s}}', list: [true, null] } },
  },
  refresh: { method: 'GET', url: '{{baseUrl}}/auth/renew/{{userID}}?t={{now_ms}}', headers: { token: '{{token}}' } },
  success: { path: 'errCode', equals: 0 },
  token: { path: 'data.token' },
  expiry: { path: 'data.expireTimeSeconds', unit: 'duration-seconds' },
  error: { codePath: 'errCode', messagePath: 'errMsg' },
};

describe('the editor form and the definition JSON', () => {
  it('a definition read into the form and written back is the same definition, and it validates', () => {
    const { definition, problems } = draftToDefinition(definitionToDraft(OPENIM_V3));
    expect(problems).toEqual([]);
    expect(definition).toEqual(OPENIM_V3);
    expect(parseCustomProvider(definition).ok).toBe(true);
  });

  it('keeps a form body, a GET without body, success strings that look like numbers, and jwt expiry without a path', () => {
    const def = {
      ...OPENIM_V3,
      request: { method: 'POST', url: '{{baseUrl}}/token', form: { grant_type: 'client_credentials', client_secret: '{{secret}}' } },
      refresh: undefined,
      success: { path: 'code', equals: '0' },
      expiry: { unit: 'jwt' },
      error: { messagePath: 'msg' },
    };
    delete (def as { refresh?: unknown }).refresh;
    const draft = definitionToDraft(def);
    expect(draft.request.bodyKind).toBe('form');
    expect(draft.successEquals).toBe('"0"');
    expect(draft.hasRefresh).toBe(false);
    expect(draftToDefinition(draft).definition).toEqual(def);
  });

  it('equals: JSON when it reads as JSON, else the text as a string', () => {
    expect(parseEquals('0')).toBe(0);
    expect(parseEquals('true')).toBe(true);
    expect(parseEquals('null')).toBe(null);
    expect(parseEquals('"0"')).toBe('0');
    expect(parseEquals('ok')).toBe('ok');
    expect(parseEquals('{"a":1}')).toBe('{"a":1}');
    for (const value of [0, 'ok', '0', true, null, 'true']) expect(parseEquals(equalsText(value))).toEqual(value);
  });

  it('a JSON body that does not parse is a problem at request.json, and nothing else is reported there', () => {
    const draft = definitionToDraft(OPENIM_V3);
    draft.request.json = '{ "secret": "{{secret}}", ';
    const { definition, problems } = draftToDefinition(draft);
    expect(problems).toEqual([{ path: 'request.json', message: expect.stringMatching(/^is not valid JSON/) }]);
    const all = definitionProblems(definition, problems);
    expect(problemAt(all, 'request.json')?.message).toMatch(/not valid JSON/);
  });

  it('names every problem at its own path, so each input shows its own', () => {
    const draft = definitionToDraft(OPENIM_V3);
    draft.id = 'Bad Id';
    draft.name = '';
    draft.fields[1]!.name = '1user';
    draft.request.headers.push({ key: 99, name: 'bad header', value: 'x' });
    draft.request.url = '{{baseUrl}}/{{nope}}';
    draft.tokenPath = 'data..token';
    const problems = definitionProblems(draftToDefinition(draft).definition);
    expect(problemAt(problems, 'id')?.message).toMatch(/lower-case letters/);
    expect(problemAt(problems, 'name')?.kind).toBe('required');
    expect(problemAt(problems, 'fields.1.name')?.message).toMatch(/starting with a letter/);
    expect(problemAt(problems, 'request.headers.bad header')?.kind).toBe('headerName');
    expect(problemAt(problems, 'token.path')?.message).toMatch(/dot path/);
    expect(problemAt(problems, 'fields', true)).toBeDefined();
    // The placeholder check runs once the shape is right.
    const fixed = definitionToDraft(OPENIM_V3);
    fixed.request.url = '{{baseUrl}}/{{nope}}';
    expect(problemAt(definitionProblems(draftToDefinition(fixed).definition), 'request.url')?.message).toMatch(/\{\{nope\}\} is neither a field/);
  });

  it('words every problem the schema and the form give in both languages (none falls back to the English schema text)', () => {
    const cases: Array<[(d: ReturnType<typeof definitionToDraft>) => void, string, string]> = [
      [(d) => (d.tokenPath = 'data..token'), 'token.path', 'path'],
      [(d) => (d.fields[0]!.name = '_x'), 'fields.0.name', 'fieldName'],
      [(d) => (d.id = 'X'), 'id', 'providerId'],
      [(d) => (d.id = 'openim'), 'id', 'builtinId'],
      [(d) => (d.expiryPath = ''), 'expiry', 'expiryPath'],
      [(d) => (d.fields[1]!.name = 'baseUrl'), 'fields.1.name', 'declaredTwice'],
      [(d) => (d.fields[1]!.name = 'uuid'), 'fields.1.name', 'builtinPlaceholder'],
      [(d) => (d.request.url = '{{baseUrl}}/{{nope}}'), 'request.url', 'unknownPlaceholder'],
      [(d) => (d.request.url = '{{baseUrl}}/{{token}}'), 'request.url', 'tokenInRequest'],
      [(d) => (d.request.json = '{'), 'request.json', 'badJson'],
      [(d) => ((d.request.bodyKind = 'form'), (d.request.form = [{ key: 1, name: '', value: 'v' }])), 'request.form.', 'needsName'],
      [(d) => d.request.headers.push({ key: 2, name: 'operationID', value: 'again' }), 'request.headers.operationID', 'givenTwice'],
      [(d) => (d.name = ''), 'name', 'required'],
      [(d) => d.request.headers.push({ key: 3, name: 'bad name', value: 'x' }), 'request.headers.bad name', 'headerName'],
    ];
    for (const [spoil, path, kind] of cases) {
      const draft = definitionToDraft(OPENIM_V3);
      spoil(draft);
      const { definition, problems: own } = draftToDefinition(draft);
      const problem = problemAt(definitionProblems(definition, own), path);
      expect(problem?.kind, `${path} → ${kind}`).toBe(kind);
      const en = problemText(problem!, translator('en'));
      const zh = problemText(problem!, translator('zh-CN'));
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      expect(en).not.toBe(zh);
      if (problem?.detail) expect(zh).toContain(problem.detail);
    }
  });

  it('a new draft is not yet valid (no id, name or token path), and rows reorder', () => {
    const problems = definitionProblems(draftToDefinition(newDraft()).definition);
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['id', 'name']));
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b'], 1, 2)).toEqual(['a', 'b']);
  });
});

describe('the live preview of the resolved request', () => {
  const fields = OPENIM_V3.fields;
  const sample = { values: { baseUrl: 'http://127.0.0.1:10002/', userID: 'user 42', secret: 'typed-secret-value' }, uuid: 'b1946ac9-0000-4000-8000-000000000001', now: 1_700_000_000_123 };

  it('fills fields and built-ins as the engine does, masks every secret and never shows a secret value', () => {
    const preview = previewRequest(OPENIM_V3.request, fields, sample);
    expect(preview.method).toBe('POST');
    expect(preview.url).toBe('http://127.0.0.1:10002/auth/user_token');
    expect(preview.headers).toEqual([
      { name: 'operationID', value: sample.uuid, implied: false },
      { name: 'Content-Type', value: 'application/json', implied: true },
    ]);
    expect(JSON.parse(preview.body ?? '')).toEqual({ secret: MASK, platformID: 1, userID: 'user 42', nested: { at: '1700000000', list: [true, null] } });
    expect(JSON.stringify(preview)).not.toContain('typed-secret-value');
    // The secret's default is masked too (a default is still the secret).
    expect(previewRequest(OPENIM_V3.request, fields, { ...sample, values: {} }).body).not.toContain('openIM123');
  });

  it('encodes later URL parts, keeps the token masked, and leaves a value-less placeholder as written', () => {
    const preview = previewRequest(OPENIM_V3.refresh, fields, sample);
    expect(preview.method).toBe('GET');
    expect(preview.url).toBe('http://127.0.0.1:10002/auth/renew/user%2042?t=1700000000123');
    expect(preview.headers).toEqual([{ name: 'token', value: MASK, implied: false }]);
    expect(preview.body).toBeNull();
    expect(previewRequest(OPENIM_V3.refresh, fields, { ...sample, values: {} }).url).toBe('{{baseUrl}}/auth/renew/{{userID}}?t=1700000000123');
  });

  it('an integer field alone in a JSON string goes out as a number, as the engine sends it', () => {
    const withPlatform = [...fields, { name: 'platformID', secret: false, kind: 'integer', default: '5' }];
    const template = { url: '{{baseUrl}}/x', json: { platformID: '{{platformID}}', label: 'p{{platformID}}', user: '{{userID}}' } };
    expect(JSON.parse(previewRequest(template, withPlatform, sample).body ?? '')).toEqual({ platformID: 5, label: 'p5', user: 'user 42' });
    expect(JSON.parse(previewRequest(template, withPlatform, { ...sample, values: { platformID: '3' } }).body ?? '').platformID).toBe(3);
  });

  it('form bodies are form-encoded with the mask left readable', () => {
    const preview = previewRequest({ method: 'POST', url: 'https://id.example/token', form: { grant_type: 'client credentials', client_secret: '{{secret}}', user: '{{userID}}' } }, fields, sample);
    expect(preview.body).toBe(`grant_type=client+credentials&client_secret=${MASK}&user=user+42`);
    expect(preview.headers).toEqual([{ name: 'Content-Type', value: 'application/x-www-form-urlencoded', implied: true }]);
  });
});
