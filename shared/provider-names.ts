/**
 * The built-in provider ids and the token formats as plain constants (no schema library), so the
 * command line can name them in its help without loading zod; shared/providers.ts builds on them.
 */

/** The built-in providers' ids, as used by the CLI, the vault and the UI. */
export const PROVIDER_IDS = ['sud', 'sainiu', 'oneaccess', 'openim'] as const;

/** Ways a token can be rendered for copying or printing. */
export const TOKEN_FORMATS = ['raw', 'header', 'cookie', 'env', 'json', 'curl'] as const;
