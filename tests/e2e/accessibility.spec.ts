import { readFile } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startOpenImServer, startSaiNiuServer, startSudServer } from '../servers';
import { expect, test, THEME_LANGUAGE_VARIANTS } from './harness/fixtures';
import { seedAccounts } from './harness/seed';

/**
 * axe-core over every main view, in light and dark, English and 简体中文: any WCAG 2.0/2.1 A or AA
 * violation fails the test, with each offending element and why.
 */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const VARIANTS = THEME_LANGUAGE_VARIANTS;

const LABELS = {
  en: { details: 'Account details', add: 'Add account', settings: 'Settings', empty: 'Keep your work tokens fresh', close: 'Close', failed: 'Failed', locked: 'TokenDesk is locked' },
  'zh-CN': { details: '账号详情', add: '添加账号', settings: '设置', empty: '让工作令牌始终有效', close: '关闭', failed: '失败', locked: 'TokenDesk 已锁定' },
} as const;

/** The violations axe finds on the page as it is now, one line per element. */
async function violations(page: Page): Promise<string[]> {
  // Transitions must be over: axe measures the colours on screen.
  await page.evaluate(async () => {
    await document.fonts.ready;
    await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)));
  });
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`));
}

for (const { theme, language } of VARIANTS) {
  const tag = `${language}-${theme}`;
  const labels = LABELS[language];

  test(`axe ${tag}: empty state, list, details panes, add dialog, settings`, async ({ openApp, backend }) => {
    // Seven full axe runs (each a few seconds, more on a loaded machine): three times the usual time limit.
    test.slow();
    await backend.core.updateSettings({ theme, language });
    const page = await openApp();
    await expect(page.getByRole('heading', { name: labels.empty })).toBeVisible();
    expect(await violations(page), 'empty state').toEqual([]);

    const [sud, openim, sainiu] = await Promise.all([startSudServer(), startOpenImServer(), startSaiNiuServer()]);
    try {
      const accounts = await seedAccounts(backend.core, [
        { provider: 'sud', name: 'Game QA (test)', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode({ uid: '10086', nickName: '小明' }) } },
        { provider: 'openim', name: 'IM web user', env: 'prod', values: { baseUrl: openim.url, secret: 'openIM123', userID: 'user-42' } },
        { provider: 'openim', name: 'IM broken secret', env: 'test', values: { baseUrl: openim.url, secret: 'wrong', userID: 'user-43' } },
        { provider: 'sainiu', name: '店铺 tb123456', env: 'prod', values: { baseUrl: sainiu.url, userNick: 'tb123456', logonToken: '8ef9' } },
        { provider: 'oneaccess', name: 'Tenant SSO', env: 'test', values: { baseUrl: 'http://127.0.0.1:9', accessToken: 'a', sessionToken: 's', deviceFingerprint: 'fp-1' } },
      ]);
      await backend.core.refreshAll({ ids: accounts.slice(0, 4).map((a) => a.id) });
      await expect(page.getByRole('row', { name: 'IM broken secret' }).getByText(labels.failed)).toBeVisible();
      expect(await violations(page), 'main list').toEqual([]);

      const details = page.getByRole('complementary', { name: labels.details });
      for (const name of ['Game QA (test)', 'IM broken secret', '店铺 tb123456']) {
        await page.getByRole('row', { name }).click();
        await expect(details.getByRole('heading', { name })).toBeVisible();
        expect(await violations(page), `details pane of ${name}`).toEqual([]);
      }

      await page.getByRole('button', { name: labels.add }).first().click();
      const add = page.getByRole('dialog', { name: labels.add });
      await expect(add).toBeVisible();
      expect(await violations(page), 'add dialog').toEqual([]);
      await add.getByRole('radio').nth(2).check();
      expect(await violations(page), 'add dialog, another provider').toEqual([]);
      await add.getByRole('button', { name: labels.close }).click();

      await page.getByRole('button', { name: labels.settings }).click();
      await expect(page.getByRole('dialog', { name: labels.settings })).toBeVisible();
      expect(await violations(page), 'settings').toEqual([]);
    } finally {
      await Promise.all([sud.close(), openim.close(), sainiu.close()]);
    }
  });
}

test.describe('locked', () => {
  test.use({ backendOptions: { keyring: 'none', passphrase: 'correct horse battery', startLocked: true } });
  for (const { theme, language } of VARIANTS) {
    test(`axe ${language}-${theme}: unlock screen`, async ({ openApp, backend }) => {
      await backend.core.updateSettings({ theme, language });
      const page = await openApp();
      await expect(page.getByRole('heading', { name: LABELS[language].locked })).toBeVisible();
      expect(await violations(page), 'unlock screen').toEqual([]);
    });
  }
});

test.describe('first start without a keyring', () => {
  test.use({ backendOptions: { keyring: 'none' } });
  for (const { theme, language } of VARIANTS) {
    test(`axe ${language}-${theme}: setup screen`, async ({ openApp, backend }) => {
      await backend.core.updateSettings({ theme, language });
      const page = await openApp();
      await expect(page.getByRole('textbox').first()).toBeVisible();
      expect(await violations(page), 'setup screen').toEqual([]);
    });
  }
});

test('opening the details from the keyboard moves focus into the pane, and closing it brings focus back to the row', async ({ openApp, backend }) => {
  const sud = await startSudServer();
  try {
    await seedAccounts(backend.core, ['Key one', 'Key two'].map((name) => ({ provider: 'sud' as const, name, env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } })));
    const page = await openApp();
    const list = page.getByRole('grid', { name: 'Accounts' });
    const details = page.getByRole('complementary', { name: 'Account details' });
    await expect(page.getByRole('row', { name: 'Key two' })).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const rowTwo = page.getByRole('row', { name: 'Key two' });
    await expect(rowTwo).toHaveAttribute('aria-selected', 'true');
    await expect(list).toBeFocused();

    await page.keyboard.press('Enter');
    await expect(details.getByRole('heading', { name: 'Key two' })).toBeVisible();
    await expect(details).toBeFocused();
    // Escape closes it; the list has focus again with the same row active.
    await page.keyboard.press('Escape');
    await expect(details).toBeHidden();
    await expect(list).toBeFocused();
    await expect(list).toHaveAttribute('aria-activedescendant', (await rowTwo.getAttribute('id'))!);

    // The same through the pane's own Close button, reached with Tab.
    await page.keyboard.press('Enter');
    await expect(details).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(details.getByRole('button', { name: 'Close details' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(details).toBeHidden();
    await expect(list).toBeFocused();
    await expect(rowTwo).toHaveAttribute('aria-selected', 'true');

    // A mouse click on a row opens the pane without taking focus from where it is.
    await page.getByRole('row', { name: 'Key one' }).click();
    await expect(details.getByRole('heading', { name: 'Key one' })).toBeVisible();
    await expect(details).not.toBeFocused();
  } finally {
    await sud.close();
  }
});

test('names: a sidebar filter reads as name, count and attention; JWT header and claims are named groups, not named <pre>s', async ({ openApp, backend }) => {
  const sud = await startSudServer();
  try {
    const accounts = await seedAccounts(backend.core, [
      { provider: 'sud', name: 'Game QA', env: 'test', values: { baseUrl: sud.url, code: sud.issueCode() } },
      { provider: 'openim', name: 'IM down', env: 'test', values: { baseUrl: 'http://127.0.0.1:9', secret: 's', userID: 'u' } },
      { provider: 'openim', name: 'IM never', env: 'test', values: { baseUrl: 'http://127.0.0.1:9', secret: 's', userID: 'u' } },
    ]);
    await backend.core.refreshAll({ ids: accounts.slice(0, 2).map((a) => a.id) });
    const page = await openApp();
    const filters = page.getByRole('navigation', { name: 'Filters' });
    // (The name computation puts a space before each visually hidden part; a screen reader reads the commas.)
    await expect(filters.getByRole('button', { name: /^OpenIM/ })).toHaveAccessibleName(/^OpenIM ?, accounts: 2 ?, 1 expiring or failed$/);
    await expect(filters.getByRole('button', { name: /^SUD/ })).toHaveAccessibleName(/^SUD ?, accounts: 1$/);
    await expect(filters.getByRole('button', { name: /^All accounts/ })).toHaveAccessibleName(/^All accounts ?, accounts: 3$/);

    await page.getByRole('row', { name: 'Game QA' }).click();
    const details = page.getByRole('complementary', { name: 'Account details' });
    await expect(details.getByRole('group', { name: 'Claims' })).toContainText('"exp"');
    await expect(details.getByRole('group', { name: 'Header' })).toContainText('"alg"');
    expect(await details.locator('pre[aria-label]').count()).toBe(0);
  } finally {
    await sud.close();
  }
});

/** WCAG contrast ratio of two CSS rgb() colours. */
function contrast(a: string, b: string): number {
  const lum = (css: string): number => {
    const [r, g, b2] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => Number(v) / 255);
    const f = (c: number): number => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b2!);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

for (const theme of ['light', 'dark'] as const) {
  test(`the keyboard focus ring is at least 3:1 against the background around it (${theme})`, async ({ openApp, backend }) => {
    await backend.core.updateSettings({ theme, language: 'en' });
    const page = await openApp();
    await expect(page.getByRole('heading', { name: 'Keep your work tokens fresh' })).toBeVisible();
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const shadow = getComputedStyle(el).boxShadow;
      // The outermost shadow is the ring; the colour behind it is the nearest ancestor's opaque background.
      const colours = shadow.match(/rgba?\([^)]*\)/g) ?? [];
      let node: HTMLElement | null = el.parentElement;
      let behind = 'rgb(255, 255, 255)';
      while (node) {
        const bg = getComputedStyle(node).backgroundColor;
        if (bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') {
          behind = bg;
          break;
        }
        node = node.parentElement;
      }
      return { tag: el.tagName, colour: colours.at(-1) ?? '', behind, shadow };
    });
    expect(ring.colour, `focused ${ring.tag}: ${ring.shadow}`).toMatch(/^rgb\(/);
    expect(contrast(ring.colour, ring.behind), `${ring.colour} on ${ring.behind}`).toBeGreaterThanOrEqual(3);
  });
}

const EDITOR_LABELS = {
  en: { settings: 'Settings', new: 'New custom provider', id: 'Provider ID', sample: 'Sample values', typed: 'Type values…', json: 'JSON', table: 'Custom providers', edit: 'Edit', address: 'API address', user: 'User ID', secret: 'Server secret', send: 'Send a real request', cancel: 'Cancel' },
  'zh-CN': { settings: '设置', new: '新建自定义服务商', id: '服务商 ID', sample: '示例值', typed: '手动输入…', json: 'JSON', table: '自定义服务商', edit: '编辑', address: 'API 地址', user: '用户 ID', secret: '服务端密钥', send: '发送真实请求', cancel: '取消' },
} as const;

for (const { theme, language } of VARIANTS) {
  test(`axe ${language}-${theme}: custom providers in settings, the editor (problems, typed samples, JSON view) and a Try-it result`, async ({ openApp, backend }) => {
    test.slow();
    await backend.core.updateSettings({ theme, language });
    const example = JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../examples/openim-user-token.json'), 'utf8')) as unknown;
    const info = await backend.core.defineProvider(example);
    const name = language === 'en' ? info.displayName.en : info.displayName.zh;
    const labels = EDITOR_LABELS[language];
    const page = await openApp();
    await page.getByRole('button', { name: labels.settings }).click();
    const settings = page.getByRole('dialog', { name: labels.settings });
    await expect(settings.getByRole('table', { name: labels.table })).toContainText(name);
    expect(await violations(page), 'settings with a custom provider').toEqual([]);

    // Try it on the saved definition, with typed values, against the local OpenIM server.
    const openim = await startOpenImServer({ generation: 'v3.7' });
    try {
      await settings.getByRole('button', { name: `${labels.edit} ${name}` }).click();
      const edit = page.getByRole('dialog', { name: new RegExp(name.replace(/[()]/g, '.')) });
      await edit.getByLabel(labels.sample).selectOption({ label: labels.typed });
      await edit.getByLabel(labels.address, { exact: true }).fill(openim.url);
      await edit.getByLabel(labels.user, { exact: true }).fill('user-42');
      await edit.getByLabel(labels.secret, { exact: true }).fill('openIM123');
      await edit.getByRole('button', { name: labels.send }).click();
      await expect(edit.getByTestId('try-status')).toHaveText('HTTP 200');
      expect(await violations(page), 'Try-it result').toEqual([]);
      await edit.getByLabel(labels.secret, { exact: true }).fill('wrong');
      await edit.getByRole('button', { name: labels.send }).click();
      await expect(edit.getByTestId('try-said')).toContainText('1002');
      expect(await violations(page), 'Try-it error').toEqual([]);
      await edit.getByRole('button', { name: labels.cancel }).click();
    } finally {
      await openim.close();
    }

    await settings.getByRole('button', { name: labels.new }).click();
    const editor = page.getByRole('dialog', { name: labels.new });
    // A wrong id and the default (empty) parts: problems are on screen beside their inputs.
    await editor.getByRole('textbox', { name: labels.id }).fill('Not An Id');
    await editor.getByRole('button', { name: language === 'en' ? 'Add header' : '添加请求头' }).first().click();
    await editor.getByLabel(labels.sample).selectOption({ label: labels.typed });
    await expect(editor.getByRole('textbox', { name: labels.id })).toHaveAttribute('aria-invalid', 'true');
    expect(await violations(page), 'custom-provider editor, form').toEqual([]);
    await editor.getByRole('button', { name: labels.json, exact: true }).click();
    expect(await violations(page), 'custom-provider editor, JSON view').toEqual([]);
  });
}
