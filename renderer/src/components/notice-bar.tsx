import { useMemo, type ReactElement } from 'react';
import { useT } from '../i18n/use-t';
import { useStore } from '../store';
import { WarningIcon } from './icons';

const NO_NOTICES: readonly string[] = [];

/** The vault's notices the user has not dismissed in this window session, in core's order. */
function useOpenNotices(): readonly string[] {
  const notices = useStore((s) => s.vault?.notices ?? NO_NOTICES);
  const dismissed = useStore((s) => s.dismissedNotices);
  return useMemo(() => notices.filter((notice) => !dismissed.has(notice)), [notices, dismissed]);
}

/**
 * What the vault wants the user to know, e.g. that a damaged vault.json was set aside and the last
 * good copy loaded. Shown above the unlock screen and the main window, since a repair can happen
 * before unlock. The notice text comes from core in English; the bar's own words are localized.
 */
export function NoticeBar(): ReactElement | null {
  const t = useT();
  const notices = useOpenNotices();
  const dismiss = useStore((s) => s.dismissNotices);
  if (notices.length === 0) return null;
  return (
    <section className="notice-bar" role="alert" aria-labelledby="notice-bar-title">
      <WarningIcon size={18} />
      <div className="notice-bar-body">
        <strong id="notice-bar-title">{t('notices.title')}</strong>
        <ul className="notice-list">
          {notices.map((notice) => (
            <li key={notice}>{notice}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="btn small" onClick={() => dismiss(notices)}>
        {t('notices.dismiss')}
      </button>
    </section>
  );
}
