import type { ErrorInfo } from '../../shared/errors';
import { EVENT_CHANNEL_NAMES, REQUEST_CHANNEL_NAMES } from '../../shared/ipc-channels';
import type { EventChannel, IpcResponse, RequestChannel, TokenDeskApi } from '../../shared/ipc-contract';

/** Sends one request to main and resolves with its IpcResponse. */
export type Invoke = (channel: RequestChannel, args: unknown) => Promise<unknown>;
/** Listens to one event channel; returns the unsubscribe function. */
export type Subscribe = (channel: EventChannel, listener: (payload: unknown) => void) => () => void;

const bridgeBroken: ErrorInfo = {
  code: 'internal',
  message: 'The TokenDesk window lost its connection to the app. Close the window and open TokenDesk again.',
};

/**
 * Builds `window.tokendesk`: one function per request channel and `on(channel, listener)` for the
 * event channels, nothing else (no generic send, no ipcRenderer). It imports only the plain channel
 * lists, so the sandboxed preload bundle stays one small file; the end-to-end harness reuses it.
 */
export function buildApi(invoke: Invoke, subscribe: Subscribe): TokenDeskApi {
  const api: Record<string, unknown> = {};
  for (const channel of REQUEST_CHANNEL_NAMES) {
    // Main answers with a value even on failure; a rejection means the bridge itself broke.
    api[channel] = (args: unknown): Promise<IpcResponse<unknown>> =>
      invoke(channel, args).then(
        (response) => response as IpcResponse<unknown>,
        () => ({ ok: false, error: bridgeBroken }),
      );
  }
  const events: readonly string[] = EVENT_CHANNEL_NAMES;
  api.on = (channel: EventChannel, listener: (payload: unknown) => void): (() => void) => {
    if (!events.includes(channel)) {
      throw new TypeError(`TokenDesk has no event called "${String(channel)}"; use one of: ${events.join(', ')}.`);
    }
    if (typeof listener !== 'function') {
      throw new TypeError(`The listener for "${channel}" must be a function.`);
    }
    // Only the payload reaches the page, never the IPC event object.
    return subscribe(channel, (payload) => listener(payload));
  };
  return Object.freeze(api) as unknown as TokenDeskApi;
}
