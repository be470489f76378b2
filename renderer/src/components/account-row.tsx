import { memo, type ReactElement } from 'react';
import type { ProviderId } from '../../../shared/providers';
import { needsQrLogin } from '../../../shared/qr-login';
import { localized } from '../../../shared/i18n';
import { useLanguage, useT } from '../i18n/use-t';
import { accountSubtitle } from '../lib/account-facts';
import { useStore } from '../store';
import type { AccountView } from '../../../shared/account';
import { useAutoRefreshOffDue } from '../hooks/use-auto-refresh-off';
import { AutoRefreshNote, AutoRefreshOffNote, hasAutoRefreshNote, TurnOnAutoRefresh } from './auto-refresh-note';
import { CopyIcon, RefreshIcon } from './icons';
import { LiveCells } from './live-cells';

/** Row heights of the virtualized list (fixed, so offsets are arithmetic). */
export const ACCOUNT_ROW_HEIGHT = 60;
export const GROUP_ROW_HEIGHT = 34;

/** The DOM id of an account's row (the list's aria-activedescendant). */
export const rowDomId = (id: string): string => `account-row-${id}`;

interface RowProps {
  id: string;
  top: number;
  index: number;
  selected: boolean;
}

/** One account: name, environment, status, live countdown, last refresh, refresh and copy buttons. */
export const AccountRow = memo(function AccountRow({ id, top, index, selected }: RowProps): ReactElement | null {
  const view = useStore((s) => s.accounts[id]);
  if (!view) return null;
  return <AccountRowOf view={view} top={top} index={index} selected={selected} />;
});

/** The row of a view that exists (hooks that need the view live here, below the early return). */
function AccountRowOf({ view, top, index, selected }: { view: AccountView; top: number; index: number; selected: boolean }): ReactElement {
  const t = useT();
  const id = view.id;
  const offDue = useAutoRefreshOffDue(view);
  const busy = view.refreshing;
  const { openDetails, refreshAccount, copyToken, openQrLogin } = useStore.getState();
  return (
    <div
      role="row"
      id={rowDomId(id)}
      aria-rowindex={index + 1}
      aria-selected={selected}
      aria-label={view.name}
      className={selected ? 'row account-row selected' : 'row account-row'}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => openDetails(id)}
    >
      <div role="gridcell" className="cell-name">
        <div className="name-line">
          <span className="account-name">{view.name}</span>
          {view.env !== '' && <span className="env-badge">{view.env}</span>}
        </div>
        {/* While auto-refresh fails, has stopped or is off when due, that takes the subtitle's place (rows have a fixed height). */}
        {view.damage ? (
          <div className="subtitle damage-note">{view.damage === 'changed' ? t('damage.changedShort') : t('damage.unreadableShort')}</div>
        ) : hasAutoRefreshNote(view) ? (
          <AutoRefreshNote view={view} />
        ) : offDue ? (
          <AutoRefreshOffNote />
        ) : (
          <div className="subtitle muted">{accountSubtitle(view)}</div>
        )}
      </div>
      <LiveCells view={view} />
      <div role="gridcell" className="cell-actions">
        {offDue && !needsQrLogin(view) && <TurnOnAutoRefresh view={view} className="btn small turn-on-btn" label={t('row.turnOnAutoRefresh')} />}
        {/* A SaiNiu session that ended (or never began) needs a person with a phone, not another refresh. */}
        {needsQrLogin(view) && (
          <button
            type="button"
            className="btn small qr-login-btn"
            title={t('row.loginTitle', { name: view.name })}
            onClick={(e) => {
              e.stopPropagation();
              openQrLogin(id);
            }}
          >
            {view.secretsSet.includes('logonToken') ? t('row.loginAgain') : t('row.login')}
          </button>
        )}
        <button
          type="button"
          className="icon-btn"
          aria-label={t('row.refresh', { name: view.name })}
          title={t('row.refresh', { name: view.name })}
          aria-busy={busy}
          onClick={(e) => {
            e.stopPropagation();
            void refreshAccount(id);
          }}
        >
          <RefreshIcon className={busy ? 'spin' : undefined} />
        </button>
        <button
          type="button"
          className="icon-btn"
          aria-label={t('row.copy', { name: view.name })}
          title={t('row.copy', { name: view.name })}
          disabled={!view.hasToken}
          onClick={(e) => {
            e.stopPropagation();
            void copyToken(id, 'raw');
          }}
        >
          <CopyIcon />
        </button>
      </div>
    </div>
  );
}

/** A provider's group header in the list; `sticky`: the one pinned to the top of the viewport. */
export const GroupRow = memo(function GroupRow(props: { provider: ProviderId; count: number; top: number; index: number; sticky?: boolean }): ReactElement {
  const language = useLanguage();
  const info = useStore((s) => s.providers.find((p) => p.id === props.provider));
  const name = info ? localized(info.displayName, language) : props.provider;
  return (
    <div
      role="row"
      aria-rowindex={props.index + 1}
      className={props.sticky ? 'row group-row sticky' : 'row group-row'}
      // In flow at the top of the list, position: sticky keeps it there; the others sit at their offset.
      style={props.sticky ? undefined : { transform: `translateY(${props.top}px)` }}
    >
      <div role="columnheader" className="group-title">
        <span className={`provider-dot provider-${props.provider}`} aria-hidden="true" />
        <span>{name}</span>
        <span className="count">{props.count}</span>
      </div>
    </div>
  );
});
