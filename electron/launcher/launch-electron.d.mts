/** Where the Electron binary is, or would be, without downloading anything. */
export interface ElectronLocation {
  packageDir: string | null;
  version: string | null;
  binary: string | null;
  exists: boolean;
  /** ELECTRON_OVERRIDE_DIST_PATH decided the location. */
  override: boolean;
}

/** Finds the Electron binary: ELECTRON_OVERRIDE_DIST_PATH, else node_modules/electron/dist/<path.txt>. */
export function locateElectron(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform): ElectronLocation;

/** True when the Electron binary is installed. */
export function hasElectronBinary(env?: NodeJS.ProcessEnv): boolean;
