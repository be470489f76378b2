/**
 * Large answers of the stand-in preload, waiting to be fetched by the page. Playwright hands a binding's
 * result to the page through the DevTools protocol, escaped inside a protocol message: for the 1.3 MB
 * account list of 10,000 accounts that took about 150 ms, a cost Electron's IPC (a structured clone) does not
 * have. A large answer is left here instead and the page fetches it from the renderer server, the
 * way any same-origin response arrives.
 */
const waiting = new Map<string, string>();
let sequence = 0;

/** Answers at least this long (JSON text) go through the mailbox; smaller ones cross the binding. */
export const MAILBOX_THRESHOLD = 64 * 1024;
/** What the binding returns in place of a large answer: JSON text never starts with '@'. */
export const MAILBOX_PREFIX = '@answer:';
/** The renderer server's path for waiting answers. */
export const MAILBOX_PATH = '/__e2e/answers/';

/** Leaves `text` for one fetch; returns what the binding sends instead. */
export function deposit(text: string): string {
  sequence += 1;
  const id = String(sequence);
  waiting.set(id, text);
  return `${MAILBOX_PREFIX}${id}`;
}

/** The answer left under `id`, once (undefined when there is none). */
export function collect(id: string): string | undefined {
  const text = waiting.get(id);
  waiting.delete(id);
  return text;
}
