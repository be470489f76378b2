import { useState, type ReactElement } from 'react';
import type { ErrorInfo } from '../../../shared/errors';
import type { ProviderInfo } from '../../../shared/providers';
import { localized } from '../../../shared/i18n';
import { useLanguage, useT } from '../i18n/use-t';
import { definitionProblems, problemText } from '../lib/custom-problems';
import { downloadDefinition } from '../lib/download';
import { useStore, type StoreState } from '../store';
import { FilePickButton } from './file-pick-button';
import { Modal } from './modal';

/** The custom providers, built-ins left out (`custom` set by main). */
const selectCustom = (s: StoreState): ProviderInfo[] => s.providers.filter((p) => p.custom);

/** How many accounts use each provider id. */
function useAccountCounts(): Readonly<Record<string, number>> {
  const accounts = useStore((s) => s.accounts);
  const counts: Record<string, number> = {};
  for (const view of Object.values(accounts)) counts[view.provider] = (counts[view.provider] ?? 0) + 1;
  return counts;
}

/** Settings → Custom providers: the list with Edit, Export JSON and Remove, plus New and Import JSON…. */
export function CustomProvidersSettings(): ReactElement {
  const t = useT();
  const language = useLanguage();
  const providers = useStore((s) => s.providers);
  const custom = providers.filter((p) => p.custom);
  const counts = useAccountCounts();
  const { openCustomEditor, askToRemoveProvider, loadDefinition, notify } = useStore.getState();
  const [importProblem, setImportProblem] = useState<string | null>(null);

  const importFile = async (file: File): Promise<void> => {
    setImportProblem(null);
    let value: unknown;
    try {
      value = JSON.parse(await file.text());
    } catch (error) {
      setImportProblem(t('custom.importNotJson', { file: file.name, reason: error instanceof Error ? error.message : '' }));
      return;
    }
    // The first problem, at its path (as parseCustomProvider names it), worded in the UI language.
    const [first] = definitionProblems(value);
    if (first) {
      setImportProblem(t('custom.importInvalid', { file: file.name, problem: `${first.path}: ${problemText(first, t)}` }));
      return;
    }
    // The editor opens with it for a look (and Try it) before it is saved.
    openCustomEditor(null, value);
  };

  const exportOne = async (id: string): Promise<void> => {
    const res = await loadDefinition(id);
    if (res.ok) downloadDefinition(res.value.definition, id);
    else notify({ level: 'error', message: { key: 'custom.exportFailed' }, error: res.error });
  };

  return (
    <section className="settings-group" aria-labelledby="settings-custom">
      <h3 id="settings-custom">{t('custom.settingsTitle')}</h3>
      <p className="help">{t('custom.settingsHelp')}</p>
      {custom.length === 0 ? (
        <p className="muted">{t('custom.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table custom-table" aria-label={t('custom.settingsTitle')}>
            <thead>
              <tr>
                <th scope="col">{t('custom.colName')}</th>
                <th scope="col">{t('custom.colId')}</th>
                <th scope="col">{t('custom.colAccounts')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('custom.colActions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {custom.map((p) => {
                const name = localized(p.displayName, language);
                return (
                  <tr key={p.id}>
                    <td>
                      {name}
                      {p.problem && <p className="field-error">{t('custom.cannotRun', { problem: p.problem })}</p>}
                    </td>
                    <td>
                      <code>{p.id}</code>
                    </td>
                    <td className="nowrap">{counts[p.id] ?? 0}</td>
                    <td className="row-actions">
                      <button type="button" className="btn small" aria-label={t('custom.editOne', { name })} onClick={() => openCustomEditor(p.id)}>
                        {t('custom.edit')}
                      </button>
                      <button type="button" className="btn small" aria-label={t('custom.exportOne', { name })} onClick={() => void exportOne(p.id)}>
                        {t('custom.exportJson')}
                      </button>
                      <button type="button" className="btn small danger" aria-label={t('custom.removeOne', { name })} onClick={() => askToRemoveProvider(p.id)}>
                        {t('custom.remove')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="button-row">
        <button type="button" className="btn" onClick={() => openCustomEditor(null)}>
          {t('custom.new')}
        </button>
        <FilePickButton label={t('custom.import')} inputLabel={t('custom.importFile')} accept=".json,application/json" onFile={(file) => void importFile(file)} />
      </div>
      {importProblem && (
        <p className="field-error" role="alert">
          {importProblem}
        </p>
      )}
    </section>
  );
}

/** Asks before removing a custom provider; while accounts use it, says how many and offers to keep them. */
export function RemoveProviderDialog({ id }: { id: string }): ReactElement | null {
  const t = useT();
  const language = useLanguage();
  const info = useStore((s) => selectCustom(s).find((p) => p.id === id));
  const using = useAccountCounts()[id] ?? 0;
  const { openSettings, removeProvider } = useStore.getState();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  if (!info) return null;
  const name = localized(info.displayName, language);
  const remove = async (force: boolean): Promise<void> => {
    setBusy(true);
    const failure = await removeProvider(id, force);
    setBusy(false);
    if (failure) setError(failure);
    else openSettings();
  };
  return (
    <Modal title={t('custom.removeTitle', { name })} onClose={openSettings} role="alertdialog" className="narrow">
      <div className="modal-body">
        <p>{using === 0 ? t('custom.removeBody') : t('custom.removeInUse', { n: using })}</p>
        {error && (
          <p className="field-error modal-error" role="alert">
            {error.message}
          </p>
        )}
      </div>
      <footer className="modal-footer">
        <button type="button" className="btn" onClick={openSettings} data-autofocus>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn danger solid" disabled={busy} onClick={() => void remove(using > 0)}>
          {using === 0 ? t('custom.removeConfirm') : t('custom.removeAnyway')}
        </button>
      </footer>
    </Modal>
  );
}
