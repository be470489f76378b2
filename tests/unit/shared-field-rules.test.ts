import { describe, expect, it } from 'vitest';
import { fieldProblemOf } from '../../shared/field-rules';
import type { FieldSpec } from '../../shared/providers';
import { translator } from '../../shared/i18n';
import { fieldProblem } from '../../renderer/src/lib/validate-form';
import { getProvider, validateFields } from '../../electron/core/providers/registry';

const spec = (kind: FieldSpec['kind'], extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name: 'f', label: { en: 'F', zh: 'F' }, help: { en: '', zh: '' }, required: true, secret: false, kind, ...extra,
});

describe('one set of field rules for the form and the engine (shared/field-rules.ts)', () => {
  it.each([
    ['url', 'https://api.example.com', null],
    ['url', 'not a url', 'url'],
    ['url', 'ftp://files.example.com', 'urlScheme'],
    ['url', 'https://ann:pw@api.example.com', 'urlCredentials'],
    ['integer', '11', null],
    ['integer', '1.5', 'integer'],
    ['integer', '99', 'range'],
    ['datetime', '2026-12-07T09:00:00+08:00', null],
    ['datetime', '2026-12-07 09:00', 'datetime'],
    ['text', '  ', 'required'],
  ] as const)('%s %j → %s', (kind, value, expected) => {
    expect(fieldProblemOf(spec(kind, { min: 1, max: 11 }), value)?.kind ?? null).toBe(expected);
  });

  it('a secret left empty while editing keeps its saved value', () => {
    expect(fieldProblemOf(spec('text', { secret: true }), '', { secretSaved: true })).toBeNull();
    expect(fieldProblemOf(spec('text', { secret: true }), '')).toEqual({ kind: 'required' });
  });

  it('the window refuses exactly what the engine refuses, for every field of every built-in provider', () => {
    const t = translator('en');
    const samples = ['', 'x', 'https://api.example.com', 'https://a:b@api.example.com', 'ftp://x', '5', '-3', '99999', '2026-12-07T09:00:00Z'];
    for (const id of ['sud', 'sainiu', 'oneaccess', 'openim'] as const) {
      const provider = getProvider(id);
      for (const field of provider.info.fields) {
        for (const value of samples) {
          const inForm = fieldProblem(field, field.label.en, value, false, t) !== null;
          const engine = validateFields(provider, { [field.name]: value });
          const inEngine = engine !== null && engine.message.includes(`field ${field.name} (`);
          // The engine applies defaults to empty values first; the form shows the default in the field.
          if (value === '' && field.default !== undefined) continue;
          expect(inForm, `${id}.${field.name} = ${JSON.stringify(value)}`).toBe(inEngine);
        }
      }
    }
  });
});
