import { z } from 'zod';
import { AccountViewSchema, type AccountView } from './account';
import { ErrorInfoSchema } from './errors';

/** How often a QR login asks the framework whether the code was scanned (the docs poll every 2–3 s). */
export const QR_POLL_INTERVAL_MS = 2_500;
/** How long a QR login waits for the scan unless told otherwise. */
export const QR_DEFAULT_TIMEOUT_MS = 180_000;

/** A QR login that has started: the image to show and until when it is worth scanning. */
export const QrLoginTicketSchema = z.object({
  loginId: z.string(),
  accountId: z.string(),
  /** The image's address as fetched (a protocol-relative `//…` is resolved with https). */
  qrUrl: z.string(),
  /** The QR image as a `data:image/…;base64,` URL: the window never loads a remote image. */
  imageDataUrl: z.string().startsWith('data:image/'),
  startedAt: z.number(),
  /** Epoch ms after which TokenDesk stops waiting for the scan. */
  expiresAt: z.number(),
  intervalMs: z.number().int(),
});
/** A QR login that has started. */
export type QrLoginTicket = z.infer<typeof QrLoginTicketSchema>;

/** Where a QR login stands. `failed` carries the error (e.g. the framework stopped running). */
export const QR_LOGIN_STATES = ['waiting', 'success', 'expired', 'failed', 'cancelled'] as const;
/** Where a QR login stands. */
export type QrLoginState = (typeof QR_LOGIN_STATES)[number];

/** A QR login's progress, after one more check or once it is over. */
export const QrLoginProgressSchema = z.object({
  loginId: z.string(),
  state: z.enum(QR_LOGIN_STATES),
  /** How many times the framework was asked so far. */
  attempts: z.number().int(),
  lastCheckedAt: z.number().nullable(),
  expiresAt: z.number(),
  error: ErrorInfoSchema.nullable(),
  /** The account after a successful login (fresh cookies, nick from the answer). */
  account: AccountViewSchema.nullable(),
});
/** A QR login's progress. */
export type QrLoginProgress = z.infer<typeof QrLoginProgressSchema>;

/**
 * True when a SaiNiu account needs a person to scan a QR code: it never logged in (no logon token),
 * or its last renewal said the Qianniu session is over (`ret` `FAIL_…`, e.g. FAIL_SYS_SESSION_EXPIRED).
 */
export function needsQrLogin(view: Pick<AccountView, 'provider' | 'secretsSet' | 'lastError'>): boolean {
  if (view.provider !== 'sainiu') return false;
  if (!view.secretsSet.includes('logonToken')) return true;
  const error = view.lastError;
  return error?.code === 'provider_rejected' && error.needsUser === true && (error.provider?.code.startsWith('FAIL') ?? false);
}
