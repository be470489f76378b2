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
  /** Stores rotated field values before the exchange goes on: the old value may be worthless already (OneAccess). */
  saveFields?(values: Record<string, string>): Promise<void>;
}

/** What a provider's exchange gets to work with; `fields` are every value, secret or not, with defaults applied. */
export interface ExchangeInput {
  accountId: string;
  fields: Record<string, string>;
  token: string | null;
  expiresAt: number | null;
  extras: Record<string, unknown>;
  /** Non-secret memory the provider keeps per account (e.g. the OpenIM API generation that worked). */
  state: Record<string, unknown>;
}

/** A successful exchange; times are epoch ms (`issuedAt` defaults to now). */
export interface ExchangeResult {
  token: string;
  expiresAt: number | null;
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
  /** The token rendered the provider's way (SaiNiu's Cookie header); undefined for the generic rendering. */
  formatToken?(token: string, format: TokenFormat, input: ExchangeInput): string | undefined;
  /** A rule across fields the specs cannot express (OneAccess: client credentials or an access token): a problem in English, or null. */
  validate?(fields: Record<string, string>): string | null;
  /** When a second credential behind the token ends (OneAccess's session_token) and a refresh is due whatever the token says. */
  renewBy?(fields: Record<string, string>): number | null;
}
