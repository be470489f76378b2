import { createHash } from 'node:crypto';
import { TokenDeskError } from '../../core/errors';
import type { Clipboard, Clock } from '../../core/platform';

/** Options of createClipboardGuard. */
export interface ClipboardGuardOptions {
  clipboard: Clipboard;
  clock: Clock;
  /** Delay before a copied secret is cleared, read at each copy; 0 means never. */
  clearAfterMs: () => number;
  /** Where a failed timed clear is reported: it runs on a timer, so nobody else awaits it. */
  onError?: (error: unknown) => void;
}

/** Copies secrets to the clipboard and takes them back later, but only if they are still there. */
export interface ClipboardGuard {
  /** Writes `text` (kept out of clipboard history where the OS allows); `clearsAt` is null when it stays. */
  copy(text: string): Promise<{ clearsAt: number | null }>;
  /** Clears the clipboard now if it still holds our last copy (on quit); true when it did. */
  clearIfOurs(): Promise<boolean>;
  /** Forgets the last copy and cancels the pending clear. */
  dispose(): void;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function reportToConsole(error: unknown): void {
  // The error comes from the OS clipboard, never from the secret itself; still, print only its kind.
  const kind = error instanceof Error ? error.name : typeof error;
  console.warn(`TokenDesk could not clear the clipboard after a copy (${kind}). Clear it by hand if it still holds a token.`);
}

/**
 * Remembers only a SHA-256 of what it put on the clipboard, so after the delay it can tell whether the
 * clipboard still holds our secret (clear it) or something the user copied since (leave it alone).
 */
export function createClipboardGuard(options: ClipboardGuardOptions): ClipboardGuard {
  const { clipboard, clock, clearAfterMs } = options;
  const onError = options.onError ?? reportToConsole;
  let digest: string | null = null;
  let timer: unknown = null;
  // Bumped by every copy and dispose, so a slow clear that started earlier never touches a newer copy.
  let generation = 0;

  function cancelTimer(): void {
    if (timer === null) return;
    clock.clearTimeout(timer);
    timer = null;
  }

  async function clearIfOurs(): Promise<boolean> {
    cancelTimer();
    const expected = digest;
    const ticket = generation;
    if (expected === null) return false;
    const current = await clipboard.readText();
    if (ticket !== generation) return false;
    digest = null;
    if (sha256(current) !== expected) return false;
    await clipboard.clear();
    return true;
  }

  async function copy(text: string): Promise<{ clearsAt: number | null }> {
    cancelTimer();
    digest = null;
    const ticket = ++generation;
    try {
      await clipboard.writeText(text, { transient: true });
    } catch (error) {
      throw new TokenDeskError(
        'internal',
        'TokenDesk could not write to the clipboard. Try again; if it keeps failing, reveal the token and copy it by hand.',
        { cause: error },
      );
    }
    // A later copy started while this one was writing: that one owns the clipboard and the timer.
    if (ticket !== generation) return { clearsAt: null };
    const delay = clearAfterMs();
    if (!(delay > 0)) return { clearsAt: null };
    digest = sha256(text);
    const clearsAt = clock.now() + delay;
    timer = clock.setTimeout(() => {
      timer = null;
      clearIfOurs().catch(onError);
    }, delay);
    return { clearsAt };
  }

  function dispose(): void {
    cancelTimer();
    digest = null;
    generation += 1;
  }

  return { copy, clearIfOurs, dispose };
}
