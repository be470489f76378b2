import { useEffect, useId, useRef, type ReactElement, type ReactNode } from 'react';
import { useT } from '../i18n/use-t';
import { CloseIcon } from './icons';

interface ModalProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  className?: string;
  /** 'alertdialog' for confirmations. */
  role?: 'dialog' | 'alertdialog';
}

/**
 * A modal on the native <dialog> element: the browser traps focus, keeps the rest of the window
 * inert and turns Escape into `cancel`; focus returns to where it was when it closes.
 */
export function Modal({ title, onClose, children, className, role }: ModalProps): ReactElement {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    // showModal() moves focus to the first focusable element; the dialog's content may name a better one.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onCancel = (e: Event): void => {
      e.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      previous?.focus({ preventScroll: true });
    };
  }, []);

  return (
    <dialog ref={ref} className={className ? `modal ${className}` : 'modal'} aria-labelledby={titleId} role={role}>
      <header className="modal-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-btn" aria-label={t('common.close')} title={t('common.close')} onClick={onClose}>
          <CloseIcon />
        </button>
      </header>
      {children}
    </dialog>
  );
}
