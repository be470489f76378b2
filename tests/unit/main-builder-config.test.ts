import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_FOLDER } from '../../electron/core/paths';

const repo = path.resolve(import.meta.dirname, '../..');
// electron-builder's own YAML reader and schema check (no extra dependency: both come with electron-builder).
const require = createRequire(import.meta.url);
const { load } = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  asar: boolean;
  files: string[];
  directories: { output: string; buildResources: string };
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; category: string; icon: string };
  win: { target: string[]; extraFiles: Array<{ from: string; to: string }> };
  deb: { afterInstall: string; afterRemove: string };
  mac: { target: string[]; hardenedRuntime: boolean; entitlements: string; entitlementsInherit: string };
}

const config = load(await readFile(path.join(repo, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('the packaging configuration', () => {
  it('passes electron-builder 26 schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('a misspelt fuse would be caught by that validation', async () => {
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } };
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('flips the security fuses: no run-as-node, NODE_OPTIONS or --inspect; asar only and integrity-checked; encrypted cookies', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('packages only the built app, in an asar, into release/', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'dist-electron/**', 'package.json']));
    expect(config.directories.output).toBe('release');
  });

  it('names the app so it shares the CLI data folder, and targets every desktop', async () => {
    const pkg = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as { productName: string };
    expect(config.appId).toBe('dev.tokendesk.app');
    expect(config.productName).toBe('TokenDesk');
    expect(pkg.productName).toBe(config.productName);
    expect(APP_FOLDER).toBe(config.productName);
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Utility' });
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
  });

  it('signs macOS builds with the hardened runtime and only the entitlement Electron needs (JIT)', async () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      const plist = await readFile(path.join(repo, file), 'utf8');
      const keys = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((match) => match[1]);
      expect(keys, file).toEqual(['com.apple.security.cs.allow-jit']);
      expect(plist).not.toMatch(/<false\/>/); // Apple: leave out what is false rather than list it
    }
  });

  it('ships the tokendesk command: the deb writes /usr/bin/tokendesk (app --cli), Windows gets tokendesk.cmd', async () => {
    const afterInstall = await readFile(path.join(repo, config.deb.afterInstall), 'utf8');
    // Headless switches go before --cli where no display is set (tests/integration/package-contents.test.ts runs it).
    expect(afterInstall).toContain("exec '/opt/${sanitizedProductName}/${executable}' $headless --cli \"$@\"");
    expect(await readFile(path.join(repo, config.deb.afterRemove), 'utf8')).toContain("rm -f '/usr/bin/${executable}'");
    expect(config.win.extraFiles).toEqual([{ from: 'electron/resources/win/tokendesk.cmd', to: 'tokendesk.cmd' }]);
    expect(await readFile(path.join(repo, 'electron/resources/win/tokendesk.cmd'), 'utf8')).toContain('"%~dp0TokenDesk.exe" --cli %*');
  });

  it('has an icon large enough for every platform (a 1024 px RGBA PNG)', async () => {
    const png = await readFile(path.join(repo, config.linux.icon));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(1024);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(1024);
  });
});
