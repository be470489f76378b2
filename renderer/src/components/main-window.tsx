import type { ReactElement } from 'react';
import { useShortcuts } from '../hooks/use-shortcuts';
import { useStore, type StoreState } from '../store';
import { AccountDialog } from './account-dialog';
import { AddManyDialog } from './add-many-dialog';
import { AccountList } from './account-list';
import { ConfirmDeleteDialog } from './confirm-delete-dialog';
import { CustomProviderEditor } from './custom-provider-editor';
import { RemoveProviderDialog } from './custom-providers-settings';
import { DetailsPane } from './details-pane';
import { EmptyState } from './empty-state';
import { NoticeBar } from './notice-bar';
import { QrLoginDialog } from './qr-login-dialog';
import { SettingsDialog } from './settings-dialog';
import { Sidebar } from './sidebar';
import { Toolbar } from './toolbar';
import { ExportDialog, ImportDialog } from './transfer-dialogs';

const hasNoAccounts = (s: StoreState): boolean => {
  for (const _id in s.accounts) return false;
  return true;
};

function Dialogs(): ReactElement | null {
  const dialog = useStore((s) => s.dialog);
  if (dialog === null) return null;
  switch (dialog.kind) {
    case 'add':
      return <AccountDialog key="add" />;
    case 'add-many':
      return <AddManyDialog />;
    case 'edit':
      return <AccountDialog key={`edit-${dialog.id}`} editId={dialog.id} />;
    case 'delete':
      return <ConfirmDeleteDialog id={dialog.id} />;
    case 'settings':
      return <SettingsDialog />;
    case 'export':
      return <ExportDialog />;
    case 'import':
      return <ImportDialog />;
    case 'qr-login':
      return <QrLoginDialog key={`qr-${dialog.id}`} id={dialog.id} nameFromNick={dialog.nameFromNick} />;
    case 'custom-editor':
      return <CustomProviderEditor key={`custom-${dialog.id ?? 'new'}`} id={dialog.id} initial={dialog.initial} />;
    case 'custom-remove':
      return <RemoveProviderDialog id={dialog.id} />;
  }
}

/** The unlocked window: toolbar, vault notices, sidebar, list (or the empty state) and the details pane. */
export function MainWindow(): ReactElement {
  useShortcuts();
  const empty = useStore(hasNoAccounts);
  const detailsId = useStore((s) => (s.detailsOpen && s.selectedId !== null && s.accounts[s.selectedId] ? s.selectedId : null));
  return (
    <div className="app">
      <Toolbar />
      <NoticeBar />
      <div className="workspace">
        <Sidebar />
        <main className="content">{empty ? <EmptyState /> : <AccountList />}</main>
        {detailsId !== null && <DetailsPane key={detailsId} id={detailsId} />}
      </div>
      <Dialogs />
    </div>
  );
}
