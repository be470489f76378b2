import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSudServer, type SudServer } from '../servers';
import { ROOT, runCli, type CliRun } from '../fixtures/cli-process';

/**
 * A QA tester's dozens of test users (issue 20): `tokendesk add <provider> --from FILE` reads a CSV or a
 * JSON array and adds every row or none; paths resolve from the folder the command was started in, also
 * through `npm run cli`; and `npm link` puts `tokendesk` on PATH from the checkout.
 */

const PASSPHRASE = 'add from passphrase';
let dir: string;
/** Where the tester works: not the checkout. */
let work: string;
let sud: SudServer;

const env = (): Record<string, string> => ({ TOKENDESK_DATA_DIR: path.join(dir, 'vault'), TOKENDESK_PASSPHRASE: PASSPHRASE });
const cli = (args: string[], cwd = work): Promise<CliRun> => runCli(args, { env: env(), cwd });
const names = async (): Promise<string[]> => (JSON.parse((await cli(['--json', 'list'])).stdout) as Array<{ name: string }>).map((v) => v.name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tokendesk-add-from-'));
  work = path.join(dir, 'qa work');
  await mkdir(work);
  sud = await startSudServer();
  expect((await cli(['init'])).code).toBe(0);
});

afterAll(async () => {
  await sud.close();
  await rm(dir, { recursive: true, force: true });
});

describe('tokendesk add --from', { timeout: 240_000 }, () => {
  it('refuses a file with one bad row, naming its line and column, and adds nothing', async () => {
    const rows = [
      'name,env,baseUrl,code',
      // Lines 2–3: a quoted name with a line break, which the name field refuses when typed too.
      `"Tester\none",qa,${sud.url},${sud.issueCode()}`,
      `Tester two,qa,${sud.url},${sud.issueCode()}`,
      // Line 5: no code, so no token could ever be fetched for it.
      `Tester three,qa,${sud.url},`,
      // Line 6: a name shaped like an account id, which \`add\` refuses too.
      `3f2a9c1e,qa,${sud.url},${sud.issueCode()}`,
    ];
    await writeFile(path.join(work, 'bad.csv'), `${rows.join('\n')}\n`);
    const run = await cli(['add', 'sud', '--from', 'bad.csv']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'No account was added: line 2, column name: must not contain control characters or text-direction marks; line 5, column code: is required; line 6, column name: the name "3f2a9c1e" looks like an account id',
    );
    expect(await names()).toEqual([]);
  });

  it('adds every row of a spreadsheet CSV (byte order mark, CRLF, quoted commas and quotes), each refreshable', async () => {
    const codes = [sud.issueCode(), sud.issueCode(), sud.issueCode()];
    const csv =
      '\ufeffname,env,baseUrl,code\r\n' +
      `"Tester, one",qa,${sud.url},${codes[0]}\r\n` +
      `"Tester ""two""",qa,${sud.url},${codes[1]}\r\n` +
      `Tester three,qa,${sud.url},${codes[2]}\r\n`;
    await writeFile(path.join(work, 'testers.csv'), csv);
    const run = await cli(['add', 'sud', '--from', 'testers.csv']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Added 3 SUD accounts from ${path.join(work, 'testers.csv')}`);
    expect(run.stdout).toContain('Next: tokendesk refresh --provider sud --env qa\n');
    expect(await names()).toEqual(['Tester, one', 'Tester "two"', 'Tester three']);
    const refreshed = await cli(['--json', 'refresh', '--provider', 'sud', '--env', 'qa']);
    expect(refreshed.code).toBe(0);
    expect((JSON.parse(refreshed.stdout) as Array<{ ok: boolean }>).map((r) => r.ok)).toEqual([true, true, true]);
  });

  it('reads a JSON array and names the line of the entry at fault', async () => {
    const text = `[\n  {"name": "J one", "env": "json", "baseUrl": "${sud.url}", "code": "c1"},\n  {"name": "J two", "env": "json",\n   "baseUrl": "not a url", "code": "c2"}\n]\n`;
    await writeFile(path.join(work, 'bad.json'), text);
    const bad = await cli(['add', 'sud', '--from', 'bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('line 3, column baseUrl: must be a URL such as https://api.example.com');
    await writeFile(path.join(work, 'good.json'), text.replace('not a url', sud.url));
    const good = await cli(['--json', 'add', 'sud', '--from', 'good.json']);
    expect(good.code).toBe(0);
    expect((JSON.parse(good.stdout) as Array<{ name: string; env: string }>).map((v) => [v.name, v.env])).toEqual([
      ['J one', 'json'],
      ['J two', 'json'],
    ]);
  });

  it('refuses a file that is not UTF-8, saying how to save it', async () => {
    // "测试" in GBK, as a Chinese spreadsheet saves "CSV" by default.
    await writeFile(path.join(work, 'gbk.csv'), Buffer.concat([Buffer.from('name,env,baseUrl,code\n'), Buffer.from([0xb2, 0xe2, 0xca, 0xd4]), Buffer.from(`,qa,${sud.url},c\n`)]));
    const run = await cli(['add', 'sud', '--from', 'gbk.csv']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not UTF-8 text. Save it as "CSV UTF-8"');
  });
});

describe('paths and the tokendesk command from a checkout', { timeout: 240_000 }, () => {
  it('resolves relative paths from the folder `npm run cli` was started in (INIT_CWD)', async () => {
    // The first day's stumble: `provider add --file rel.json` from another folder said "There is no file".
    await copyFile(path.join(ROOT, 'examples/openim-user-token.json'), path.join(work, 'im.json'));
    const run = await runCli(['--prefix', ROOT, 'run', '-s', 'cli', '--', 'provider', 'add', '--file', 'im.json'], {
      command: ['npm'],
      cwd: work,
      env: env(),
    });
    expect(run.stderr).not.toContain('There is no file');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('openim-user-token\n');
  });

  it('`npm link` puts tokendesk on PATH, and it reads paths from where it is run', async () => {
    const prefix = path.join(dir, 'npm-prefix');
    const link = await runCli(['link', '--offline', '--no-audit', '--no-fund'], { command: ['npm'], cwd: ROOT, env: { npm_config_prefix: prefix } });
    expect(link.code).toBe(0);
    const bin = process.platform === 'win32' ? path.join(prefix, 'tokendesk.cmd') : path.join(prefix, 'bin', 'tokendesk');
    await writeFile(path.join(work, 'linked.csv'), `name,env,baseUrl,code\nVia link,linked,${sud.url},${sud.issueCode()}\n`);
    const run = await runCli(['add', 'sud', '--from', 'linked.csv'], { command: [bin], cwd: work, env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await names()).toContain('Via link');
  });
});
