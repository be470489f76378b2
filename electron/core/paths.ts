import path from 'node:path';

/** The product folder name Electron uses for app.getPath('userData') (package.json productName). */
export const APP_FOLDER = 'TokenDesk';

/**
 * The desktop app's user-data folder, computed without Electron so the CLI opens the same vault as
 * the app: Linux `$XDG_CONFIG_HOME/TokenDesk` (default `~/.config`), macOS
 * `~/Library/Application Support/TokenDesk`, Windows `%APPDATA%\TokenDesk`.
 */
export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, APP_FOLDER);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', APP_FOLDER);
  const config = env.XDG_CONFIG_HOME && path.posix.isAbsolute(env.XDG_CONFIG_HOME)
    ? env.XDG_CONFIG_HOME
    : path.posix.join(home, '.config');
  return path.posix.join(config, APP_FOLDER);
}

/**
 * The data directory the CLI uses: the flag, else TOKENDESK_DATA_DIR, else the app's folder. A relative
 * path resolves from `base`, the folder the command was started in.
 */
export function resolveDataDir(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  home: string,
  base: string = process.cwd(),
): string {
  if (flag) return path.resolve(base, flag);
  if (env.TOKENDESK_DATA_DIR) return path.resolve(base, env.TOKENDESK_DATA_DIR);
  return defaultDataDir(platform, env, home);
}

/**
 * The value of `--data-dir DIR` or `--data-dir=DIR` among the CLI's own arguments (before `--`), read
 * before the program parses them: the packaged app needs the folder before Electron is ready.
 */
export function dataDirArgument(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
    const arg = argv[i]!;
    if (arg === '--data-dir') found = argv[++i];
    else if (arg.startsWith('--data-dir=')) found = arg.slice('--data-dir='.length);
  }
  return found || undefined;
}
