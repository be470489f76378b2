import packageJson from '../../package.json' with { type: 'json' };

/** The app's version, read from package.json (bundled into the build; no second constant to keep in step). */
export const TOKENDESK_VERSION: string = packageJson.version;
