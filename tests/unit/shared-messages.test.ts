import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { resolveLanguage } from '../../shared/settings';
import { zodProblems } from '../../shared/zod-problems';

describe('zodProblems: the one wording of a zod failure', () => {
  const Schema = z.object({ name: z.string().min(1), values: z.record(z.string(), z.string()), format: z.enum(['raw', 'header']) }).strict();

  it('names each field with zod’s own message, on one line, never the value received', () => {
    const secret = 'do-not-echo-this-secret';
    const parsed = Schema.safeParse({ name: '', values: { code: 42 }, format: secret });
    expect(parsed.success).toBe(false);
    const text = zodProblems(parsed.error!);
    expect(text).toContain('name: Too small');
    expect(text).toContain('values.code: Invalid input: expected string, received number');
    expect(text).toContain('format: Invalid option: expected one of "raw"|"header"');
    expect(text).not.toContain('\n');
    expect(text).not.toContain(secret);
  });

  it('names a problem with the whole value as the caller says, and caps the list', () => {
    const whole = z.object({ a: z.string() }).strict().safeParse(5);
    expect(zodProblems(whole.error!, { whole: 'arguments' })).toMatch(/^arguments: Invalid input: expected object/);
    const many = z.object({ a: z.string(), b: z.string(), c: z.string() }).safeParse({});
    expect(zodProblems(many.error!, { max: 2 })).toMatch(/^a: .*; b: .* \(and 1 more\)$/);
  });
});

describe('resolveLanguage: the one language rule (renderer, menu, tray, notifications)', () => {
  it('takes the setting, or for `system` the OS locale: any Chinese locale → zh-CN, else English', () => {
    expect(resolveLanguage('zh-CN', 'en-US')).toBe('zh-CN');
    expect(resolveLanguage('en', 'zh-CN')).toBe('en');
    for (const locale of ['zh-CN', 'zh-TW', 'zh', 'ZH-hans']) expect(resolveLanguage('system', locale)).toBe('zh-CN');
    for (const locale of ['en-US', 'de', '', null, undefined]) expect(resolveLanguage('system', locale)).toBe('en');
  });
});
