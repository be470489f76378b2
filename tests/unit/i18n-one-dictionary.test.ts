import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// One translation mechanism (issue 11 §3): every word TokenDesk says in Chinese lives in shared/i18n's
// dictionaries. A second dictionary (a per-language table of texts in main, a Chinese label in a
// component) fails here. What is data, not UI wording, is allowed: the providers' `Localized` labels
// (`zh:` values in electron/core/providers, shared/presentation), comments, and tests.
const repo = path.resolve(import.meta.dirname, '../..');
const SCANNED = ['electron', 'renderer', 'shared'];
const SOURCE = /\.(ts|tsx|js|mjs|cjs|html|css)$/;
/** The dictionaries themselves, and presentation data that carries its own {en, zh} labels. */
const DICTIONARY_OR_DATA = ['shared/i18n/', 'shared/presentation/'];
/** Provider modules: Chinese only as the `zh` of a Localized label. */
const PROVIDERS = 'electron/core/providers/';
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/u;
const COMMENT_LINE = /^\s*(\/\/|\/\*|\*)/;
/** An object keyed by language: `'zh-CN': …` (how DESKTOP_TEXTS, HELP_TEXTS and TEXTS were built). */
const PER_LANGUAGE_TABLE = /(^|[{,])\s*['"]zh-CN['"]\s*:/;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(repo, dir), { withFileTypes: true });
  const files = await Promise.all(
    entries.map(async (entry) => {
      const relative = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(relative);
      return SOURCE.test(entry.name) ? [relative] : [];
    }),
  );
  return files.flat();
}

async function linesOutsideDictionaries(): Promise<Array<{ file: string; line: number; text: string }>> {
  const files = (await Promise.all(SCANNED.map(sourceFiles))).flat().filter((file) => !DICTIONARY_OR_DATA.some((allowed) => file.startsWith(allowed)));
  const found: Array<{ file: string; line: number; text: string }> = [];
  for (const file of files) {
    const lines = (await readFile(path.join(repo, file), 'utf8')).split('\n');
    lines.forEach((text, index) => found.push({ file, line: index + 1, text }));
  }
  return found;
}

describe('one translation mechanism', () => {
  it('no source file outside shared/i18n holds Chinese UI text (provider labels and comments aside)', async () => {
    const offending = (await linesOutsideDictionaries())
      .filter(({ text }) => CJK.test(text) && !COMMENT_LINE.test(text))
      .filter(({ file, text }) => !(file.startsWith(PROVIDERS) && /\bzh:/.test(text)))
      .map(({ file, line, text }) => `${file}:${line}: ${text.trim()}`);
    expect(offending).toEqual([]);
  });

  it('no source file outside shared/i18n keeps a table of texts per language', async () => {
    const offending = (await linesOutsideDictionaries())
      .filter(({ text }) => PER_LANGUAGE_TABLE.test(text))
      .map(({ file, line, text }) => `${file}:${line}: ${text.trim()}`);
    expect(offending).toEqual([]);
  });

  it('the scan sees the folders it guards (a renamed folder would make it pass vacuously)', async () => {
    const files = new Set((await linesOutsideDictionaries()).map(({ file }) => file));
    for (const file of ['electron/main/menu.ts', 'electron/main/policies/tray-menu.ts', 'electron/main/bundle-dialog.ts', 'renderer/src/components/settings-dialog.tsx', 'electron/core/providers/sud.ts']) {
      expect(files.has(file), file).toBe(true);
    }
  });
});
