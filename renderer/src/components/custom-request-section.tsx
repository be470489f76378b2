import type { ReactElement } from 'react';
import { useT } from '../i18n/use-t';
import { emptyRow, type BodyKind, type RequestDraft, type RowDraft } from '../lib/custom-draft';
import { EditorSection, TextField, inputId, useProblem } from './custom-editor-bits';
import { PlusIcon, TrashIcon } from './icons';

/** Name/value rows (headers, a form body): add, edit, remove; each row's problem beside it. */
function Rows(props: { at: string; rows: RowDraft[]; onChange(rows: RowDraft[]): void; nameLabel: string; valueLabel: string; addLabel: string }): ReactElement {
  const t = useT();
  const set = (index: number, patch: Partial<RowDraft>): void => props.onChange(props.rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <div className="kv-rows">
      {props.rows.map((row, index) => {
        const shown = row.name || String(index + 1);
        return (
          <div key={row.key} className="kv-row">
            <TextField path={`${props.at}.${row.name}`} id={`${inputId(props.at)}-${row.key}-name`} label={`${props.nameLabel} ${shown}`} hideLabel value={row.name} onChange={(name) => set(index, { name })} code placeholder={props.nameLabel} />
            <TextField path={`${props.at}.${row.name}\u0000value`} id={`${inputId(props.at)}-${row.key}-value`} label={`${props.valueLabel} ${shown}`} hideLabel value={row.value} onChange={(value) => set(index, { value })} code placeholder={props.valueLabel} />
            <button type="button" className="icon-btn" aria-label={t('custom.removeRow', { name: shown })} title={t('custom.removeRow', { name: shown })} onClick={() => props.onChange(props.rows.filter((_, i) => i !== index))}>
              <TrashIcon size={14} />
            </button>
          </div>
        );
      })}
      <button type="button" className="btn small" onClick={() => props.onChange([...props.rows, emptyRow()])}>
        <PlusIcon size={14} />
        <span>{props.addLabel}</span>
      </button>
    </div>
  );
}

/** One request template: method, URL, headers, body (none, JSON or form). */
export function RequestEditor({ at, request, onChange }: { at: 'request' | 'refresh'; request: RequestDraft; onChange(request: RequestDraft): void }): ReactElement {
  const t = useT();
  const change = (patch: Partial<RequestDraft>): void => onChange({ ...request, ...patch });
  const methodId = inputId(`${at}.method`);
  const requestProblem = useProblem(at);
  const kinds: ReadonlyArray<readonly [BodyKind, string]> = [
    ['none', t('custom.bodyNone')],
    ['json', 'JSON'],
    ['form', t('custom.bodyForm')],
  ];
  return (
    <div className="request-editor">
      <div className="request-line">
        <div className="form-row">
          <label htmlFor={methodId}>{t('custom.method')}</label>
          <select id={methodId} value={request.method} onChange={(e) => change({ method: e.target.value === 'GET' ? 'GET' : 'POST', ...(e.target.value === 'GET' ? { bodyKind: 'none' as const } : {}) })}>
            <option value="POST">POST</option>
            <option value="GET">GET</option>
          </select>
        </div>
        <TextField path={`${at}.url`} label={t('custom.url')} help={t('custom.urlHelp')} value={request.url} onChange={(url) => change({ url })} required code placeholder="{{baseUrl}}/auth/token" />
      </div>
      {requestProblem && <p className="field-error">{requestProblem}</p>}
      <fieldset className="plain-group">
        <legend>{t('custom.headers')}</legend>
        <Rows at={`${at}.headers`} rows={request.headers} onChange={(headers) => change({ headers })} nameLabel={t('custom.headerName')} valueLabel={t('custom.headerValue')} addLabel={t('custom.addHeader')} />
      </fieldset>
      <fieldset className="plain-group">
        <legend>{t('custom.body')}</legend>
        <div className="segmented" role="radiogroup" aria-label={t('custom.body')}>
          {kinds.map(([kind, label]) => (
            <label key={kind} className="choice">
              <input type="radio" name={`${at}-body`} value={kind} checked={request.bodyKind === kind} disabled={kind !== 'none' && request.method === 'GET'} onChange={() => change({ bodyKind: kind })} />
              {label}
            </label>
          ))}
        </div>
        {request.bodyKind === 'json' && (
          <TextField path={`${at}.json`} within label={t('custom.jsonBody')} help={t('custom.jsonBodyHelp')} value={request.json} onChange={(json) => change({ json })} code multiline={7} />
        )}
        {request.bodyKind === 'form' && (
          <Rows at={`${at}.form`} rows={request.form} onChange={(form) => change({ form })} nameLabel={t('custom.formName')} valueLabel={t('custom.formValue')} addLabel={t('custom.addFormField')} />
        )}
      </fieldset>
    </div>
  );
}

/** Request: the first request (no token yet); Refresh request: optional, used while the token is valid. */
export function RequestSections({ draft, change }: { draft: { request: RequestDraft; refresh: RequestDraft; hasRefresh: boolean }; change(patch: { request?: RequestDraft; refresh?: RequestDraft; hasRefresh?: boolean }): void }): ReactElement {
  const t = useT();
  return (
    <>
      <EditorSection id="cp-request" title={t('custom.request')} intro={t('custom.requestIntro')}>
        <RequestEditor at="request" request={draft.request} onChange={(request) => change({ request })} />
      </EditorSection>
      <EditorSection id="cp-refresh" title={t('custom.refresh')} intro={t('custom.refreshIntro')}>
        <label className="checkbox-row">
          <input type="checkbox" checked={draft.hasRefresh} onChange={(e) => change({ hasRefresh: e.target.checked })} />
          <span>{t('custom.useRefresh')}</span>
        </label>
        {draft.hasRefresh && <RequestEditor at="refresh" request={draft.refresh} onChange={(refresh) => change({ refresh })} />}
      </EditorSection>
    </>
  );
}
