import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from '../../electron/core/paths';

describe('the data directory the app and the CLI share', () => {
  it('follows Electron userData on Linux, honouring XDG_CONFIG_HOME', () => {
    expect(defaultDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/TokenDesk');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ann')).toBe('/xdg/TokenDesk');
    // A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: 'rel' }, '/home/ann')).toBe('/home/ann/.config/TokenDesk');
  });

  it('uses Application Support on macOS and APPDATA on Windows', () => {
    expect(defaultDataDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/TokenDesk');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\TokenDesk',
    );
    expect(defaultDataDir('win32', {}, 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\TokenDesk');
  });

  it('prefers the flag, then TOKENDESK_DATA_DIR, then the app folder', () => {
    const env = { TOKENDESK_DATA_DIR: '/env/dir' };
    expect(resolveDataDir('/flag/dir', env, 'linux', '/home/ann')).toBe('/flag/dir');
    expect(resolveDataDir(undefined, env, 'linux', '/home/ann')).toBe('/env/dir');
    expect(resolveDataDir(undefined, {}, 'linux', '/home/ann')).toBe('/home/ann/.config/TokenDesk');
  });
});
