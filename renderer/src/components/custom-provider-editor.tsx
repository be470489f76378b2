import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { ErrorInfo } from '../../../shared/errors';
import { dictionaries, localized } from '../../../shared/i18n';
import { useLanguage, useT } from '../i18n/use-t';
import { definitionToDraft, draftToDefinition, newDraft, type ProviderDraft } from '../lib/custom-draft';
import { definitionProblems, problemText, type DefinitionProblem } from '../lib/custom-problems';
import type { RequestTemplate } from '../lib/custom-preview';
import { downloadDefinition } from '../lib/download';
import { useStore } from '../store';
import { ProblemsContext } from './custom-editor-bits';
import { AnswerSection, BasicsSection, FieldsSection } from './custom-editor-sections';
import { PreviewPanel, SampleChooser, type SampleSource } from './custom-preview-panel';
import { RequestSections } from './custom-request-section';
import { TryPanel } from './custom-try-panel';
import { ErrorBanner } from './error-banner';
import { Modal } from './modal';

type Mode = 'form' | 'json';

/** The definition now and its problems, from the form or from the JSON text (whichever is being edited). */
function useCurrent(mode: Mode, draft: ProviderDraft, jsonText: string): { definition: unknown; problems: DefinitionProblem[]; fieldsDraft: ProviderDraft } {
  return useMemo(() => {
    if (mode === 'form') {
      const { definition, problems } = draftToDefinition(draft);
      return { definition, problems: definitionProblems(definition, problems), fieldsDraft: draft };
    }
    try {
      const value: unknown = JSON.parse(jsonText);
      return { definition: value, problems: definitionProblems(value), fieldsDraft: definitionToDraft(value) };
    } catch (error) {
      const message = `is not valid JSON (${error instanceof Error ? error.message : 'parse error'})`;
      return { definition: null, problems: definitionProblems(null, [{ path: 'definition', message }]).slice(0, 1), fieldsDraft: draft };
    }
  }, [mode, draft, jsonText]);
}

/** Every problem as "path: words", for the JSON view and the summary under the form. */
function ProblemList({ problems }: { problems: readonly DefinitionProblem[] }): ReactElement | null {
  const t = useT();
  if (problems.length === 0) return null;
  return (
    <section className="problem-list" aria-labelledby="cp-problems-title">
      <h3 id="cp-problems-title">{t('custom.problems', { n: problems.length })}</h3>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.path}-${i}`}>
            <code className="path">{p.path}</code> {problemText(p, t)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * The custom-provider editor: the definition's parts as form sections (or the whole as JSON), each
 * problem beside its input, a live preview of the resolved request with secrets masked, and Try it.
 */
export function CustomProviderEditor({ id, initial }: { id: string | null; initial?: unknown }): ReactElement {
  const t = useT();
  const language = useLanguage();
  const { openSettings, defineProvider, loadDefinition } = useStore.getState();
  const accounts = useStore((s) => s.accounts);
  // The title names the provider as saved, not as it is being retyped.
  const savedInfo = useStore((s) => (id === null ? undefined : s.providers.find((p) => p.id === id)));
  const [draft, setDraft] = useState<ProviderDraft>(() =>
    initial !== undefined ? definitionToDraft(initial) : newDraft({ en: dictionaries.en['custom.addressLabel'], zh: dictionaries['zh-CN']['custom.addressLabel'] }),
  );
  const [loading, setLoading] = useState(id !== null);
  const [loadError, setLoadError] = useState<ErrorInfo | null>(null);
  const [mode, setMode] = useState<Mode>('form');
  const [jsonText, setJsonText] = useState('');
  const [saveError, setSaveError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [source, setSource] = useState<SampleSource>({ kind: 'defaults' });
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [uuid] = useState(() => crypto.randomUUID());
  const [askDiscard, setAskDiscard] = useState(false);
  /** The definition as loaded (or started), to tell whether closing would lose work. */
  const [started] = useState(() => (id === null ? JSON.stringify(draftToDefinition(draft).definition) : null));
  const saved = useRef<string | null>(started);
  const keepRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (id === null) return;
    let live = true;
    void loadDefinition(id).then((res) => {
      if (!live) return;
      setLoading(false);
      if (res.ok) {
        const loaded = definitionToDraft(res.value.definition);
        saved.current = JSON.stringify(draftToDefinition(loaded).definition);
        setDraft(loaded);
      } else setLoadError(res.error);
    });
    return () => {
      live = false;
    };
  }, [id, loadDefinition]);

  const { definition, problems, fieldsDraft } = useCurrent(mode, draft, jsonText);
  const valid = problems.length === 0;
  const providerId = id ?? fieldsDraft.id;
  const ownAccounts = useMemo(() => Object.values(accounts).filter((a) => a.provider === providerId), [accounts, providerId]);
  const account = source.kind === 'account' ? ownAccounts.find((a) => a.id === source.id) : undefined;
  const sampleValues = useMemo(() => (source.kind === 'typed' ? typed : (account?.fields ?? {})), [source.kind, typed, account]);
  const requestOf = (key: 'request' | 'refresh'): RequestTemplate | null => {
    const value = definition !== null && typeof definition === 'object' ? (definition as Record<string, unknown>)[key] : undefined;
    return value !== null && typeof value === 'object' ? (value as RequestTemplate) : null;
  };
  const request = requestOf('request') ?? {};
  const refresh = requestOf('refresh');

  const dirty = saved.current !== null && JSON.stringify(definition) !== saved.current;
  // Escape, the close button and Cancel all come here: a changed definition is not dropped silently.
  const close = (): void => {
    if (!dirty || askDiscard) openSettings();
    else {
      setAskDiscard(true);
      requestAnimationFrame(() => keepRef.current?.focus());
    }
  };

  const change = (patch: Partial<ProviderDraft>): void => setDraft((d) => ({ ...d, ...patch }));
  const showJson = (): void => {
    setJsonText(JSON.stringify(definition, null, 2));
    setMode('json');
  };
  const showForm = (): void => {
    // JSON that does not parse stays in the JSON view, with its problem shown.
    if (definition === null) return;
    setDraft(definitionToDraft(definition));
    setMode('form');
  };
  const save = async (): Promise<void> => {
    if (!valid) return;
    setBusy(true);
    const error = await defineProvider(definition, id !== null);
    setBusy(false);
    if (error) setSaveError(error);
    else openSettings();
  };

  const title = id !== null ? t('custom.editTitle', { name: savedInfo ? localized(savedInfo.displayName, language) : (id ?? '') }) : t('custom.newTitle');
  return (
    <Modal title={title} onClose={close} className="editor-dialog">
      <div className="modal-body editor-layout">
        <div className="editor-main">
          <div className="editor-toolbar">
            <div className="segmented" role="group" aria-label={t('custom.view')}>
              <button type="button" className="btn small" aria-pressed={mode === 'form'} onClick={showForm} disabled={mode === 'json' && definition === null}>
                {t('custom.viewForm')}
              </button>
              <button type="button" className="btn small" aria-pressed={mode === 'json'} onClick={showJson}>
                {t('custom.viewJson')}
              </button>
            </div>
            <button type="button" className="btn small" disabled={definition === null} onClick={() => downloadDefinition(definition, fieldsDraft.id)}>
              {t('custom.exportJson')}
            </button>
          </div>
          {loadError && <ErrorBanner error={loadError} title={t('custom.loadFailed')} />}
          {saveError && <ErrorBanner error={saveError} title={t('custom.saveFailed')} />}
          {loading ? (
            <p className="muted">{t('app.loading')}</p>
          ) : (
            <ProblemsContext.Provider value={problems}>
              {mode === 'form' ? (
                <>
                  <BasicsSection draft={draft} change={change} idLocked={id !== null} />
                  <FieldsSection draft={draft} change={change} />
                  <RequestSections draft={draft} change={change} />
                  <AnswerSection draft={draft} change={change} />
                </>
              ) : (
                <div className="form-row">
                  <label htmlFor="cp-json">{t('custom.jsonView')}</label>
                  <textarea id="cp-json" className="mono json-view" rows={24} spellCheck={false} value={jsonText} aria-invalid={!valid} aria-describedby="cp-json-help" onChange={(e) => setJsonText(e.target.value)} />
                  <p id="cp-json-help" className="help">
                    {t('custom.jsonViewHelp')}
                  </p>
                </div>
              )}
              <ProblemList problems={problems} />
            </ProblemsContext.Provider>
          )}
        </div>
        <aside className="editor-side" aria-label={t('custom.sideLabel')}>
          <SampleChooser source={source} onSource={setSource} accounts={ownAccounts} fields={fieldsDraft.fields} typed={typed} onTyped={setTyped} />
          <PreviewPanel request={request} refresh={refresh} fields={fieldsDraft.fields} values={sampleValues} uuid={uuid} />
          <TryPanel providerId={providerId} definition={definition} valid={valid} accountId={account?.id ?? null} values={source.kind === 'typed' ? typed : null} />
        </aside>
      </div>
      {askDiscard ? (
        <footer className="modal-footer discard-bar" role="alert">
          <p className="footer-note">{t('custom.discardAsk')}</p>
          <button ref={keepRef} type="button" className="btn" onClick={() => setAskDiscard(false)}>
            {t('custom.keepEditing')}
          </button>
          <button type="button" className="btn danger solid" onClick={openSettings}>
            {t('custom.discard')}
          </button>
        </footer>
      ) : (
        <footer className="modal-footer">
          <p className="footer-note" role="status">
            {valid ? '' : t('custom.fixToSave', { n: problems.length })}
          </p>
          <button type="button" className="btn" onClick={close}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn primary" disabled={!valid || busy || loading} onClick={() => void save()}>
            {t('custom.save')}
          </button>
        </footer>
      )}
    </Modal>
  );
}
