/**
 * Work in flight by key: a caller asking for a key already running joins it instead of starting the
 * same work twice. One per core, shared by every kind of work (the key names its kind): refreshes of an
 * account, a provider's credential fetch that accounts refreshed together share.
 */
export class SingleFlight {
  private readonly running = new Map<string, Promise<unknown>>();

  /** The running work for `key`, else `start()`'s; `onSettled` runs once it has left the map. */
  run<T>(key: string, start: () => Promise<T>, onSettled?: () => void): Promise<T> {
    const running = this.running.get(key);
    if (running) return running as Promise<T>;
    const promise = start().finally(() => {
      this.running.delete(key);
      onSettled?.();
    });
    this.running.set(key, promise);
    return promise;
  }

  has(key: string): boolean {
    return this.running.has(key);
  }

  /** Everything in flight now (close waits for it). */
  all(): Array<Promise<unknown>> {
    return [...this.running.values()];
  }
}
