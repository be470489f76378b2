import { PROVIDER_IDS } from '../../shared/providers';
import { expect, screenshot, test } from './harness/fixtures';
import { visibleAccountNames } from './harness/list';
import { bulkAccount, seedMany } from './harness/seed';

const COUNT = 10_000;

test('10,000 accounts render, scroll to the end and keep only the visible rows in the page', async ({ openApp, backend }) => {
  test.setTimeout(240_000);
  await seedMany(backend.core, COUNT, bulkAccount);
  expect(backend.core.list()).toHaveLength(COUNT);

  const page = await openApp();
  const grid = page.getByRole('grid', { name: 'Accounts' });
  await expect(page.getByRole('row', { name: 'Load 00000' })).toBeVisible();
  // Virtualized: the page holds a screenful of rows (plus overscan), not 10,000.
  const mounted = await grid.locator('[role="row"]').count();
  expect(mounted).toBeLessThan(60);
  await expect(grid).toHaveAttribute('aria-rowcount', String(COUNT + PROVIDER_IDS.length));
  await expect(page.getByRole('navigation', { name: 'Filters' }).getByRole('button', { name: /^All accounts/ })).toContainText('10000');

  // Scroll with the wheel a few screens, then jump to the very end.
  await grid.hover();
  await page.mouse.wheel(0, 6_000);
  await expect.poll(async () => (await visibleAccountNames(page))[0] ?? '').not.toBe('Load 00000');
  // The header of the group being read stays pinned at the top of the list, above the rows scrolling by.
  const header = grid.getByRole('row', { name: /SUD/ }).filter({ has: page.getByRole('columnheader') });
  await expect(header).toBeInViewport();
  const pinned = async (): Promise<number> => {
    const [gridBox, headerBox] = await Promise.all([grid.boundingBox(), header.boundingBox()]);
    return Math.abs((headerBox?.y ?? -1) - (gridBox?.y ?? 0));
  };
  expect(await pinned()).toBeLessThan(1);
  await screenshot(page, 'scale-sticky-header');
  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  // The last group is OpenIM (registry order), whose last account by name is number 9999.
  await expect(page.getByRole('row', { name: 'Load 09999' })).toBeVisible();
  await expect.poll(async () => (await visibleAccountNames(page)).at(-1)).toBe('Load 09999');
  expect(await grid.locator('[role="row"]').count()).toBeLessThan(60);

  // The keyboard reaches both ends too.
  await page.keyboard.press('Home');
  await expect(page.getByRole('row', { name: 'Load 00000' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(page.getByRole('row', { name: 'Load 09999' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('row', { name: 'Load 09999' })).toBeInViewport();

  // Search over all 10,000 narrows to one.
  await page.getByRole('searchbox', { name: 'Search accounts' }).fill('user-4243');
  await expect.poll(() => visibleAccountNames(page)).toEqual(['Load 04243']);
});
