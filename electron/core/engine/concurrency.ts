import type { Clock } from '../platform';

/** Runs `task` over `items` with at most `limit` in flight; results keep the order of `items`. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(Math.floor(limit) || 1, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}

/** Waits until every promise has settled, or `ms` have passed, whichever comes first. */
export async function settleWithin(promises: Array<Promise<unknown>>, ms: number, clock: Clock): Promise<void> {
  let timer: unknown;
  const deadline = new Promise<void>((resolve) => {
    timer = clock.setTimeout(resolve, ms);
  });
  await Promise.race([Promise.allSettled(promises), deadline]);
  clock.clearTimeout(timer);
}
