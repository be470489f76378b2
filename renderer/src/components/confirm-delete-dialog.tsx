import { useState, type ReactElement } from 'react';
import { useT } from '../i18n/use-t';
import { useStore } from '../store';
import { Modal } from './modal';

/** Asks before deleting: the account and its token are gone for good. */
export function ConfirmDeleteDialog({ id }: { id: string }): ReactElement | null {
  const t = useT();
  const name = useStore((s) => s.accounts[id]?.name);
  const [busy, setBusy] = useState(false);
  const { closeDialog, removeAccount } = useStore.getState();
  if (name === undefined) return null;
  return (
    <Modal title={t('confirmDelete.title', { name })} onClose={closeDialog} role="alertdialog" className="narrow">
      <div className="modal-body">
        <p>{t('confirmDelete.body')}</p>
      </div>
      <footer className="modal-footer">
        <button type="button" className="btn" onClick={closeDialog} data-autofocus>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="btn danger solid"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            const removed = await removeAccount(id);
            setBusy(false);
            if (removed) closeDialog();
          }}
        >
          {t('confirmDelete.confirm')}
        </button>
      </footer>
    </Modal>
  );
}
