import { useEffect, type ReactElement } from 'react';
import { useT } from '../i18n/use-t';
import { useStore } from '../store';
import type { Toast } from '../store/app-slice';
import { CloseIcon } from './icons';

const LIFETIME_MS = { info: 5_000, error: 10_000 } as const;

function ToastItem({ toast }: { toast: Toast }): ReactElement {
  const t = useT();
  const dismiss = useStore((s) => s.dismissToast);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), LIFETIME_MS[toast.level]);
    return () => clearTimeout(timer);
  }, [toast.id, toast.level, dismiss]);
  return (
    <div className={`toast toast-${toast.level}`} role={toast.level === 'error' ? 'alert' : 'status'}>
      <div className="toast-text">
        <div>{toast.text}</div>
        {toast.detail && <div className="toast-detail">{toast.detail}</div>}
      </div>
      <button type="button" className="icon-btn" aria-label={t('toast.dismiss')} title={t('toast.dismiss')} onClick={() => dismiss(toast.id)}>
        <CloseIcon size={14} />
      </button>
    </div>
  );
}

/** Short result messages in the corner. */
export function Toasts(): ReactElement {
  const toasts = useStore((s) => s.toasts);
  const t = useT();
  return (
    <div className="toasts" aria-label={t('toast.region')} role="region" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}
