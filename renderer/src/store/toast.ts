import type { ErrorInfo } from '../../../shared/errors';
import type { MessageKey } from '../../../shared/i18n';

/** A value in a toast message: plain text or a number, or another dictionary key (e.g. a token format's name). */
export type ToastVar = string | number | { key: MessageKey };

/**
 * What a toast says: a dictionary key and its values, translated when it renders so an open toast follows
 * a language change (main's notices arrive the same way, app:notified). An error's own words go in
 * `Toast.error`, which the toast explains under the message.
 */
export type ToastMessage = { key: MessageKey; vars?: Readonly<Record<string, ToastVar>> };

/** A toast: a short result message, optionally about an error (its headline and the provider's code and advice). */
export interface Toast {
  id: number;
  level: 'info' | 'error';
  message: ToastMessage;
  error?: ErrorInfo;
}
