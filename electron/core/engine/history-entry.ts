import type { HistoryEntry } from '../../../shared/account';
import type { ErrorInfo } from '../../../shared/errors';
import type { StoredAccount } from '../vault/types';

/**
 * One history line: which account, what ran and how it ended, never a value. A refresh gives its HTTP
 * status; what a person did without one has none: a token shown or copied in the window (`reveal`,
 * `copy_<format>`), a QR login (`qr_login`, one line per login, not per check), or such a request refused.
 */
export function historyEntry(
  account: Readonly<StoredAccount> | undefined,
  line: Pick<HistoryEntry, 'at' | 'accountId' | 'operation' | 'trigger' | 'httpStatus' | 'durationMs' | 'outcome'> & { error: ErrorInfo | null | undefined },
): HistoryEntry {
  return {
    at: line.at,
    accountId: line.accountId,
    ...(account ? { accountName: account.name, provider: account.provider } : {}),
    operation: line.operation,
    trigger: line.trigger,
    httpStatus: line.httpStatus,
    durationMs: line.durationMs,
    outcome: line.outcome,
    errorCode: line.error?.code ?? null,
    errorMessage: line.error?.message ?? null,
  };
}
