import { useEffect, useState, type ReactElement } from 'react';
import type { AccountRowsPreview, RowProblem } from '../../../shared/account-rows';
import type { ErrorInfo } from '../../../shared/errors';
import { localized, type Language, type Translate } from '../../../shared/i18n';
import { PROVIDER_IDS, type ProviderId, type ProviderInfo } from '../../../shared/providers';
import { call } from '../api';
import { useLanguage, useT } from '../i18n/use-t';
import { fieldProblemText } from '../lib/validate-form';
import { useStore } from '../store';
import { ErrorBanner } from './error-banner';
import { FilePickButton } from './file-pick-button';
import { Modal } from './modal';

/** How long typing pauses before the preview is asked for again. */
const PREVIEW_DELAY_MS = 250;

/** One problem of a row, in the UI language (core checked it; the words are the window's). */
function problemWords(problem: RowProblem, provider: ProviderInfo, t: Translate, language: Language, cell: string): string {
  switch (problem.kind) {
    case 'syntax':
      return t('bulk.problem.syntax', { detail: problem.text });
    case 'shape':
      return t('bulk.problem.shape', { detail: problem.text });
    case 'unknownColumn':
      return t('bulk.problem.unknownColumn', { provider: localized(provider.displayName, language), column: problem.column ?? '' });
    case 'duplicateColumn':
      return t('bulk.problem.duplicateColumn', { column: problem.column ?? '' });
    case 'notText':
      return t('bulk.problem.notText');
    case 'name':
      return t('bulk.problem.name');
    case 'nameLikeId':
      return t('form.nameLikeId', { name: cell.trim() });
    case 'env':
      return t('bulk.problem.env');
    case 'value': {
      const field = provider.fields.find((f) => f.name === problem.column);
      const label = field ? localized(field.label, language) : (problem.column ?? '');
      return problem.field ? fieldProblemText(problem.field, label, t) : t('bulk.problem.value', { detail: problem.text });
    }
    case 'crossField':
      return t('bulk.problem.crossField', { detail: problem.text });
    case 'empty':
      return t('bulk.problem.empty');
    case 'tooMany':
      return t('bulk.problem.tooMany', { detail: problem.text });
  }
}

/** The problems of one cell (or of a row, `column` null), each beside what it is about. */
function CellProblems({ problems, provider, cell = '' }: { problems: RowProblem[]; provider: ProviderInfo; cell?: string }): ReactElement | null {
  const t = useT();
  const language = useLanguage();
  if (problems.length === 0) return null;
  return (
    <>
      {problems.map((p, i) => (
        <span key={i} className="cell-problem">
          {problemWords(p, provider, t, language, cell)}
        </span>
      ))}
    </>
  );
}

const HEADER_KINDS: ReadonlySet<RowProblem['kind']> = new Set(['unknownColumn', 'duplicateColumn']);

/** The rows as a table, each problem beside its cell; problems of the file as a whole above it. */
function PreviewTable({ preview, provider }: { preview: AccountRowsPreview; provider: ProviderInfo }): ReactElement {
  const t = useT();
  const { columns, rows, problems } = preview;
  const inRows = new Set(rows.map((r) => r.line));
  const atCell = (line: number, column: string | null): RowProblem[] =>
    problems.filter((p) => p.line === line && p.column === column && !HEADER_KINDS.has(p.kind));
  const atHeader = (column: string): RowProblem[] => problems.filter((p) => p.column === column && HEADER_KINDS.has(p.kind));
  // Problems that belong to no row shown: the file's syntax, a row of the wrong length, no name column…
  const elsewhere = problems.filter((p) => !HEADER_KINDS.has(p.kind) && !inRows.has(p.line));
  return (
    <>
      {elsewhere.length > 0 && (
        <ul className="bulk-file-problems" role="list">
          {elsewhere.map((p, i) => (
            <li key={i}>
              <strong>{p.line === 0 ? t('bulk.fileLine') : `${t('bulk.line')} ${p.line}`}</strong> <CellProblems problems={[p]} provider={provider} />
            </li>
          ))}
        </ul>
      )}
      {rows.length > 0 && (
        <div className="bulk-preview-scroll">
          <table className="data-table bulk-preview" aria-label={t('bulk.previewLabel')}>
            <thead>
              <tr>
                <th scope="col">{t('bulk.line')}</th>
                {columns.map((column) => (
                  <th scope="col" key={column} className={atHeader(column).length > 0 ? 'has-problem' : undefined}>
                    {column}
                    <CellProblems problems={atHeader(column)} provider={provider} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const rowProblems = atCell(row.line, null);
                return (
                  <tr key={row.line} className={problems.some((p) => p.line === row.line) ? 'has-problem' : undefined}>
                    <th scope="row">
                      {row.line}
                      <CellProblems problems={rowProblems} provider={provider} />
                    </th>
                    {columns.map((column) => {
                      const here = atCell(row.line, column);
                      return (
                        <td key={column} className={here.length > 0 ? 'has-problem' : undefined}>
                          <span className="cell-value">{row.cells[column] ?? ''}</span>
                          <CellProblems problems={here} provider={provider} cell={row.cells[column] ?? ''} />
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Text of a picked file: UTF-8 (with or without a byte order mark), or null when it is not UTF-8. */
async function fileText(file: File): Promise<string | null> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return null;
  }
}

/** "Add several…": paste or pick a CSV (or a JSON array), see every row and its problems, add them all or none. */
export function AddManyDialog(): ReactElement | null {
  const t = useT();
  const language = useLanguage();
  const providers = useStore((s) => s.providers);
  const { closeDialog, notify } = useStore.getState();
  const [providerId, setProviderId] = useState<ProviderId>(providers[0]?.id ?? PROVIDER_IDS[0]);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<AccountRowsPreview | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const provider = providers.find((p) => p.id === providerId);

  useEffect(() => {
    if (text.trim() === '') {
      setPreview(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void call('accounts:previewMany', { provider: providerId, text }).then((res) => {
        if (!current) return;
        if (res.ok) {
          setPreview(res.value);
          setError(null);
        } else setError(res.error);
      });
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [providerId, text]);

  if (!provider) return null;
  const ready = preview !== null && preview.problems.length === 0 && preview.rows.length > 0;
  const count = preview?.rows.length ?? 0;

  const pick = async (file: File): Promise<void> => {
    const picked = await fileText(file);
    setFileProblem(picked === null ? t('bulk.notUtf8') : null);
    if (picked !== null) setText(picked);
  };

  const add = async (): Promise<void> => {
    setBusy(true);
    const res = await call('accounts:createMany', { provider: providerId, text });
    setBusy(false);
    if (!res.ok) {
      setError(res.error);
      notify({ level: 'error', message: { key: 'bulk.failed' }, error: res.error });
      return;
    }
    notify({ level: 'info', message: { key: 'bulk.added', vars: { n: res.value.added.length } } });
    closeDialog();
  };

  const columns = ['name', 'env', ...provider.fields.map((f) => f.name)].join(', ');
  return (
    <Modal title={t('bulk.title')} onClose={closeDialog} className="wide add-many">
      <div className="modal-body">
        <p className="help">{t('bulk.intro')}</p>
        <div className="form-row">
          <label htmlFor="bulk-provider">{t('bulk.provider')}</label>
          <select id="bulk-provider" value={providerId} onChange={(e) => setProviderId(e.target.value)}>
            {providers.map((p) => (
              <option key={p.id} value={p.id}>
                {localized(p.displayName, language)}
              </option>
            ))}
          </select>
          <p className="help mono-help">{t('bulk.columns', { provider: localized(provider.displayName, language), columns })}</p>
        </div>
        <div className="form-row">
          <label htmlFor="bulk-text">{t('bulk.text')}</label>
          <textarea id="bulk-text" className="mono" rows={6} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} data-autofocus />
          <div className="button-row">
            <FilePickButton label={t('bulk.pick')} inputLabel={t('bulk.pick')} accept=".csv,.json,text/csv,application/json" onFile={(file) => void pick(file)} />
          </div>
          {fileProblem && (
            <p className="field-error" role="alert">
              {fileProblem}
            </p>
          )}
        </div>
        {error && <ErrorBanner error={error} title={t('bulk.failed')} />}
        <section aria-label={t('bulk.previewLabel')} className="bulk-preview-section">
          {preview === null ? (
            <p className="muted">{t('bulk.empty')}</p>
          ) : (
            <>
              <p className={preview.problems.length > 0 ? 'bulk-summary field-error' : 'bulk-summary'} role="status">
                {preview.problems.length > 0 ? t('bulk.problemCount', { n: preview.problems.length }) : t('bulk.ready', { n: count })}
              </p>
              <PreviewTable preview={preview} provider={provider} />
            </>
          )}
        </section>
      </div>
      <footer className="modal-footer">
        <button type="button" className="btn" onClick={closeDialog}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn primary" disabled={!ready || busy} aria-busy={busy} onClick={() => void add()}>
          {t('bulk.add', { n: count })}
        </button>
      </footer>
    </Modal>
  );
}
