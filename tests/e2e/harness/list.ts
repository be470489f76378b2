import type { Page } from '@playwright/test';

/** The names of the account rows the list has on screen, top to bottom. */
export async function visibleAccountNames(page: Page): Promise<string[]> {
  const grid = page.getByRole('grid', { name: 'Accounts' });
  return grid.evaluate((el) => {
    const rows = [...el.querySelectorAll<HTMLElement>('[role="row"][aria-label]')];
    const view = el.getBoundingClientRect();
    return rows
      .filter((row) => {
        const box = row.getBoundingClientRect();
        return box.bottom > view.top && box.top < view.bottom;
      })
      .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
      .map((row) => row.getAttribute('aria-label') ?? '');
  });
}
