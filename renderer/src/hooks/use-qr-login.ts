import { useEffect, useState } from 'react';
import type { AccountView } from '../../../shared/account';
import type { ErrorInfo } from '../../../shared/errors';
import type { QrLoginTicket } from '../../../shared/qr-login';
import { call } from '../api';

/** Where the QR login dialog stands. */
export type QrLoginPhase =
  | { kind: 'starting' }
  | { kind: 'waiting'; ticket: QrLoginTicket; checks: number; lastCheckedAt: number | null }
  | { kind: 'expired'; ticket: QrLoginTicket }
  | { kind: 'failed'; error: ErrorInfo }
  | { kind: 'success'; account: AccountView | null };

/**
 * Runs one QR login while the dialog is open: asks main for a code (main fetches the image and
 * hands back a data: URL), then follows main's polling one check at a time. `round` changes ask for
 * a new code; closing the dialog cancels the login in main.
 */
export function useQrLogin(id: string, nameFromNick: boolean, round: number): QrLoginPhase {
  const [phase, setPhase] = useState<QrLoginPhase>({ kind: 'starting' });
  useEffect(() => {
    let live = true;
    let loginId: string | null = null;
    const run = async (): Promise<void> => {
      setPhase({ kind: 'starting' });
      const started = await call('login:start', { id, nameFromNick });
      if (!started.ok) {
        if (live) setPhase({ kind: 'failed', error: started.error });
        return;
      }
      loginId = started.value.loginId;
      if (!live) {
        void call('login:cancel', { loginId });
        return;
      }
      const ticket = started.value;
      setPhase({ kind: 'waiting', ticket, checks: 0, lastCheckedAt: null });
      for (let after = -1; live; ) {
        const res = await call('login:wait', { loginId: ticket.loginId, afterAttempt: after });
        if (!live) return;
        if (!res.ok) return setPhase({ kind: 'failed', error: res.error });
        const progress = res.value;
        if (progress.state === 'waiting') {
          after = progress.attempts;
          setPhase({ kind: 'waiting', ticket, checks: progress.attempts, lastCheckedAt: progress.lastCheckedAt });
        } else if (progress.state === 'success') {
          loginId = null;
          return setPhase({ kind: 'success', account: progress.account });
        } else if (progress.state === 'expired') {
          return setPhase({ kind: 'expired', ticket });
        } else if (progress.state === 'failed') {
          return setPhase({ kind: 'failed', error: progress.error ?? { code: 'internal', message: '' } });
        } else return;
      }
    };
    void run();
    return () => {
      live = false;
      if (loginId !== null) void call('login:cancel', { loginId });
    };
  }, [id, nameFromNick, round]);
  return phase;
}
