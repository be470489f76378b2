import { z } from 'zod';
import { AccountViewSchema, HistoryEntrySchema, RefreshResultSchema } from './account';
import { AccountRowsPreviewSchema, MAX_ROWS_TEXT } from './account-rows';
import { AccountViewTableSchema } from './account-view-table';
import { AccountCreateSchema, AccountUpdateSchema, FieldValuesSchema, IdSchema as Id } from './account-input';
import { ErrorInfoSchema, type ErrorInfo } from './errors';
import { MESSAGE_KEYS } from './i18n';
import type { EventChannelName, RequestChannelName } from './ipc-channels';
import { ProviderIdSchema, ProviderInfoSchema, TOKEN_FORMATS } from './providers';
import { QrLoginProgressSchema, QrLoginTicketSchema } from './qr-login';
import { SettingsPatchSchema, SettingsSchema } from './settings';
import { ImportChoiceSchema, ImportItemSchema, ImportOutcomeSchema } from './import-plan';

/**
 * The IPC contract: every request channel (`domain:verb`) with the zod schemas of its argument and
 * result, and every event channel (past tense) with its payload. Main parses every argument with
 * these schemas; the preload exposes one function per channel; types come from the schemas.
 */

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

/** How the vault is protected and whether it is open. */
export const VaultStatusSchema = z.object({
  /** `uninitialized`: no vault yet; `locked`: needs the passphrase; `unlocked`: ready. */
  state: z.enum(['uninitialized', 'locked', 'unlocked']),
  passphraseSet: z.boolean(),
  /** The OS keyring slot exists and the keyring can open it. */
  osSlot: z.boolean(),
  /** The OS keyring: `available`, `unavailable`, or `insecure` (Linux basic_text/unknown backend). */
  keyring: z.enum(['available', 'unavailable', 'insecure']),
  /** Keyring backend name where the platform tells it (Linux), else null. */
  keyringBackend: z.string().nullable(),
  dataDir: z.string(),
  /** Things the user should know, e.g. a damaged file was set aside and a backup loaded. */
  notices: z.array(z.string()),
});
/** How the vault is protected and whether it is open. */
export type VaultStatus = z.infer<typeof VaultStatusSchema>;

/** Input of `accounts:previewMany` / `accounts:createMany`: a provider and the text of a CSV file or JSON array. */
export const AccountRowsArgsSchema = z.object({
  provider: ProviderIdSchema,
  text: z.string().max(MAX_ROWS_TEXT),
  autoRefresh: z.boolean().optional(),
});

/** Copy formats offered by the UI (the CLI adds `json`). */
export const CopyFormatSchema = z.enum(TOKEN_FORMATS);

/** Facts about the running app. */
export const AppInfoSchema = z.object({
  version: z.string(),
  platform: z.string(),
  /** The system's preferred UI language, e.g. `zh-CN` or `en-US`. */
  systemLocale: z.string(),
  dataDir: z.string(),
});

/**
 * Input of `providers:try`: a definition (as the editor holds it, saved or not) run once against an
 * account's stored values (the account must use a provider of the same id), `values` (which override
 * the account's), or both. Nothing is saved: no token, no history line.
 */
export const ProviderTryArgsSchema = z
  .object({
    definition: z.unknown(),
    accountId: Id.optional(),
    values: FieldValuesSchema.optional(),
  })
  .refine((args) => args.accountId !== undefined || args.values !== undefined, {
    message: 'give an accountId, values, or both',
    path: ['accountId'],
  });

/** What a try of a definition did; every secret field value and the token are masked throughout. */
export const ProviderTryResultSchema = z.object({
  /** The last request sent (or the one that could not be sent), as resolved. */
  request: z.object({
    method: z.string(),
    url: z.string(),
    headers: z.record(z.string(), z.string()),
    body: z.string().nullable(),
  }),
  /** The answer's HTTP status; null when none came. */
  status: z.number().int().nullable(),
  /** The answer's body, masked and clipped (~16 KB); null when none came. */
  answer: z.string().nullable(),
  /** The token found (masked: `•••••••`, and its length in characters) and its expiry (epoch ms); null on failure. */
  extracted: z.object({ token: z.string(), tokenLength: z.number().int().min(0), expiresAt: z.number().nullable() }).nullable(),
  error: ErrorInfoSchema.nullable(),
});
/** What a try of a definition did. */
export type ProviderTryResult = z.infer<typeof ProviderTryResultSchema>;

/** Request channels: argument and result schema of each. */
export const requestChannels = {
  'app:info': { args: Empty, result: AppInfoSchema },
  'vault:status': { args: Empty, result: VaultStatusSchema },
  'vault:unlock': { args: z.object({ passphrase: z.string().min(1).max(1024) }), result: VaultStatusSchema },
  'vault:lock': { args: Empty, result: VaultStatusSchema },
  'vault:setPassphrase': {
    args: z.object({ current: z.string().max(1024).optional(), next: z.string().min(8).max(1024) }),
    result: VaultStatusSchema,
  },
  'vault:removePassphrase': { args: z.object({ current: z.string().min(1).max(1024) }), result: VaultStatusSchema },
  /** Built-in providers, then custom ones, each with `custom`. */
  'providers:list': { args: Empty, result: z.array(ProviderInfoSchema) },
  /** A custom provider's definition as stored (for export or editing) and how many accounts use it. */
  'providers:get': { args: z.object({ id: Id }), result: z.object({ definition: z.unknown(), accounts: z.number().int() }) },
  /**
   * Stores a custom provider's definition (needs the vault unlocked). A bad one is `invalid_input` whose
   * message starts with the path at fault (`request.url: …`); an existing id without `replace` too.
   */
  'providers:define': { args: z.object({ definition: z.unknown(), replace: z.boolean().default(false) }), result: ProviderInfoSchema },
  /**
   * Removes a custom provider's definition. Accounts that use it make it `invalid_input` (saying how
   * many) unless `force`: they are kept, shown as "provider missing". `orphaned`: how many.
   */
  'providers:remove': { args: z.object({ id: Id, force: z.boolean().default(false) }), result: z.object({ orphaned: z.number().int() }) },
  /** Runs a definition once for real (the engine's HTTP client) and saves nothing; see ProviderTryArgsSchema. */
  'providers:try': { args: ProviderTryArgsSchema, result: ProviderTryResultSchema },
  /** Every account's view, as a table (account-view-table.ts: the keys once, then one row per account). */
  'accounts:list': { args: Empty, result: AccountViewTableSchema },
  'accounts:create': { args: AccountCreateSchema, result: AccountViewSchema },
  /** "Add several…": a CSV or JSON array of accounts read as a table, secret cells masked, with every problem; adds nothing. */
  'accounts:previewMany': { args: AccountRowsArgsSchema.omit({ autoRefresh: true }), result: AccountRowsPreviewSchema },
  /** Adds every account of the text, or none (`invalid_input` naming each line and column). */
  'accounts:createMany': { args: AccountRowsArgsSchema, result: z.object({ added: z.array(Id) }) },
  'accounts:update': { args: AccountUpdateSchema, result: AccountViewSchema },
  'accounts:remove': { args: z.object({ id: Id }), result: Ok },
  /** A person checked an account changed outside TokenDesk and vouches for it (re-signs it). */
  'accounts:confirm': { args: z.object({ id: Id }), result: AccountViewSchema },
  'accounts:refresh': { args: z.object({ id: Id }), result: RefreshResultSchema },
  'accounts:refreshAll': { args: Empty, result: z.array(RefreshResultSchema) },
  /** Explicit user act: shows the token in the details pane. */
  'accounts:reveal': { args: z.object({ id: Id }), result: z.object({ token: z.string() }) },
  /** Copies through main, which clears the clipboard later. */
  'accounts:copy': {
    args: z.object({ id: Id, format: CopyFormatSchema }),
    result: z.object({ clearsAt: z.number().nullable() }),
  },
  /**
   * Copies, through main like a token, the account's last exchange as text with every credential and
   * token redacted (for a support ticket); `not_found` before the first exchange since start.
   */
  'accounts:copyDiagnostic': { args: z.object({ id: Id }), result: z.object({ clearsAt: z.number().nullable() }) },
  'history:list': {
    args: z.object({ id: Id.optional(), limit: z.number().int().min(1).max(10_000).optional() }),
    result: z.array(HistoryEntrySchema),
  },
  'settings:get': { args: Empty, result: SettingsSchema },
  'settings:update': { args: SettingsPatchSchema.strict(), result: SettingsSchema },
  /** Seals accounts (all when `ids` is empty) into a bundle file main asks the person for; `file` null: cancelled. */
  'bundle:export': {
    args: z.object({ ids: z.array(Id).max(100_000).default([]), passphrase: z.string().min(8).max(1024) }),
    result: z.object({ file: z.string().nullable(), count: z.number().int() }),
  },
  /**
   * Opens a bundle file main asks the person for and says what importing it would do (`file` null:
   * cancelled); nothing is written. Core holds the opened bundle a few minutes under `ticket`.
   */
  'bundle:open': {
    args: z.object({ passphrase: z.string().min(1).max(1024) }),
    result: z.object({ file: z.string().nullable(), ticket: Id.nullable(), items: z.array(ImportItemSchema) }),
  },
  /** Imports an opened bundle: what is new is added; of what differs, only the items in `replace` are taken. */
  'bundle:import': {
    args: z.object({ ticket: Id, replace: z.array(ImportChoiceSchema).max(100_000) }),
    result: z.object({ outcomes: z.array(ImportOutcomeSchema) }),
  },
  /** Drops an opened bundle without importing it (the person cancelled). */
  'bundle:discard': { args: z.object({ ticket: Id }), result: Ok },
  /** Starts a SaiNiu QR login: main fetches the code's image and hands it over as a `data:` URL. */
  'login:start': {
    args: z.object({ id: Id, nameFromNick: z.boolean().optional() }),
    result: QrLoginTicketSchema,
  },
  /** Resolves once the login has checked more than `afterAttempt` times, or is over. */
  'login:wait': {
    args: z.object({ loginId: Id, afterAttempt: z.number().int().min(-1).max(100_000) }),
    result: QrLoginProgressSchema,
  },
  'login:cancel': { args: z.object({ loginId: Id }), result: Ok },
  /** Opens an http(s) link in the system browser after checking it. */
  'shell:openExternal': { args: z.object({ url: z.string().url().max(2048) }), result: Ok },
} as const;

/**
 * Words of TokenDesk sent to the window: a dictionary key and the values of its placeholders (plain
 * text such as an account's name, or numbers). The window translates them when it shows them, so they
 * follow a later language change, as its own toasts do.
 */
export const MessageSchema = z.object({
  key: z.enum(MESSAGE_KEYS),
  vars: z.record(z.string().max(64), z.union([z.string().max(1000), z.number()])).optional(),
});
/** A message key and its values. */
export type Message = z.infer<typeof MessageSchema>;

/** Event channels (main → renderer): payload schema of each. */
export const eventChannels = {
  /** Accounts added or changed (`upserted`) and removed (`removed` ids). */
  'accounts:changed': z.object({ upserted: z.array(AccountViewSchema), removed: z.array(Id) }),
  'vault:changed': VaultStatusSchema,
  /** Custom providers were defined, replaced or removed (here or by another process): every provider. */
  'providers:changed': z.array(ProviderInfoSchema),
  'settings:changed': SettingsSchema,
  /**
   * A notice of main worth a toast (an auto-refresh failure, a clipboard that could not be cleared): its
   * message as a key and values, and the error when it is about one, which the window explains like others.
   */
  'app:notified': z.object({ level: z.enum(['info', 'error']), message: MessageSchema, error: ErrorInfoSchema.optional(), accountId: Id.optional() }),
  /** A menu item that opens a dialog of the window (File → Export / Import). */
  'menu:invoked': z.object({ command: z.enum(['export', 'import']) }),
} as const;

/** A request channel name. */
export type RequestChannel = keyof typeof requestChannels;
/** An event channel name. */
export type EventChannel = keyof typeof eventChannels;
/** The argument a request channel takes (before defaults are applied). */
export type RequestArgs<C extends RequestChannel> = z.input<(typeof requestChannels)[C]['args']>;
/** The argument a handler receives (after parsing). */
export type ParsedArgs<C extends RequestChannel> = z.output<(typeof requestChannels)[C]['args']>;
/** The result of a request channel. */
export type RequestResult<C extends RequestChannel> = z.output<(typeof requestChannels)[C]['result']>;
/** The payload of an event channel. */
export type EventPayload<C extends EventChannel> = z.output<(typeof eventChannels)[C]>;
/** Facts about the running app (the `app:info` channel). */
export type AppInfo = z.output<typeof AppInfoSchema>;

/** What an IPC call resolves to: a result, or an error as a value (errors never cross as exceptions). */
export type IpcResponse<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

/** The typed API object the preload exposes as `window.tokendesk`. */
export type TokenDeskApi = {
  [C in RequestChannel]: (args: RequestArgs<C>) => Promise<IpcResponse<RequestResult<C>>>;
} & {
  /** Subscribes to an event channel; returns the unsubscribe function. */
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
};

/** All request channel names. */
export const REQUEST_CHANNELS = Object.keys(requestChannels) as RequestChannel[];
/** All event channel names. */
export const EVENT_CHANNELS = Object.keys(eventChannels) as EventChannel[];

/** True when two unions hold exactly the same members. */
type SameMembers<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Compile-time proof that the zod-free name lists in ipc-channels.ts match the schemas above.
const _requestNamesAgree: SameMembers<RequestChannel, RequestChannelName> = true;
const _eventNamesAgree: SameMembers<EventChannel, EventChannelName> = true;
