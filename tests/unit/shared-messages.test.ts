import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { dictionaries, localized, translate, translator, type MessageKey } from '../../shared/i18n';
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

describe('the dictionaries (shared/i18n): one set of keys, the same placeholders in both languages', () => {
  const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();

  it('have exactly the same keys, none empty', () => {
    expect(Object.keys(dictionaries['zh-CN']).sort()).toEqual(Object.keys(dictionaries.en).sort());
    for (const language of ['en', 'zh-CN'] as const) {
      for (const [key, text] of Object.entries(dictionaries[language])) expect(text.trim(), `${language} ${key}`).not.toBe('');
    }
  });

  it('give each text the placeholders of its English one', () => {
    const differ = Object.keys(dictionaries.en).filter((key) => {
      const messageKey = key as MessageKey;
      return placeholders(dictionaries.en[messageKey]).join() !== placeholders(dictionaries['zh-CN'][messageKey]).join();
    });
    expect(differ).toEqual([]);
  });

  it('hold the texts of main (menu, tray, notifications, file dialogs) beside the window’s', () => {
    const keys = Object.keys(dictionaries.en);
    for (const group of ['menu.', 'desktop.tray.', 'desktop.notify.', 'desktop.dialog.', 'desktop.notice.']) {
      expect(keys.filter((key) => key.startsWith(group)).length, group).toBeGreaterThan(0);
    }
  });

  it('translate fills placeholders by name and leaves an unknown one as written', () => {
    expect(translate('en', 'desktop.tray.more', { n: 3 })).toBe('3 more…');
    expect(translate('zh-CN', 'desktop.tray.more', { n: 3 })).toBe('另有 3 个…');
    expect(translate('zh-CN', 'menu.showDataDir', { dir: '/d' })).toBe('打开数据文件夹（/d）');
    expect(translate('en', 'desktop.tray.more')).toBe('{n} more…');
    expect(translator('zh-CN')('menu.help')).toBe('帮助');
  });

  it('pick a provider label in the language, English when it has no Chinese', () => {
    expect(localized({ en: 'Base URL', zh: '服务地址' }, 'zh-CN')).toBe('服务地址');
    expect(localized({ en: 'Base URL', zh: '' }, 'zh-CN')).toBe('Base URL');
    expect(localized({ en: 'Base URL', zh: '服务地址' }, 'en')).toBe('Base URL');
  });
});
