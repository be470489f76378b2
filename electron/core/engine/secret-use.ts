import type { HistoryEntry } from '../../../shared/account';
import type { ErrorInfo } from '../../../shared/errors';
import type { StoredAccount } from '../vault/types';

/**
 * The history line of a token shown or copied in the window (`reveal`, `copy_<format>`), or of such a
 * request refused: which account and when, never the value. No exchange ran, so no HTTP status.
 */
export function secretUseEntry(account: Readonly<StoredAccount> | undefined, id: string, operation: string, now: number, error?: ErrorInfo): HistoryEntry {
  return {
    at: now,
    accountId: id,
    ...(account ? { accountName: account.name, provider: account.provider } : {}),
    operation,
    trigger: 'manual',
    httpStatus: null,
    durationMs: 0,
    outcome: error ? 'error' : 'ok',
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
  };
}
