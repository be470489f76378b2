import type { ProviderCache } from '../providers/types';
import type { SingleFlight } from './single-flight';

/** The providers' in-memory cache (e.g. OneAccess access tokens); entries vanish once expired. Never persisted. */
export class MemoryCache implements ProviderCache {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  constructor(
    private readonly now: () => number,
    private readonly flights: SingleFlight,
  ) {}

  get(key: string): { value: string; expiresAt: number } | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry ? { ...entry } : undefined;
  }

  set(key: string, value: string, expiresAt: number): void {
    this.entries.set(key, { value, expiresAt });
  }

  once<T>(key: string, fetch: () => Promise<T>): Promise<T> {
    return this.flights.run(key, fetch);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets everything (the vault was locked: cached credentials go with it). */
  clear(): void {
    this.entries.clear();
  }
}
