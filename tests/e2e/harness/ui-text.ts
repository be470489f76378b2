import type { Page } from '@playwright/test';

/**
 * Every piece of UI text on screen: visible text nodes plus accessible labels, placeholders and
 * titles, skipping data the user typed or the provider sent (inputs' values, tokens, JSON, codes).
 */
export async function visibleUiText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const skip = 'pre, code, textarea, .mono, .account-name, .env-badge, .subtitle, .path, dd';
    const out: string[] = [];
    const visible = (el: Element): boolean => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none';
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim();
      if (!parent || !text || parent.closest(skip) || parent.closest('[aria-hidden="true"]') || !visible(parent)) continue;
      out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title]')) {
      if (!visible(el) || el.closest(skip)) continue;
      for (const name of ['aria-label', 'placeholder', 'title']) {
        const value = el.getAttribute(name);
        if (value) out.push(value);
      }
    }
    return out;
  });
}

/** Words of Latin script in `texts` that are not in `allowed` (names, ids, units that stay as they are). */
export function englishLeftovers(texts: readonly string[], allowed: readonly string[]): string[] {
  const allow = new Set(allowed.map((w) => w.toLowerCase()));
  const found = new Set<string>();
  for (const text of texts) {
    for (const word of text.match(/[A-Za-z][A-Za-z_']+/g) ?? []) {
      if (!allow.has(word.toLowerCase())) found.add(`${word}  ←  ${text}`);
    }
  }
  return [...found];
}
