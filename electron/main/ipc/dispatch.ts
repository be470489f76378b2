import type { ErrorInfo } from '../../../shared/errors';
import { requestChannels } from '../../../shared/ipc-contract';
import type { EventChannel, EventPayload, IpcResponse, RequestChannel } from '../../../shared/ipc-contract';
import { toErrorInfo, TokenDeskError } from '../../core';
import type { CoreEvents, TokenDeskCore } from '../../core';
import type { Handlers } from './handlers';
import { zodProblems } from '../../../shared/zod-problems';
import type { z } from 'zod';

/** Runs one request: a channel name and its raw argument in, an IpcResponse out. Never throws. */
export type Dispatch = (channel: string, rawArgs: unknown) => Promise<IpcResponse<unknown>>;

/** Sends one event to the renderer. */
export type EmitEvent = <C extends EventChannel>(channel: C, payload: EventPayload<C>) => void;

/** Options of createDispatcher. */
export interface DispatcherOptions {
  /** Check every result against its schema (development and tests). Default true. */
  validateResults?: boolean;
  /** Told about failures that are not TokenDeskErrors, for the log; the renderer only sees `internal`. */
  onUnexpectedError?: (channel: string, error: unknown) => void;
}

/** How many zod issues one error message lists. */
const MAX_ISSUES = 5;

function isRequestChannel(channel: string): channel is RequestChannel {
  return Object.hasOwn(requestChannels, channel);
}

function failure(error: ErrorInfo): IpcResponse<never> {
  return { ok: false, error };
}

/** A message that names each bad field (zod's words, never the value), and what to do. */
function describeIssues(channel: string, error: z.ZodError): string {
  const fields = error.issues.length === 1 ? 'this field' : 'these fields';
  return `TokenDesk refused the request "${channel}" because its input is not valid: ${zodProblems(error, { whole: 'arguments', max: MAX_ISSUES })}. Correct ${fields} and try again.`;
}

function logUnexpected(channel: string, error: unknown): void {
  // Only the kind and the stack frames: an unexpected message could quote data we were handling.
  const kind = error instanceof Error ? error.name : typeof error;
  const frames = error instanceof Error && error.stack ? error.stack.split('\n').slice(1, 6).join('\n') : '';
  console.error(`TokenDesk: the request "${channel}" failed unexpectedly (${kind}).${frames ? `\n${frames}` : ''}`);
}

/**
 * Wraps the handler table into one dispatch function: unknown channel → `invalid_input`; the argument is
 * parsed by the channel's zod schema (failure → `invalid_input` naming the field, core never called);
 * thrown errors come back as values `{ ok: false, error: { code, message, ... } }`, never with a stack.
 */
export function createDispatcher(handlers: Handlers, options: DispatcherOptions = {}): Dispatch {
  const validateResults = options.validateResults ?? true;
  const onUnexpectedError = options.onUnexpectedError ?? logUnexpected;

  return async (channel, rawArgs) => {
    if (typeof channel !== 'string' || !isRequestChannel(channel)) {
      const label = String(channel).slice(0, 80);
      return failure({ code: 'invalid_input', message: `TokenDesk has no request called "${label}". Update the app window (reload it) and try again.` });
    }
    const spec = requestChannels[channel];
    const parsed = spec.args.safeParse(rawArgs);
    if (!parsed.success) {
      return failure({ code: 'invalid_input', message: describeIssues(channel, parsed.error) });
    }
    // The mapped Handlers type cannot be indexed by a union key; each entry takes its own parsed args.
    const handler = handlers[channel] as unknown as ((args: unknown) => Promise<unknown>) | undefined;
    if (typeof handler !== 'function') {
      onUnexpectedError(channel, new TypeError(`no handler for ${channel}`));
      return failure(toErrorInfo(undefined));
    }
    try {
      const value = await handler(parsed.data);
      if (!validateResults) return { ok: true, value };
      const checked = spec.result.safeParse(value);
      if (!checked.success) {
        onUnexpectedError(channel, new TypeError(`result of ${channel} does not match its schema: ${zodProblems(checked.error, { whole: 'result' })}`));
        return failure(toErrorInfo(undefined));
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (!(error instanceof TokenDeskError)) onUnexpectedError(channel, error);
      return failure(toErrorInfo(error));
    }
  };
}

/** The core events forwarded to the renderer under the same channel names. */
const FORWARDED_EVENTS = ['accounts:changed', 'vault:changed', 'settings:changed', 'providers:changed'] as const satisfies readonly (keyof CoreEvents & EventChannel)[];
type ForwardedEvent = (typeof FORWARDED_EVENTS)[number];

// Compile-time proof that each forwarded core payload is what the event channel declares.
type PayloadsAgree = { [E in ForwardedEvent]: CoreEvents[E] extends EventPayload<E> ? true : false }[ForwardedEvent];
const _payloadsAgree: [PayloadsAgree] extends [true] ? true : false = true;

/** Forwards core's events to the renderer through `emit`; returns the function that stops it. */
export function forwardEvents(core: Pick<TokenDeskCore, 'on'>, emit: EmitEvent): () => void {
  const forward = <E extends ForwardedEvent>(event: E): (() => void) =>
    core.on(event, (payload) => emit(event, payload as EventPayload<E>));
  const stops = FORWARDED_EVENTS.map(forward);
  return () => {
    for (const stop of stops) stop();
  };
}
