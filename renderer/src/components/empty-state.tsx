import type { ReactElement } from 'react';
import { localized } from '../../../shared/i18n';
import { useLanguage, useT } from '../i18n/use-t';
import { useStore } from '../store';
import { PlusIcon } from './icons';

/** First launch: what TokenDesk does, the providers it speaks, and "Add account". */
export function EmptyState(): ReactElement {
  const t = useT();
  const language = useLanguage();
  const providers = useStore((s) => s.providers);
  const openAddDialog = useStore((s) => s.openAddDialog);
  return (
    <section className="empty-state" aria-labelledby="empty-title">
      <svg className="empty-art" viewBox="0 0 120 80" aria-hidden="true" focusable="false">
        <rect x="10" y="14" width="100" height="56" rx="10" className="art-card" />
        <circle cx="34" cy="42" r="11" className="art-accent" />
        <rect x="52" y="34" width="42" height="6" rx="3" className="art-line" />
        <rect x="52" y="46" width="28" height="6" rx="3" className="art-line soft" />
      </svg>
      <h1 id="empty-title">{t('empty.title')}</h1>
      <p className="lead">{t('empty.body')}</p>
      <ul className="empty-providers">
        {providers.map((p) => (
          <li key={p.id}>
            <span className={`provider-dot provider-${p.id}`} aria-hidden="true" />
            <strong>{localized(p.displayName, language)}</strong>
            <span className="muted"> — {localized(p.description, language)}</span>
          </li>
        ))}
      </ul>
      <button type="button" className="btn primary large" onClick={openAddDialog}>
        <PlusIcon />
        <span>{t('toolbar.add')}</span>
      </button>
      <p className="muted small">{t('empty.hint')}</p>
    </section>
  );
}
