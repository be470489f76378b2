import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const STYLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../renderer/src/styles');

/** Where a rule is left open before the next one starts (the browser would drop what follows). */
function openBlocks(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  const problems: string[] = [];
  // 'at': an at-rule such as @media holds rules; 'rule': a rule holds declarations only.
  const stack: Array<'at' | 'rule'> = [];
  let prelude = '';
  let line = 1;
  for (const ch of text) {
    if (ch === '\n') line += 1;
    if (ch === '{') {
      const kind = prelude.trim().startsWith('@') ? 'at' : 'rule';
      if (stack.at(-1) === 'rule') problems.push(`line ${line}: a rule opens inside another rule's declarations (a } is missing)`);
      stack.push(kind);
      prelude = '';
    } else if (ch === '}') {
      if (stack.pop() === undefined) problems.push(`line ${line}: a } closes nothing`);
      prelude = '';
    } else if (ch === ';') {
      prelude = '';
    } else {
      prelude += ch;
    }
  }
  if (stack.length > 0) problems.push(`${stack.length} block(s) never closed`);
  return problems;
}

describe('the stylesheets', () => {
  it('close every rule, so no dialog or list loses its styles to a missing brace', async () => {
    const found: Record<string, string[]> = {};
    for (const name of (await readdir(STYLES)).filter((n) => n.endsWith('.css'))) {
      const problems = openBlocks(await readFile(path.join(STYLES, name), 'utf8'));
      if (problems.length > 0) found[name] = problems;
    }
    expect(found).toEqual({});
  });
});
