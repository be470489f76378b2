/**
 * What runs when the vault locks: every cache of something derived from secrets (an access token, an
 * admin token, a session) registers here and empties itself, so a locked TokenDesk holds no usable
 * credential in memory.
 */
export class LockHooks {
  private readonly hooks = new Set<() => void>();

  /** Registers a hook; returns the function that unregisters it. */
  add(hook: () => void): () => void {
    this.hooks.add(hook);
    return () => void this.hooks.delete(hook);
  }

  /** Runs every hook; one that throws does not keep the others (or the lock itself) from happening. */
  run(onFailure: () => void): void {
    for (const hook of [...this.hooks]) {
      try {
        hook();
      } catch {
        onFailure();
      }
    }
  }
}
