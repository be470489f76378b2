import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore } from '../../electron/core/engine/core';
import type { OpenedCore } from '../../electron/core/engine/types';
import { redactSecrets } from '../../electron/core/redaction';
import { FAST_TEST_SCRYPT } from '../../electron/core/vault';
import { startSudServer, type SudServer } from '../servers';

const SECRET = 'S3cret/value+with spaces&"quotes"é';

/** Every way a server or a library may echo SECRET back. */
function echoes(secret: string): Record<string, string> {
  const base64 = Buffer.from(secret).toString('base64');
  return {
    exact: secret,
    urlComponent: encodeURIComponent(secret),
    formEncoded: encodeURIComponent(secret).replace(/%20/g, '+'),
    urlLowerHex: encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    json: JSON.stringify(secret).slice(1, -1),
    jsonAscii: JSON.stringify(secret).slice(1, -1).replace(/é/g, '\\u00e9'),
    base64,
    base64Unpadded: base64.replace(/=+$/, ''),
    base64url: Buffer.from(secret).toString('base64url'),
    basicCredential: Buffer.from(`user:${secret}`).toString('base64'),
    upper: secret.toUpperCase(),
    lower: secret.toLowerCase(),
    hex: Buffer.from(secret).toString('hex'),
    hexUpper: Buffer.from(secret).toString('hex').toUpperCase(),
    html: secret.replace(/&/g, '&amp;').replace(/"/g, '&quot;'),
    htmlNumeric: Array.from(secret, (ch) => (/[A-Za-z0-9]/.test(ch) ? ch : `&#${ch.codePointAt(0)};`)).join(''),
    doubleUrl: encodeURIComponent(encodeURIComponent(secret)),
    doubleForm: encodeURIComponent(encodeURIComponent(secret).replace(/%20/g, '+')),
    nfkd: secret.normalize('NFKD'),
    fullWidth: secret.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)),
    zeroWidth: Array.from(secret).join('\u200b'),
    joiners: Array.from(secret).join('\u200d\u2060'),
    firstHalf: secret.slice(0, 17),
    middle: secret.slice(8, 26),
    lastPart: secret.slice(-13),
  };
}

describe('redaction beyond exact matches', () => {
  it('masks the secret in every encoded or case-folded form', () => {
    for (const [form, echo] of Object.entries(echoes(SECRET))) {
      const out = redactSecrets(`the server said: [${echo}] end`, [SECRET]);
      // Inside a longer encoded value only the characters that encode the secret alone are masked.
      if (form === 'basicCredential') expect(out, form).toMatch(/^the server said: \[[A-Za-z0-9+/]{0,8}«redacted»[A-Za-z0-9+/=]{0,4}\] end$/);
      else expect(out, form).toBe('the server said: [«redacted»] end');
    }
  });

  it('leaves text without the secret alone, also short runs of its letters and other Unicode text', () => {
    expect(redactSecrets('nothing to hide here: 42 / OK', [SECRET, null, undefined, 'abc'])).toBe('nothing to hide here: 42 / OK');
    // Eleven characters of the secret in a row are ordinary text; twelve are a partial echo.
    expect(redactSecrets(`[${SECRET.slice(0, 11)}] [ｆｕｌｌ] [e\u0301] [a\u200bb]`, [SECRET])).toBe(`[${SECRET.slice(0, 11)}] [ｆｕｌｌ] [e\u0301] [a\u200bb]`);
    expect(redactSecrets(`[${SECRET.slice(0, 12)}]`, [SECRET])).toBe('[«redacted»]');
  });

  it('masks a disguised echo in the middle of other Unicode text, keeping the text around it', () => {
    const echo = Array.from(SECRET.normalize('NFKD')).join('\u200b');
    expect(redactSecrets(`错误：${echo}（无效）`, [SECRET])).toBe('错误：«redacted»（无效）');
  });
});

describe('what a provider answers is stored redacted and clipped', { timeout: 60_000 }, () => {
  let dir: string;
  let sud: SudServer;
  let core: OpenedCore;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-redaction-'));
    sud = await startSudServer();
    core = await openCore({ dataDir: dir, scrypt: FAST_TEST_SCRYPT });
    await core.initialize('redaction passphrase');
  });

  afterEach(async () => {
    await core.close();
    await sud.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('an echoed code in any form never reaches the last error, the history or the files; a long message is clipped', async () => {
    const code = sud.issueCode();
    const { id } = await core.create({ provider: 'sud', name: 'SUD', env: 'test', values: { baseUrl: sud.url, code } });
    const forms = Object.values(echoes(code));
    sud.failNext({ ret_code: 1001, ret_msg: `invalid code ${forms.join(' | ')} ${'x'.repeat(5000)}` });
    const result = await core.refresh(id);
    expect(result.ok).toBe(false);

    const stored = core.get(id).lastError;
    const history = await core.history({ id });
    const files = (await readFile(path.join(dir, 'vault.json'), 'utf8')) + (await readFile(path.join(dir, 'history.jsonl'), 'utf8').catch(() => ''));
    for (const text of [JSON.stringify(result.error), JSON.stringify(stored), JSON.stringify(history), files]) {
      for (const form of forms) expect(text.toLowerCase()).not.toContain(form.toLowerCase());
    }
    expect(stored?.provider?.message).toContain('«redacted»');
    expect(Array.from(stored?.provider?.message ?? '').length).toBeLessThanOrEqual(500);
    expect(Array.from(stored?.message ?? '').length).toBeLessThanOrEqual(500);
    expect(Array.from(history[0]?.errorMessage ?? '').length).toBeLessThanOrEqual(500);
  });

  it('masks before it clips: a code cut by the 500-character clip leaves no part of itself', async () => {
    const code = sud.issueCode();
    const { id } = await core.create({ provider: 'sud', name: 'SUD', env: 'test', values: { baseUrl: sud.url, code } });
    // Clipped first, the stored message would end in the code's first characters, too few to recognise.
    const lead = 'x'.repeat(495);
    sud.failNext({ ret_code: 1001, ret_msg: `${lead}${code} is not a valid code` });
    await core.refresh(id);
    const said = core.get(id).lastError?.provider?.message ?? '';
    expect(said.startsWith(lead)).toBe(true);
    expect(said.slice(lead.length)).toBe('«red…');
    expect((await core.history({ id }))[0]?.errorMessage).not.toContain(code.slice(0, 4));
  });
});
