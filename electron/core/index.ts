/**
 * The entry of core: the Electron shell and the CLI import core from here (a lint zone says so).
 * Plain Node; never imports 'electron'.
 *
 * The CLI loads this entry when a command first needs the engine (`await import`), so that starting it
 * evaluates no more than commander and the small sub-entries below; its types it imports statically,
 * which costs nothing at run time. The sub-entries the CLI may import statically are leaves with no
 * heavy imports: `errors.ts` (TokenDeskError), `paths.ts` (the data folder), `platform.ts` (the clock
 * and the OS seams' types) and `version.ts`. Everything else of core is reached through this file.
 */
export { openCore } from './engine/core';
export type { AutoRefreshState, CoreEvents, CoreOptions, MaskedSecrets, OpenedCore, RefreshTrigger, TokenDeskCore } from './engine/types';
export { checkFieldNames, checkFieldValues } from './engine/account-input';
export { envSlug, supportedFormats } from './engine/format-token';
export { TokenDeskError, toErrorInfo } from './errors';
export { dataDirArgument, resolveDataDir } from './paths';
export { secretBoxIsSecure, systemClock } from './platform';
export type { Clipboard, Clock, SecretBox } from './platform';
export type { Provider } from './providers/types';
export { createCoreSchedulerHost } from './scheduler/core-host';
export { createScheduler } from './scheduler/scheduler';
export type { Scheduler, SchedulerHost, SchedulerRefreshEvent } from './scheduler/types';
export { readBundleFile, writeBundleFile } from './transfer/bundle-file';
