import type { ReactElement } from 'react';
import type { AccountView } from '../../../shared/account';
import { localized } from '../../../shared/i18n';
import type { NextStep } from '../../../shared/next-step';
import { useLanguage, useT } from '../i18n/use-t';
import { useStore } from '../store';

/**
 * The next step an error names (shared/next-step.ts), as the window words and takes it: a button that
 * opens the edit form, the QR login, Settings, or refreshes, confirms or turns auto-refresh on. The CLI
 * words the same step as a command to type.
 */
export function NextStepButton({ view, step }: { view: AccountView; step: NextStep }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const provider = useStore((s) => s.providers.find((p) => p.id === view.provider));
  const store = useStore.getState();
  let label: string;
  let act: () => void;
  switch (step.kind) {
    case 'edit': {
      const labels = step.fields.map((name) => {
        const field = provider?.fields.find((f) => f.name === name);
        return field ? localized(field.label, language) : name;
      });
      label = labels.length > 0 ? t('next.edit', { fields: labels.join(t('next.fieldSeparator')) }) : t('next.editAny');
      act = () => store.openEditDialog(view.id);
      break;
    }
    case 'login':
      label = t('next.login');
      act = () => store.openQrLogin(view.id);
      break;
    case 'refresh':
      label = t('next.refresh');
      act = () => void store.refreshAccount(view.id);
      break;
    case 'confirm':
      label = t('next.confirm');
      act = () => void store.confirmAccount(view.id);
      break;
    case 'autoRefresh':
      label = t('next.autoRefresh');
      act = () => void store.turnOnAutoRefresh(view.id);
      break;
    case 'defineProvider':
      label = t('next.defineProvider');
      act = () => store.openSettings();
      break;
  }
  return (
    <button type="button" className="btn small next-step" onClick={act}>
      {label}
    </button>
  );
}
