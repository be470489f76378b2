import { z } from 'zod';
import { PROVIDER_IDS, TOKEN_FORMATS } from './provider-names';

export { PROVIDER_IDS, TOKEN_FORMATS };
/** A built-in provider's id (code that is specific to one built-in provider uses this). */
export type BuiltinProviderId = (typeof PROVIDER_IDS)[number];
/** A built-in provider id; a wrong one is refused with the ids as a person types them. */
export const BuiltinProviderIdSchema = z.enum(PROVIDER_IDS, { error: `must be one of ${PROVIDER_IDS.join(', ')}` });

/** The shape of a custom provider's id (shared/custom-provider.ts): lower-case letters, digits and -. */
export const CUSTOM_PROVIDER_ID = /^[a-z][a-z0-9-]{1,39}$/;

/** True for the id of a built-in provider. */
export function isBuiltinProviderId(id: string): id is BuiltinProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(id);
}

/** True for a built-in id or a well-formed custom provider id (defined or not). */
export function isProviderId(id: unknown): id is string {
  return typeof id === 'string' && (isBuiltinProviderId(id) || CUSTOM_PROVIDER_ID.test(id));
}

/**
 * A provider id as it crosses layers (vault, IPC, CLI): a built-in id or a custom provider's id. Whether
 * a custom id is defined in this vault is the engine's question, not the schema's: an account whose
 * custom provider was removed keeps its id.
 */
export const ProviderIdSchema = z
  .string()
  .refine(isProviderId, {
    error: `must be one of ${PROVIDER_IDS.join(', ')} or a custom provider id (lower-case letters, digits and -)`,
  });
/** A provider id: built-in or custom. */
export type ProviderId = z.infer<typeof ProviderIdSchema>;

/** Text in both UI languages. */
export const LocalizedSchema = z.object({ en: z.string(), zh: z.string() });
/** Text in both UI languages. */
export type Localized = z.infer<typeof LocalizedSchema>;

/** One field of an account's settings; the CLI's `--set` keys and the UI's forms come from these. */
export const FieldSpecSchema = z.object({
  name: z.string(),
  label: LocalizedSchema,
  help: LocalizedSchema,
  required: z.boolean(),
  secret: z.boolean(),
  default: z.string().optional(),
  /**
   * Shown in an empty input but never stored: the provider works the value out at each exchange
   * (e.g. this machine's OS and address), so an empty field follows the machine.
   */
  placeholder: z.string().optional(),
  /** `datetime`: an ISO 8601 time with its zone, e.g. 2026-12-07T09:00:00+08:00. */
  kind: z.enum(['text', 'url', 'integer', 'select', 'datetime']),
  options: z.array(z.object({ value: z.string(), label: LocalizedSchema })).optional(),
  /** Inclusive bounds for integer fields. */
  min: z.number().optional(),
  max: z.number().optional(),
});
/** One field of an account's settings. */
export type FieldSpec = z.infer<typeof FieldSpecSchema>;

/** A way a token can be rendered. */
export type TokenFormat = (typeof TOKEN_FORMATS)[number];

/** What the UI and CLI know of a provider. */
export const ProviderInfoSchema = z.object({
  id: ProviderIdSchema,
  /** Declared as data by a person (a custom provider), not built in. */
  custom: z.boolean(),
  /**
   * Why a custom provider cannot run (its definition was changed outside TokenDesk, or no longer
   * validates); absent when it can.
   */
  problem: z.string().optional(),
  displayName: LocalizedSchema,
  description: LocalizedSchema,
  fields: z.array(FieldSpecSchema),
  /** Whether new accounts auto-refresh by default (false where renewal needs a person). */
  autoRefreshDefault: z.boolean(),
  /** Why turning auto-refresh on may hurt (e.g. OpenIM: a new token logs the running client out). */
  autoRefreshWarning: LocalizedSchema.optional(),
  /** The copy formats that make sense for this provider's token. */
  formats: z.array(z.enum(TOKEN_FORMATS)),
  /** The provider logs in with a QR code a person scans (SaiNiu): the window and `tokendesk login` offer it. */
  qrLogin: z.boolean().optional(),
});
/** What the UI and CLI know of a provider. */
export type ProviderInfo = z.infer<typeof ProviderInfoSchema>;

/** The OpenIM API generations TokenDesk speaks: `v3` has /auth/user_token, `v3.8` (3.8.1+) the admin pair. */
export type OpenImApi = 'v3' | 'v3.8';

/** How each OpenIM API generation is shown (details pane, CLI `show`). */
export const OPENIM_API_GENERATIONS: Readonly<Record<OpenImApi, string>> = {
  v3: 'v3.0 – v3.8.0 (/auth/user_token)',
  'v3.8': 'v3.8.1+ (get_admin_token → get_user_token)',
};

/** OpenIM platform ids and names (OpenIM's "Get a token using a secret" document; docs/architecture.md, "Providers"). */
export const OPENIM_PLATFORMS: Readonly<Record<number, string>> = {
  1: 'iOS',
  2: 'Android',
  3: 'Windows',
  4: 'OSX',
  5: 'Web',
  6: 'MiniWeb',
  7: 'Linux',
  8: 'AndroidPad',
  9: 'iPad',
  10: 'Admin',
  11: 'HarmonyOS',
};

/** A OneAccess session_token is renewed this long before it ends (docs/architecture.md, "Providers"); shown in the details pane. */
export const ONEACCESS_SESSION_RENEW_MARGIN_MS = 30 * 60_000;
