import type { ErrorInfo } from '../../../shared/errors';
import type { ProviderId } from '../../../shared/providers';
import { TokenDeskError } from '../errors';
import { stepText, type RedactedStep } from '../http/redact-exchange';

/** A copied diagnostic never exceeds this many characters. */
export const DIAGNOSTIC_MAX_CHARS = 16_000;

/**
 * The last exchange of one account, redacted. Kept in memory only (never in the history or on disk), and
 * dropped on lock: enough for a person to see what the server said, or to paste into a support ticket.
 * `steps` is redacted when first read (copy diagnostic), not on every refresh: masking every form of every
 * secret in every header and body costs far more than the exchange itself, and is rarely asked for.
 */
export interface ExchangeDiagnostic {
  at: number;
  accountName: string;
  provider: ProviderId;
  outcome: 'ok' | 'error';
  error: ErrorInfo | null;
  steps: RedactedStep[];
}

/**
 * The newest diagnostic per account. An exchange takes a ticket (`begin`) before it opens any secret;
 * a diagnostic whose ticket predates the last lock is dropped, not stored: it holds the secrets that
 * exchange decrypted, and a lock must leave none in memory, also of refreshes in flight at the time.
 */
export class DiagnosticStore {
  private readonly byId = new Map<string, ExchangeDiagnostic>();
  /** Counts clears (locks). */
  private epoch = 0;

  /** The ticket of an exchange about to start. */
  begin(): number {
    return this.epoch;
  }

  set(id: string, diagnostic: ExchangeDiagnostic, ticket: number): void {
    if (ticket === this.epoch) this.byId.set(id, diagnostic);
  }

  delete(id: string): void {
    this.byId.delete(id);
  }

  /** Forgets every diagnostic (on lock: an unread one still holds the exchange's raw record). */
  clear(): void {
    this.epoch += 1;
    this.byId.clear();
  }

  /** The diagnostic as text; `not_found` when the account has had no exchange since TokenDesk started. */
  text(id: string, name: string): string {
    const diagnostic = this.byId.get(id);
    if (!diagnostic) {
      throw new TokenDeskError('not_found', `"${name}" has had no exchange since TokenDesk started, so there is nothing to copy yet. Refresh it, then copy the diagnostic.`);
    }
    return diagnosticText(diagnostic);
  }
}

/** The diagnostic as plain text: the result, then each request and answer in order. */
export function diagnosticText(d: ExchangeDiagnostic): string {
  const head = [
    'TokenDesk diagnostic (credentials and tokens redacted)',
    `Account: ${d.accountName} (${d.provider})`,
    `When: ${new Date(d.at).toISOString()}`,
    `Result: ${d.outcome === 'ok' ? 'ok' : `${d.error?.code ?? 'error'}${d.error?.status !== undefined ? ` (HTTP ${d.error.status})` : ''}`}`,
  ];
  if (d.error?.provider) head.push(`Server said: ${d.error.provider.code}${d.error.provider.message ? `: ${d.error.provider.message}` : ''}`);
  if (d.error) head.push(`TokenDesk says: ${d.error.message}`);
  const body = d.steps.length === 0 ? ['No request was sent (the account settings stopped it first).'] : d.steps.map(stepText);
  const text = [head.join('\n'), ...body].join('\n\n') + '\n';
  return text.length <= DIAGNOSTIC_MAX_CHARS ? text : `${text.slice(0, DIAGNOSTIC_MAX_CHARS)}\n… (clipped)\n`;
}
