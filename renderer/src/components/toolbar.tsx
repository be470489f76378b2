import type { ReactElement } from 'react';
import { useT } from '../i18n/use-t';
import { useStore } from '../store';
import { GearIcon, KeyIcon, LockIcon, PlusIcon, RefreshIcon, SearchIcon } from './icons';

/** The id of the search field, focused by Ctrl/Cmd+F. */
export const SEARCH_INPUT_ID = 'account-search';

/** Search, "Add account", "Refresh all", settings and (with a passphrase) lock. */
export function Toolbar(): ReactElement {
  const t = useT();
  const query = useStore((s) => s.query);
  const bulk = useStore((s) => s.bulkRefreshing);
  const canLock = useStore((s) => s.vault?.passphraseSet === true);
  const { search, openAddDialog, openAddManyDialog, refreshAllAccounts, openSettings, lockVault } = useStore.getState();
  return (
    <header className="toolbar">
      <div className="brand">
        <KeyIcon size={18} />
        <span>{t('app.name')}</span>
      </div>
      <div className="search">
        <SearchIcon className="search-icon" />
        <input
          id={SEARCH_INPUT_ID}
          type="search"
          aria-label={t('toolbar.search')}
          placeholder={t('toolbar.searchPlaceholder')}
          value={query}
          onChange={(e) => search(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              search('');
              e.currentTarget.blur();
            }
          }}
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <div className="toolbar-actions">
        <button type="button" className="btn primary" onClick={openAddDialog} title={t('shortcut.add')}>
          <PlusIcon />
          <span>{t('toolbar.add')}</span>
        </button>
        <button type="button" className="btn" onClick={openAddManyDialog}>
          <span>{t('toolbar.addSeveral')}</span>
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => void refreshAllAccounts()}
          aria-busy={bulk}
          title={t('shortcut.refreshAll')}
        >
          <RefreshIcon className={bulk ? 'spin' : undefined} />
          <span>{t('toolbar.refreshAll')}</span>
        </button>
        {canLock && (
          <button type="button" className="btn icon-only" aria-label={t('toolbar.lock')} title={t('toolbar.lock')} onClick={() => void lockVault()}>
            <LockIcon />
          </button>
        )}
        <button type="button" className="btn icon-only" aria-label={t('toolbar.settings')} title={t('toolbar.settings')} onClick={openSettings}>
          <GearIcon />
        </button>
      </div>
    </header>
  );
}
