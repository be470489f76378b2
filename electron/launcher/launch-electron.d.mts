/** Where the Electron binary is, or would be, without downloading anything. */
export interface ElectronLocation {
  packageDir: string | null;
  version: string | null;
  binary: string | null;
  exists: boolean;
  /** ELECTRON_OVERRIDE_DIST_PATH decided the location. */
  override: boolean;
  /** node_modules/electron/path.txt names the executable. */
  pathTxt: boolean;
}

/** Finds the Electron binary as node_modules/electron/index.js does: ELECTRON_OVERRIDE_DIST_PATH, else node_modules/electron/dist/<path.txt>. */
export function locateElectron(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform, packageDir?: string | null): ElectronLocation;

/** The arguments TokenDesk's Electron gets: the project folder, then `extra`. */
export function electronArgv(extra?: string[]): string[];

/** The environment for Electron, without ELECTRON_RUN_AS_NODE. */
export function electronEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;

/** The project folder: Electron's working directory in `npm start` and `npm run dev`. */
export const PROJECT_ROOT: string;

/** True when the Electron binary is installed. */
export function hasElectronBinary(env?: NodeJS.ProcessEnv): boolean;
