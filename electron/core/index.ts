/**
 * The public entry of core: what the Electron shell, the CLI, the benchmarks and the tests use.
 * Plain Node; never imports 'electron'.
 */
export { openCore } from './engine/core';
export type { AutoRefreshState, CoreEvents, CoreOptions, MaskedSecrets, OpenedCore, RefreshTrigger, TokenDeskCore } from './engine/types';
export { maskSecret } from './engine/mask';
export { isDue } from './engine/guards';
export { envSlug, shellQuote, supportedFormats } from './engine/format-token';
export { TokenDeskError, redact, toErrorInfo } from './errors';
export { DEFAULT_HISTORY_MAX_BYTES, HISTORY_FILE, HistoryLog } from './history';
export type { HistoryLogOptions } from './history';
export { createHttpClient } from './http/client';
export type { HttpClient, HttpClientOptions, HttpRequest, HttpResponse } from './http/types';
export { APP_FOLDER, defaultDataDir, resolveDataDir } from './paths';
export { secretBoxIsSecure, systemClock } from './platform';
export type { Clipboard, Clock, SecretBox } from './platform';
export { applyDefaults, getProvider, providerInfos, providers, validateFields } from './providers/registry';
export type { ExchangeContext, ExchangeInput, ExchangeResult, Provider, ProviderCache } from './providers/types';
export { openVault } from './vault';
export type { AccountSecrets, ScryptParams, StoredAccount, Vault, VaultInfo, VaultOptions, VaultState } from './vault/types';
