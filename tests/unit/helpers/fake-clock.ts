import type { Clock } from '../../../electron/core/platform';

interface FakeTimer {
  /** Due on the monotonic time line, which a sleep does not advance. */
  at: number;
  seq: number;
  fn: () => void;
}

/** Lets pending promise chains (fake refreshes, scheduler bookkeeping) run to completion. */
export async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A clock for tests with two time lines: the wall clock (`now()`) and the monotonic one timers run on.
 * `advance` moves both and fires timers in order; `jump` moves only the wall clock, as a sleep or a
 * clock change does, so timers fire late.
 */
export class FakeClock implements Clock {
  private wall: number;
  private monotonic = 0;
  private seq = 0;
  private readonly timers = new Map<number, FakeTimer>();
  /** The most timers ever pending at once. */
  maxPending = 0;

  constructor(start = Date.UTC(2025, 0, 1, 9, 0, 0)) {
    this.wall = start;
  }

  now(): number {
    return this.wall;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.monotonic + Math.max(0, ms), seq: id, fn });
    this.maxPending = Math.max(this.maxPending, this.timers.size);
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Timers waiting to fire. */
  pending(): number {
    return this.timers.size;
  }

  /** Lets `ms` pass, firing every timer that falls due, each at its own time, with promises settled between. */
  async advance(ms: number): Promise<void> {
    const target = this.monotonic + ms;
    await flush();
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.wall += next.at - this.monotonic;
      this.monotonic = next.at;
      this.timers.delete(next.seq);
      next.fn();
      await flush();
    }
    this.wall += target - this.monotonic;
    this.monotonic = target;
    await flush();
  }

  /** Moves the wall clock by `ms` without firing anything (a sleep, or the user changing the time). */
  jump(ms: number): void {
    this.wall += ms;
  }

  private nextDue(limit: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.at > limit) continue;
      if (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    }
    return best;
  }
}
