import type { EventChannel, EventPayload, IpcResponse, RequestArgs, RequestChannel, RequestResult, TokenDeskApi } from '../../shared/ipc-contract';
import type { ErrorInfo } from '../../shared/errors';

declare global {
  interface Window {
    /** The preload's typed API; absent when the page runs outside TokenDesk. */
    tokendesk?: TokenDeskApi;
  }
}

/** True when the page runs inside TokenDesk (the preload exposed its API). */
export function hasApi(): boolean {
  return typeof window.tokendesk === 'object' && window.tokendesk !== null;
}

const missingApi: ErrorInfo = {
  code: 'internal',
  message: 'This window is not connected to TokenDesk. Close it and open TokenDesk again.',
};

/** Calls a request channel; never throws: a failure comes back as `{ ok: false, error }`. */
export async function call<C extends RequestChannel>(
  channel: C,
  args: RequestArgs<C>,
): Promise<IpcResponse<RequestResult<C>>> {
  const api = window.tokendesk;
  if (!api) return { ok: false, error: missingApi };
  // The mapped type cannot be narrowed by a generic key; each member has exactly this signature.
  const fn = api[channel] as unknown as (a: RequestArgs<C>) => Promise<IpcResponse<RequestResult<C>>>;
  try {
    return await fn(args);
  } catch {
    // The preload resolves errors as values; a rejection means the bridge itself broke.
    return { ok: false, error: missingApi };
  }
}

/** Subscribes to an event channel; returns the unsubscribe function. */
export function subscribe<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void {
  const api = window.tokendesk;
  if (!api) return () => undefined;
  return api.on(channel, listener);
}
