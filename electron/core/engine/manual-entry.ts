import type { HistoryEntry } from '../../../shared/account';
import type { ErrorInfo } from '../../../shared/errors';
import type { StoredAccount } from '../vault/types';

/**
 * The history line of what a person did that is not a refresh: a token shown or copied in the window
 * (`reveal`, `copy_<format>`), a QR login (`qr_login`, one line per login, not per check), or such a
 * request refused. Which account and when, never a value; no single exchange, so no HTTP status.
 */
export function manualEntry(
  account: Readonly<StoredAccount> | undefined,
  line: { at: number; accountId: string; operation: string; durationMs: number; outcome: 'ok' | 'error'; error: ErrorInfo | null | undefined },
): HistoryEntry {
  return {
    at: line.at,
    accountId: line.accountId,
    ...(account ? { accountName: account.name, provider: account.provider } : {}),
    operation: line.operation,
    trigger: 'manual',
    httpStatus: null,
    durationMs: line.durationMs,
    outcome: line.outcome,
    errorCode: line.error?.code ?? null,
    errorMessage: line.error?.message ?? null,
  };
}
