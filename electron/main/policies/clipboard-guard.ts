import { createHash } from 'node:crypto';
import { TokenDeskError } from '../../core';
import type { Clipboard, Clock } from '../../core';

/** Options of createClipboardGuard. */
export interface ClipboardGuardOptions {
  clipboard: Clipboard;
  clock: Clock;
  /** Delay before a copied secret is cleared, read at each copy; 0 means never. */
  clearAfterMs: () => number;
  /** Where a failed timed clear is reported: it runs on a timer, so nobody else awaits it. */
  onError?: (error: unknown) => void;
  /**
   * Reads the clipboard through the system rather than the toolkit (e.g. `wl-paste` on Wayland, where
   * Electron may answer from a cache after a clear was dropped); null when it cannot. Used to decide
   * whether the clipboard still holds our copy and whether a clear took.
   */
  readBack?: () => Promise<string | null>;
  /** Whether a clear can be confirmed now (on Wayland a clear from an unfocused window may be dropped). */
  clearIsReliable?: () => boolean;
  /** Our copy may still be on the clipboard after a clear: tell the person (at most once per copy). */
  onMayRemain?: () => void;
}

/** Copies secrets to the clipboard and takes them back later, but only if they are still there. */
export interface ClipboardGuard {
  /** Writes `text` (kept out of clipboard history where the OS allows); `clearsAt` is null when it stays. */
  copy(text: string): Promise<{ clearsAt: number | null }>;
  /** Clears the clipboard now if it still holds our last copy (on quit); true when it did. */
  clearIfOurs(): Promise<boolean>;
  /** A clear that did not take is tried again (call when a TokenDesk window gets the focus). */
  retryPending(): Promise<boolean>;
  /** True while a clear has not been confirmed: our copy may still be on the clipboard. */
  pending(): boolean;
  /**
   * Clears the clipboard at once, without reading it first, while a copy of ours may still be on it: the
   * session is ending and no event-loop turn is left to read it back (Electron's clear() is synchronous).
   * Whatever is there goes, ours or copied since: the session ends anyway.
   */
  clearNow(): void;
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
 * clipboard still holds our secret (clear it) or something the user copied since (leave it alone). A
 * clear is confirmed by reading back; one that did not take (Wayland drops clears from an unfocused
 * window) is retried when a window gets the focus, and the person is told once that the token may remain.
 */
export function createClipboardGuard(options: ClipboardGuardOptions): ClipboardGuard {
  const { clipboard, clock, clearAfterMs } = options;
  const onError = options.onError ?? reportToConsole;
  const { readBack, onMayRemain } = options;
  const clearIsReliable = options.clearIsReliable ?? (() => true);
  let digest: string | null = null;
  // The clear ran but could not be confirmed; `told` once the person was told for this copy.
  let unconfirmed = false;
  let told = false;
  let timer: unknown = null;
  // Bumped by every copy and dispose, so a slow clear that started earlier never touches a newer copy.
  let generation = 0;

  function cancelTimer(): void {
    if (timer === null) return;
    clock.clearTimeout(timer);
    timer = null;
  }

  /** The clipboard's text, through the system where possible. */
  async function read(): Promise<string> {
    const system = readBack ? await readBack().catch(() => null) : null;
    return system ?? (await clipboard.readText());
  }

  function forget(): void {
    digest = null;
    unconfirmed = false;
    told = false;
  }

  async function clearIfOurs(): Promise<boolean> {
    cancelTimer();
    const expected = digest;
    const ticket = generation;
    if (expected === null) return false;
    const current = await read();
    if (ticket !== generation) return false;
    if (sha256(current) !== expected) {
      forget();
      return false;
    }
    const reliable = clearIsReliable();
    await clipboard.clear();
    // Confirm: read back through the system. Without a system reader an unreliable clear stays unconfirmed.
    const after = readBack ? await readBack().catch(() => null) : reliable ? '' : null;
    if (ticket !== generation) return false;
    if (after !== null && sha256(after) !== expected) {
      forget();
      return true;
    }
    unconfirmed = true;
    if (!told) {
      told = true;
      onMayRemain?.();
    }
    return false;
  }

  async function retryPending(): Promise<boolean> {
    if (!unconfirmed || digest === null) return false;
    return clearIfOurs();
  }

  async function copy(text: string): Promise<{ clearsAt: number | null }> {
    cancelTimer();
    forget();
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
    forget();
    generation += 1;
  }

  function clearNow(): void {
    if (digest === null) return;
    dispose();
    try {
      void Promise.resolve(clipboard.clear()).catch(onError);
    } catch (error) {
      onError(error);
    }
  }

  return { copy, clearIfOurs, retryPending, pending: () => unconfirmed, clearNow, dispose };
}
