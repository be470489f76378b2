import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCustomProvider } from '../../shared/custom-provider';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

describe('the example definitions in examples/', () => {
  it('each validates, is named after its id, and keeps its credentials in secret fields', async () => {
    const files = (await readdir(EXAMPLES)).filter((name) => name.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const parsed = parseCustomProvider(JSON.parse(await readFile(path.join(EXAMPLES, file), 'utf8')));
      expect(parsed, file).toMatchObject({ ok: true });
      if (!parsed.ok) continue;
      expect(`${parsed.definition.id}.json`).toBe(file);
      const secret = parsed.definition.fields.filter((f) => /secret|code|password|token/i.test(f.name));
      expect(secret.length, file).toBeGreaterThan(0);
      for (const field of secret) expect(field.secret, `${file}: ${field.name}`).toBe(true);
    }
  });
});
