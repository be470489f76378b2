import { describe, expect, it } from 'vitest';
import { createClipboardGuard } from '../../electron/main/policies/clipboard-guard';
import { TokenDeskError } from '../../electron/core/errors';
import type { Clipboard } from '../../electron/core/platform';
import { FakeClock, flush } from './helpers/fake-clock';

/** The system clipboard as a test sees it: its text, and how each write was asked for. */
class FakeClipboard implements Clipboard {
  text = '';
  writes: Array<{ transient: boolean }> = [];
  clears = 0;
  failWrites = false;

  readText(): string {
    return this.text;
  }

  writeText(text: string, options?: { transient?: boolean }): void {
    if (this.failWrites) throw new Error(`OS clipboard busy`);
    this.text = text;
    this.writes.push({ transient: options?.transient === true });
  }

  clear(): void {
    this.text = '';
    this.clears += 1;
  }

  /** The user copies something in another app. */
  userCopies(text: string): void {
    this.text = text;
  }
}

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.secret-token-value.sig';

function setup(clearAfterMs = 30_000) {
  const clock = new FakeClock();
  const clipboard = new FakeClipboard();
  let delay = clearAfterMs;
  const errors: unknown[] = [];
  const guard = createClipboardGuard({ clipboard, clock, clearAfterMs: () => delay, onError: (error) => errors.push(error) });
  return { clock, clipboard, guard, errors, setDelay: (ms: number) => (delay = ms) };
}

describe('clipboard guard', () => {
  it('copies the token out of clipboard history and clears it after the configured delay', async () => {
    const { clock, clipboard, guard } = setup(30_000);
    const started = clock.now();

    const { clearsAt } = await guard.copy(TOKEN);

    expect(clipboard.text).toBe(TOKEN);
    expect(clipboard.writes).toEqual([{ transient: true }]);
    expect(clearsAt).toBe(started + 30_000);
    await clock.advance(29_000);
    expect(clipboard.text).toBe(TOKEN);
    await clock.advance(1_000);
    expect(clipboard.text).toBe('');
    expect(clock.pending()).toBe(0);
  });

  it('leaves the clipboard alone when the user copied something else in the meantime', async () => {
    const { clock, clipboard, guard } = setup(30_000);
    await guard.copy(TOKEN);

    clipboard.userCopies('a shopping list');
    await clock.advance(30_000);

    expect(clipboard.text).toBe('a shopping list');
    expect(clipboard.clears).toBe(0);
  });

  it('a new copy replaces the pending clear: the second token gets its own full delay', async () => {
    const { clock, clipboard, guard } = setup(30_000);
    await guard.copy(TOKEN);
    await clock.advance(20_000);

    const second = await guard.copy('second-token-value');
    expect(second.clearsAt).toBe(clock.now() + 30_000);
    expect(clock.pending()).toBe(1);

    await clock.advance(10_000);
    expect(clipboard.text).toBe('second-token-value');
    await clock.advance(20_000);
    expect(clipboard.text).toBe('');
  });

  it('on quit clears the clipboard only if it still holds our copy', async () => {
    const ours = setup();
    await ours.guard.copy(TOKEN);
    expect(await ours.guard.clearIfOurs()).toBe(true);
    expect(ours.clipboard.text).toBe('');
    expect(ours.clock.pending()).toBe(0);

    const theirs = setup();
    await theirs.guard.copy(TOKEN);
    theirs.clipboard.userCopies('notes');
    expect(await theirs.guard.clearIfOurs()).toBe(false);
    expect(theirs.clipboard.text).toBe('notes');
  });

  it('never clears when the setting is 0 (never), not even on quit', async () => {
    const { clock, clipboard, guard } = setup(0);

    const { clearsAt } = await guard.copy(TOKEN);

    expect(clearsAt).toBeNull();
    expect(clock.pending()).toBe(0);
    await clock.advance(3_600_000);
    expect(await guard.clearIfOurs()).toBe(false);
    expect(clipboard.text).toBe(TOKEN);
  });

  it('reads the delay at each copy, so a changed setting applies to the next copy', async () => {
    const { clock, guard, setDelay } = setup(30_000);
    setDelay(5_000);
    const { clearsAt } = await guard.copy(TOKEN);
    expect(clearsAt).toBe(clock.now() + 5_000);
  });

  it('after dispose the pending clear never runs', async () => {
    const { clock, clipboard, guard } = setup(30_000);
    await guard.copy(TOKEN);

    guard.dispose();
    await clock.advance(60_000);

    expect(clipboard.text).toBe(TOKEN);
    expect(clock.pending()).toBe(0);
  });

  it('a slow clear that started before a new copy never wipes the new copy', async () => {
    const clock = new FakeClock();
    let text = '';
    let releaseRead: (() => void) | null = null;
    // An OS clipboard whose read is slow: the user copies again while the old clear is still reading.
    const slow: Clipboard = {
      readText: () => new Promise<string>((resolve) => {
        const seen = text;
        releaseRead = () => resolve(seen);
      }),
      writeText: async (value) => {
        text = value;
      },
      clear: async () => {
        text = '';
      },
    };
    const guard = createClipboardGuard({ clipboard: slow, clock, clearAfterMs: () => 1_000 });
    await guard.copy(TOKEN);
    await clock.advance(1_000);
    expect(releaseRead).not.toBeNull();

    await guard.copy('newer-token');
    releaseRead!();
    await flush();

    expect(text).toBe('newer-token');
  });

  it('a clipboard that refuses the write is a TokenDeskError whose message holds no token', async () => {
    const { clipboard, guard } = setup();
    clipboard.failWrites = true;

    const failure = await guard.copy(TOKEN).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TokenDeskError);
    expect((failure as TokenDeskError).code).toBe('internal');
    expect((failure as TokenDeskError).message).toMatch(/clipboard/);
    expect((failure as TokenDeskError).message).not.toContain(TOKEN);
  });

  it('reports a timed clear that fails instead of dropping it', async () => {
    const { clock, clipboard, guard, errors } = setup(1_000);
    await guard.copy(TOKEN);
    clipboard.clear = () => {
      throw new Error('clipboard locked by another app');
    };

    await clock.advance(1_000);

    expect(errors).toHaveLength(1);
  });
});
