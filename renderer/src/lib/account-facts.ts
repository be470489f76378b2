import type { AccountView } from '../../../shared/account';
import { accountStatus, lifetimeLeft, remainingMs, urgency } from '../../../shared/expiry';
import type { AccountStatus } from '../../../shared/account';
import { presentationOf } from '../../../shared/presentation';

/** What a row or the details pane shows at `now`: status, time left, urgency and lifetime share. */
export interface LiveFacts {
  status: AccountStatus;
  left: number | null;
  urgency: ReturnType<typeof urgency>;
  /** 0..1 share of the token's lifetime left, or null when unknown. */
  lifetime: number | null;
}

/** Derives the live facts of an account from its times with the pure functions of shared/expiry. */
export function liveFacts(view: AccountView, now: number): LiveFacts {
  const left = view.hasToken ? remainingMs(view.expiresAt, now) : null;
  return {
    status: accountStatus(view, now),
    left,
    urgency: view.hasToken ? urgency(left) : 'none',
    lifetime: view.hasToken ? lifetimeLeft(view.issuedAt, view.expiresAt, now) : null,
  };
}

/** A short second line for a row: who the token is for (user id, nickname), never a secret. */
export function accountSubtitle(view: AccountView): string {
  return presentationOf(view.provider).subtitle(view) ?? '';
}
