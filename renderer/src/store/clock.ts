import { useSyncExternalStore } from 'react';

/**
 * The one clock behind every countdown: a single timer ticks once per second (aligned to the wall
 * clock's second boundary) and notifies only the mounted components that subscribed, i.e. the rows
 * on screen, the details pane and the sidebar badges.
 */

type Listener = () => void;

const listeners = new Set<Listener>();
let now = Date.now();
let timer: ReturnType<typeof setTimeout> | undefined;

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
  schedule();
}

function schedule(): void {
  // Re-aligning every tick keeps countdowns in step with the system clock despite timer drift.
  timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
}

/** Subscribes to the one-second tick; the timer runs only while someone listens. */
export function subscribeClock(listener: Listener): () => void {
  listeners.add(listener);
  if (listeners.size === 1) {
    now = Date.now();
    schedule();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
}

/** The time of the last tick, epoch ms. */
export function clockNow(): number {
  // Without a running timer, advance lazily, at most once per second, so snapshots stay stable.
  if (timer === undefined) {
    const t = Date.now();
    if (t - now >= 1000) now = t;
  }
  return now;
}

/** The current time, re-rendering the caller once per second. */
export function useNow(): number {
  return useSyncExternalStore(subscribeClock, clockNow);
}

/**
 * What `derive` makes of the current time (a string, a number: compared with Object.is), re-rendering
 * the caller only when that changes. With 10,000 accounts a row's status, "refreshed 3m ago" and
 * lifetime bar change far less often than once a second, so a tick re-renders little beyond the
 * countdown texts on screen.
 */
export function useClockValue<T extends string | number | boolean | null>(derive: (now: number) => T): T {
  return useSyncExternalStore(subscribeClock, () => derive(clockNow()));
}
