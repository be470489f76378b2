import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { IpcResponse } from '../../../shared/ipc-contract';
import { REQUEST_CHANNEL_NAMES } from '../../../shared/ipc-channels';
import { isTrustedSender } from '../app-origin';
import type { SenderFrame } from '../app-origin';
import type { Dispatch, EmitEvent } from './dispatch';

/** What registerIpc needs. */
export interface IpcRegistration {
  dispatch: Dispatch;
  /** Development only: the Vite dev server counts as our page. */
  devServerUrl?: string;
  /** True for the web contents of TokenDesk's own window. */
  isOurWindow(contents: WebContents): boolean;
}

const refused: IpcResponse<never> = {
  ok: false,
  error: { code: 'invalid_input', message: 'TokenDesk refused a request that did not come from its own window.' },
};

function senderFrame(event: IpcMainInvokeEvent): SenderFrame | null {
  try {
    const frame = event.senderFrame;
    return frame ? { url: frame.url, isMainFrame: frame.parent === null } : null;
  } catch {
    // A frame that navigated away or was destroyed while the request was in flight is not trusted.
    return null;
  }
}

/**
 * The only place that touches ipcMain. Every request channel goes through one handle(): the sender must
 * be our window's main frame on our page; then the dispatcher parses, runs and answers with a value.
 * Returns the function that removes the handlers.
 */
export function registerIpc(options: IpcRegistration): () => void {
  const handle = (channel: string): void => {
    ipcMain.handle(channel, async (event, rawArgs: unknown) => {
      if (!options.isOurWindow(event.sender) || !isTrustedSender(senderFrame(event), options.devServerUrl)) {
        console.warn(`TokenDesk refused "${channel}" from a page that is not its own.`);
        return refused;
      }
      return options.dispatch(channel, rawArgs);
    });
  };
  for (const channel of REQUEST_CHANNEL_NAMES) handle(channel);
  return () => {
    for (const channel of REQUEST_CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
}

/** Sends events to the web contents `target()` returns (our window), if it is still there. */
export function createWindowEmitter(target: () => WebContents | null): EmitEvent {
  return (channel, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(channel, payload);
  };
}
