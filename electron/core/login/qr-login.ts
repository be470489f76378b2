import { randomUUID } from 'node:crypto';
import type { AccountView } from '../../../shared/account';
import type { ErrorInfo } from '../../../shared/errors';
import { QR_DEFAULT_TIMEOUT_MS, QR_POLL_INTERVAL_MS, type QrLoginProgress, type QrLoginState } from '../../../shared/qr-login';
import { toErrorInfo, TokenDeskError } from '../errors';
import type { HttpClient } from '../http/types';
import type { Clock } from '../platform';
import { fetchQrImage, imageDataUrl, requestSaiNiuQrCode, type QrImage } from '../providers/sainiu-qr';
import type { ExchangeContext, ExchangeInput, ExchangeResult, Provider, ProviderCache } from '../providers/types';

/** What the QR logins need from the engine around them. */
export interface QrLoginDeps {
  clock: Clock;
  http(): HttpClient;
  cache: ProviderCache;
  /** The account's exchange input (fields with defaults, token, state); throws locked / not_found. */
  input(accountId: string): { provider: Provider; input: ExchangeInput };
  /** Stores a successful login: lgToken as logonToken, cookies as the token; returns the new view. */
  save(accountId: string, lgToken: string, result: ExchangeResult, options: { nameFromNick: boolean }): Promise<AccountView>;
  /** One history line per login (never a secret). */
  record(entry: { accountId: string; startedAt: number; outcome: 'ok' | 'error'; error: ErrorInfo | null }): Promise<void>;
}

/** Options of one login. */
export interface QrLoginOptions {
  /** How long to wait for the scan; default 3 minutes. */
  timeoutMs?: number;
  /** Rename the account to the nick the framework answers (a new account made by QR login). */
  nameFromNick?: boolean;
}

/** A started login as core hands it out: the view for the window plus the image bytes (CLI --qr-file). */
export interface StartedQrLogin {
  loginId: string;
  accountId: string;
  qrUrl: string;
  imageDataUrl: string;
  image: QrImage;
  startedAt: number;
  expiresAt: number;
  intervalMs: number;
}

interface Session {
  id: string;
  accountId: string;
  lgToken: string;
  startedAt: number;
  expiresAt: number;
  nameFromNick: boolean;
  state: QrLoginState;
  attempts: number;
  lastCheckedAt: number | null;
  error: ErrorInfo | null;
  account: AccountView | null;
  timer: unknown;
  waiters: Array<() => void>;
}

/** A finished login stays readable this long, so a window that asks late still learns the outcome. */
const KEEP_FINISHED_MS = 60_000;

/**
 * SaiNiu QR logins: GetQRcode, the image fetched here (never by the window), then GetRenewalToken with that
 * lgToken at each poll interval until it yields cookies, the deadline passes, or the framework stops answering.
 */
export class QrLogins {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly deps: QrLoginDeps) {}

  async start(accountId: string, options: QrLoginOptions = {}): Promise<StartedQrLogin> {
    const { provider, input } = this.deps.input(accountId);
    if (provider.info.qrLogin !== true) {
      throw new TokenDeskError('invalid_input', `Only SaiNiu accounts log in with a QR code; this one is a ${provider.info.displayName.en} account. Use refresh instead.`);
    }
    const ctx = this.context();
    const code = await requestSaiNiuQrCode(input, ctx);
    const image = await fetchQrImage(ctx.http, code.imageUrl);
    // One login per account: a new code makes the previous one pointless.
    this.cancelAll(accountId);
    const startedAt = this.deps.clock.now();
    const session: Session = {
      id: randomUUID(),
      accountId,
      lgToken: code.lgToken,
      startedAt,
      expiresAt: startedAt + (options.timeoutMs ?? QR_DEFAULT_TIMEOUT_MS),
      nameFromNick: options.nameFromNick ?? false,
      state: 'waiting',
      attempts: 0,
      lastCheckedAt: null,
      error: null,
      account: null,
      timer: null,
      waiters: [],
    };
    this.sessions.set(session.id, session);
    this.schedule(session);
    return {
      loginId: session.id,
      accountId,
      qrUrl: code.imageUrl.href,
      imageDataUrl: imageDataUrl(image),
      image,
      startedAt,
      expiresAt: session.expiresAt,
      intervalMs: QR_POLL_INTERVAL_MS,
    };
  }

  /** Resolves once the login has checked more than `afterAttempt` times, or is over. */
  async wait(loginId: string, afterAttempt = -1): Promise<QrLoginProgress> {
    const session = this.sessions.get(loginId);
    if (!session) throw new TokenDeskError('not_found', 'This QR login is over or unknown. Ask for a new QR code.');
    if (session.state !== 'waiting' || session.attempts > afterAttempt) return this.progress(session);
    return new Promise((resolve) => session.waiters.push(() => resolve(this.progress(session))));
  }

  cancel(loginId: string): void {
    const session = this.sessions.get(loginId);
    if (session && session.state === 'waiting') this.finish(session, 'cancelled');
  }

  /** Stops every login (the vault locks or core closes), or every login of one account. */
  cancelAll(accountId?: string): void {
    for (const session of this.sessions.values()) {
      if (session.state === 'waiting' && (accountId === undefined || session.accountId === accountId)) this.finish(session, 'cancelled');
    }
  }

  private context(): ExchangeContext {
    return { http: this.deps.http(), now: () => this.deps.clock.now(), cache: this.deps.cache };
  }

  private progress(session: Session): QrLoginProgress {
    return {
      loginId: session.id,
      state: session.state,
      attempts: session.attempts,
      lastCheckedAt: session.lastCheckedAt,
      expiresAt: session.expiresAt,
      error: session.error,
      account: session.account,
    };
  }

  private schedule(session: Session): void {
    const wait = Math.max(0, Math.min(QR_POLL_INTERVAL_MS, session.expiresAt - this.deps.clock.now()));
    session.timer = this.deps.clock.setTimeout(() => void this.check(session), wait);
  }

  private async check(session: Session): Promise<void> {
    if (session.state !== 'waiting') return;
    if (this.deps.clock.now() >= session.expiresAt) return this.finish(session, 'expired');
    try {
      const { provider, input } = this.deps.input(session.accountId);
      // Asked as the framework's `$userNick$` (SaiNiu's document: "使用$userNick$自动选择", it picks the account
      // that scanned), so a scan by another Qianniu account answers with that account's nick instead of
      // failing like an unscanned code until the deadline; the nick is then checked against the named one.
      const named = (input.fields.userNick ?? '').trim();
      const fields = { ...input.fields, logonToken: session.lgToken, userNick: '' };
      const result = await provider.exchange({ ...input, fields }, this.context());
      if (session.state !== 'waiting') return;
      session.attempts += 1;
      session.lastCheckedAt = this.deps.clock.now();
      const scannedBy = typeof result.extras.userNick === 'string' ? result.extras.userNick.trim() : '';
      if (named !== '' && scannedBy !== '' && scannedBy.toLowerCase() !== named.toLowerCase()) {
        // The cookies are another account's: never stored on this one.
        session.error = otherAccountError(named, scannedBy, session.lastCheckedAt);
        return this.finish(session, 'failed');
      }
      session.account = await this.deps.save(session.accountId, session.lgToken, result, { nameFromNick: session.nameFromNick });
      return this.finish(session, 'success');
    } catch (error) {
      if (session.state !== 'waiting') return;
      session.attempts += 1;
      session.lastCheckedAt = this.deps.clock.now();
      const info = toErrorInfo(error, session.lastCheckedAt);
      // Until the person confirms in the app, the framework refuses the lgToken: keep asking. A framework
      // that is gone, a locked vault or a removed account will not get better by waiting.
      session.error = info;
      if (['network', 'locked', 'not_found', 'invalid_input', 'internal'].includes(info.code)) return this.finish(session, 'failed');
    }
    if (this.deps.clock.now() >= session.expiresAt) return this.finish(session, 'expired');
    this.notify(session);
    this.schedule(session);
  }

  private finish(session: Session, state: Exclude<QrLoginState, 'waiting'>): void {
    session.state = state;
    this.deps.clock.clearTimeout(session.timer);
    if (state === 'success' || state === 'cancelled') session.error = null;
    if (state === 'expired') session.error = expiredError(this.deps.clock.now());
    this.notify(session);
    if (state !== 'cancelled') {
      const error = state === 'success' ? null : session.error;
      void this.deps.record({ accountId: session.accountId, startedAt: session.startedAt, outcome: state === 'success' ? 'ok' : 'error', error }).catch(() => undefined);
    }
    this.deps.clock.setTimeout(() => this.sessions.delete(session.id), KEEP_FINISHED_MS);
  }

  private notify(session: Session): void {
    for (const wake of session.waiters.splice(0)) wake();
  }
}

/** A scan by another Qianniu account than the one the account names. */
function otherAccountError(named: string, scannedBy: string, at: number): ErrorInfo {
  return {
    code: 'invalid_input',
    message: `The QR code was scanned by the Qianniu account "${scannedBy}", not "${named}", so nothing was saved. Log in again and scan with ${named}'s Qianniu app, or clear this account's Qianniu account field to log in as ${scannedBy}.`,
    needsUser: true,
    reason: 'qr_other_account',
    next: { kind: 'login' },
    at,
  };
}

function expiredError(at: number): ErrorInfo {
  return { code: 'timeout', message: 'The QR code expired before it was scanned. Ask for a new QR code and scan it with the Qianniu app.', at };
}
