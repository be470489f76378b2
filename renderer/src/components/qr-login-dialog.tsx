import { useEffect, useState, type ReactElement } from 'react';
import type { ErrorInfo } from '../../../shared/errors';
import { useT } from '../i18n/use-t';
import type { Translate } from '../../../shared/i18n';
import { useQrLogin } from '../hooks/use-qr-login';
import { errorHeadline } from '../../../shared/i18n/errors';
import { useStore } from '../store';
import { useNow } from '../store/clock';
import { RefreshIcon, WarningIcon } from './icons';
import { Modal } from './modal';

const clockText = (ms: number): string => {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
};

/** A framework that refuses connections is not running: say that, with its address, before anything else. */
function Failure({ error, address, t, onRetry }: { error: ErrorInfo; address: string; t: Translate; onRetry(): void }): ReactElement {
  const down = error.code === 'network';
  // Scanned by another Qianniu account than the one named: core checked the nick the framework answered.
  const other = error.reason === 'qr_other_account';
  const title = down ? t('qr.frameworkDown.title') : other ? t('qr.otherAccount.title') : t('qr.failed.title');
  const body = down ? t('qr.frameworkDown.body', { address }) : other ? t('qr.otherAccount.body') : errorHeadline(error, t);
  return (
    <div className="qr-problem" role="alert">
      <WarningIcon size={22} />
      <div>
        <strong>{title}</strong>
        <p>{body}</p>
        {error.provider && (
          <p className="provider-error">
            <code>{error.provider.code}</code> {error.provider.message}
          </p>
        )}
        {/* Core's own words add nothing to the localized "not running" line above. */}
        {!down && error.message !== '' && <p className="error-message muted">{error.message}</p>}
        <button type="button" className="btn primary" data-autofocus onClick={onRetry}>
          {t('qr.retry')}
        </button>
      </div>
    </div>
  );
}

function Countdown({ expiresAt, t }: { expiresAt: number; t: Translate }): ReactElement {
  const now = useNow();
  const left = expiresAt - now;
  return (
    <p className={left < 30_000 ? 'qr-countdown soon' : 'qr-countdown'} role="timer">
      {t('qr.expiresIn', { time: clockText(left) })}
    </p>
  );
}

/** The SaiNiu QR login: the code, a countdown, the polling state; expired → a new code; success → closes. */
export function QrLoginDialog({ id, nameFromNick }: { id: string; nameFromNick: boolean }): ReactElement | null {
  const t = useT();
  const view = useStore((s) => s.accounts[id]);
  const { closeDialog, notify } = useStore.getState();
  const [round, setRound] = useState(0);
  const phase = useQrLogin(id, nameFromNick, round);
  const address = view?.fields.baseUrl ?? 'http://127.0.0.1:3030';

  useEffect(() => {
    if (phase.kind !== 'success') return;
    const nick = phase.account?.fields.userNick ?? phase.account?.name ?? '';
    notify({ level: 'info', message: { key: 'qr.success', vars: { nick } } });
    closeDialog();
  }, [phase, notify, closeDialog, t]);

  if (!view) return null;
  const again = (): void => setRound((r) => r + 1);
  return (
    <Modal title={t('qr.title', { name: view.name })} onClose={closeDialog} className="qr-dialog">
      <div className="modal-body qr-body">
        {phase.kind === 'starting' && (
          <p className="qr-status" aria-live="polite">
            <RefreshIcon className="spin" /> {t('qr.starting', { address })}
          </p>
        )}
        {(phase.kind === 'waiting' || phase.kind === 'expired') && (
          <div className="qr-layout">
            <figure className={phase.kind === 'expired' ? 'qr-figure expired' : 'qr-figure'}>
              <img src={phase.ticket.imageDataUrl} width={220} height={220} alt={t('qr.imageAlt')} />
            </figure>
            <div className="qr-side">
              <ol className="qr-steps">
                <li>{t('qr.step1')}</li>
                <li>{t('qr.step2')}</li>
                <li>{t('qr.step3')}</li>
              </ol>
              {phase.kind === 'waiting' ? (
                <>
                  <Countdown expiresAt={phase.ticket.expiresAt} t={t} />
                  <p className="qr-status muted" aria-live="polite">
                    <RefreshIcon className="spin" size={14} />{' '}
                    {phase.checks === 0 ? t('qr.waiting', { seconds: phase.ticket.intervalMs / 1000 }) : t('qr.checked', { n: phase.checks })}
                  </p>
                </>
              ) : (
                <div className="qr-expired" role="alert">
                  <p>{t('qr.expired')}</p>
                  <button type="button" className="btn primary" data-autofocus onClick={again}>
                    {t('qr.newCode')}
                  </button>
                </div>
              )}
            </div>
          </div>
        )}
        {phase.kind === 'failed' && <Failure error={phase.error} address={address} t={t} onRetry={again} />}
      </div>
      <footer className="modal-footer">
        <button type="button" className="btn" onClick={closeDialog}>
          {t('common.cancel')}
        </button>
      </footer>
    </Modal>
  );
}
