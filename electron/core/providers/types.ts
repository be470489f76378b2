import type { ProviderInfo, TokenFormat } from '../../../shared/providers';
import type { HttpClient } from '../http/types';

/** A small in-memory cache the engine lends providers (e.g. OneAccess access tokens). Never persisted. */
export interface ProviderCache {
  get(key: string): { value: string; expiresAt: number } | undefined;
  set(key: string, value: string, expiresAt: number): void;
  delete(key: string): void;
  /** `fetch`, unless a fetch for `key` is already running: then that one's result (the core's single-flight map). */
  once<T>(key: string, fetch: () => Promise<T>): Promise<T>;
}

/** What a provider's exchange may use: injected so tests run against local servers with a fake clock. */
export interface ExchangeContext {
  http: HttpClient;
  now(): number;
  cache: ProviderCache;
  /**
   * Stores rotated field values at once (secret ones sealed like any secret), before the exchange goes
   * on: the provider may have just made the old value worthless (OneAccess renews its session_token),
   * so a later step failing must not lose the new one. Resolves once the values are on disk.
   */
  saveFields?(values: Record<string, string>): Promise<void>;
}

/** What a provider's exchange gets to work with. */
export interface ExchangeInput {
  accountId: string;
  /** Every field value, secret or not, with defaults applied. */
  fields: Record<string, string>;
  /** The current token, or null before the first refresh. */
  token: string | null;
  expiresAt: number | null;
  extras: Record<string, unknown>;
  /** Non-secret memory the provider keeps per account (e.g. the OpenIM API generation that worked). */
  state: Record<string, unknown>;
}

/** A successful exchange. */
export interface ExchangeResult {
  token: string;
  /** Epoch ms, or null when the provider states none and none can be derived. */
  expiresAt: number | null;
  /** Epoch ms; defaults to now. */
  issuedAt?: number | null;
  /** Non-secret facts to show (user info, cookie names, decoded JWT claims ...). */
  extras: Record<string, unknown>;
  /** Replaces the provider's per-account state when present. */
  state?: Record<string, unknown>;
}

/** One provider module. `exchange` throws TokenDeskError on failure (never returns a partial token). */
export interface Provider {
  readonly info: ProviderInfo;
  exchange(input: ExchangeInput, ctx: ExchangeContext): Promise<ExchangeResult>;
  /**
   * Renders the token for copying/printing in a provider-specific way (e.g. SaiNiu's Cookie header);
   * return undefined to use the generic rendering.
   */
  formatToken?(token: string, format: TokenFormat, input: ExchangeInput): string | undefined;
  /**
   * Checks rules across fields that the field specs cannot express (e.g. OneAccess needs client
   * credentials or an access token). Gets every value with defaults applied; returns a problem in
   * English ("set X or Y") or null.
   */
  validate?(fields: Record<string, string>): string | null;
  /**
   * When the account must be refreshed whatever its token's expiry says (epoch ms), because a second
   * credential behind the token ends then (OneAccess: the session_token); null when nothing else ends.
   * The scheduler plans the earlier of this and the token's own renewal.
   */
  renewBy?(fields: Record<string, string>): number | null;
}
