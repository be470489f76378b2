import { useEffect, type ReactElement } from 'react';
import type { Language, MessageVars, Translate } from '../../../shared/i18n';
import { useLanguage, useT } from '../i18n/use-t';
import { errorDetail, errorHeadline } from '../../../shared/i18n/errors';
import { useStore } from '../store';
import type { Toast, ToastMessage } from '../store/toast';
import { CloseIcon } from './icons';

const LIFETIME_MS = { info: 5_000, error: 10_000 } as const;

function messageText(message: ToastMessage, t: Translate): string {
  const vars: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.vars ?? {})) vars[name] = typeof value === 'object' ? t(value.key) : value;
  return t(message.key, vars as MessageVars);
}

/** A toast's lines in the current language: the message (with the error's headline) and the error's detail. */
export function toastLines(toast: Toast, t: Translate, language?: Language): { text: string; detail: string | null } {
  const text = messageText(toast.message, t);
  if (!toast.error) return { text, detail: null };
  return { text: `${text} — ${errorHeadline(toast.error, t)}`, detail: errorDetail(toast.error, t, language) };
}

function ToastItem({ toast }: { toast: Toast }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const dismiss = useStore((s) => s.dismissToast);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), LIFETIME_MS[toast.level]);
    return () => clearTimeout(timer);
  }, [toast.id, toast.level, dismiss]);
  const { text, detail } = toastLines(toast, t, language);
  return (
    <div className={`toast toast-${toast.level}`} role={toast.level === 'error' ? 'alert' : 'status'}>
      <div className="toast-text">
        <div>{text}</div>
        {detail && <div className="toast-detail">{detail}</div>}
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
