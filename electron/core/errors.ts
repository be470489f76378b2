import type { ErrorCode, ErrorInfo, ProviderError } from '../../shared/errors';
import type { NextStep } from '../../shared/next-step';

/** ErrorInfo.reason of a passphrase that does not open the vault (a prompt may ask again). */
export const WRONG_PASSPHRASE = 'wrong_passphrase';

/** Options of a TokenDeskError beyond its code and message: the optional parts of ErrorInfo (documented there), and a cause. */
export type TokenDeskErrorOptions = Partial<Pick<ErrorInfo, 'provider' | 'needsUser' | 'status' | 'reason' | 'retryAt' | 'next' | 'account'>> & { cause?: unknown };

/**
 * The one error type core throws. Its message is for a person: what happened and what to do next.
 * It never contains a secret (callers redact before constructing it).
 */
export class TokenDeskError extends Error {
  readonly code: ErrorCode;
  readonly provider: ProviderError | undefined;
  readonly needsUser: boolean;
  readonly status: number | undefined;
  readonly reason: string | undefined;
  readonly retryAt: number | undefined;
  readonly next: NextStep | undefined;
  readonly account: string | undefined;

  constructor(code: ErrorCode, message: string, options: TokenDeskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TokenDeskError';
    this.code = code;
    this.provider = options.provider;
    this.needsUser = options.needsUser ?? false;
    this.status = options.status;
    this.reason = options.reason;
    this.retryAt = options.retryAt;
    this.next = options.next;
    this.account = options.account;
  }

  /** The error as a value, for IPC, the CLI's JSON and an account's last error. */
  toInfo(at?: number): ErrorInfo {
    return {
      code: this.code,
      message: this.message,
      ...(this.provider ? { provider: this.provider } : {}),
      ...(this.needsUser ? { needsUser: true } : {}),
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.reason !== undefined ? { reason: this.reason } : {}),
      ...(this.retryAt !== undefined ? { retryAt: this.retryAt } : {}),
      ...(this.next !== undefined ? { next: this.next } : {}),
      ...(this.account !== undefined ? { account: this.account } : {}),
      ...(at !== undefined ? { at } : {}),
    };
  }
}

/** Any thrown value as an ErrorInfo; unexpected exceptions become `internal` without their details. */
export function toErrorInfo(error: unknown, at?: number): ErrorInfo {
  if (error instanceof TokenDeskError) return error.toInfo(at);
  return {
    code: 'internal',
    message: 'TokenDesk hit an unexpected problem. Try again; if it keeps happening, report it with the steps that lead to it.',
    ...(at !== undefined ? { at } : {}),
  };
}
