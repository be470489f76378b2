import type { RefreshResult } from '../../../shared/account';
import type { RefreshLeases } from '../vault/refresh-lease';
import type { StoredAccount, Vault } from '../vault/types';

/** What tells one refresh of an account from the next: when it last succeeded, when it last failed. */
type Mark = { refreshedAt: number | null; failedAt: number | null } | null;

function markOf(account: Readonly<StoredAccount> | undefined): Mark {
  return account ? { refreshedAt: account.lastRefreshAt, failedAt: account.lastError?.at ?? null } : null;
}

/** The result another process saved for this account since `before`, or null when it saved none. */
function peerResult(vault: Vault, id: string, before: Mark): RefreshResult | null {
  const account = vault.get(id);
  const now = markOf(account);
  if (!account || !now || !before) return null;
  if (now.refreshedAt !== before.refreshedAt && account.lastError === null) {
    return { id, ok: true, expiresAt: account.expiresAt, error: null };
  }
  if (now.failedAt !== before.failedAt && account.lastError) {
    return { id, ok: false, expiresAt: account.expiresAt, error: account.lastError };
  }
  return null;
}

/**
 * Runs `refresh` for one account holding its cross-process lease (see refresh-lease.ts). When another
 * process holds it, this one waits for the lease to go and returns the result that process saved in
 * the vault, without calling the provider: refreshing too would rotate the other's token away (SUD).
 * Only when the holder left without saving a result (killed) does this process refresh itself.
 * `onWaiting` frees a bulk refresh's slot while it waits. Waiting has a deadline (LeaseTimings.waitMs):
 * past it the refresh fails with `timeout` naming the holder, the old token kept.
 */
export async function refreshAcrossProcesses(
  vault: Vault,
  leases: RefreshLeases,
  id: string,
  refresh: () => Promise<RefreshResult>,
  onWaiting: () => void,
  onReleaseError: (error: unknown) => void,
): Promise<RefreshResult> {
  const deadline = leases.waitDeadline();
  for (;;) {
    const before = markOf(vault.peekAccount(id));
    const attempt = await leases.acquire(id);
    if (attempt.won) {
      try {
        if (attempt.peerBefore) {
          // Another process refreshed this account lately: use what it saved, newer token included.
          await vault.checkExternalChanges();
          const theirs = peerResult(vault, id, before);
          if (theirs) {
            onWaiting();
            return theirs;
          }
        }
        return await refresh();
      } finally {
        // Not awaited: the result is on disk already, and releases are written in batches. One not
        // given back only makes other processes wait until it expires.
        leases.release(id).catch(onReleaseError);
      }
    }
    onWaiting();
    await leases.waitUntilFree(id, deadline);
    await vault.checkExternalChanges();
    const theirs = peerResult(vault, id, before);
    if (theirs) return theirs;
  }
}
