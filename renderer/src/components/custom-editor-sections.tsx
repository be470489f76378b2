import type { ReactElement } from 'react';
import { EXPIRY_UNITS } from '../../../shared/custom-provider';
import { useT } from '../i18n/use-t';
import { emptyField, moveItem, type ExpiryUnitDraft, type FieldDraft, type ProviderDraft } from '../lib/custom-draft';
import { EditorSection, TextField, inputId, useProblem } from './custom-editor-bits';
import { PlusIcon, TrashIcon } from './icons';

/** What each section edits: the draft and a way to change it. */
export interface SectionProps {
  draft: ProviderDraft;
  change(patch: Partial<ProviderDraft>): void;
}

/** Basics: id, names, description. The id cannot change once saved (accounts refer to it). */
export function BasicsSection({ draft, change, idLocked }: SectionProps & { idLocked: boolean }): ReactElement {
  const t = useT();
  return (
    <EditorSection id="cp-basics" title={t('custom.basics')}>
      <div className="form-grid">
        {idLocked ? (
          <div className="form-row">
            <span className="label-like">{t('custom.id')}</span>
            <code className="path">{draft.id}</code>
            <p className="help">{t('custom.idLocked')}</p>
          </div>
        ) : (
          <TextField path="id" label={t('custom.id')} help={t('custom.idHelp')} value={draft.id} onChange={(id) => change({ id })} required code autoFocus />
        )}
        <TextField path="name" label={t('custom.name')} value={draft.name} onChange={(name) => change({ name })} required />
        <TextField path="nameZh" label={t('custom.nameZh')} value={draft.nameZh} onChange={(nameZh) => change({ nameZh })} />
        <TextField path="description" label={t('custom.description')} value={draft.description} onChange={(description) => change({ description })} />
      </div>
    </EditorSection>
  );
}

function FieldRow({ field, index, count, onChange, onMove, onRemove }: { field: FieldDraft; index: number; count: number; onChange(patch: Partial<FieldDraft>): void; onMove(to: number): void; onRemove(): void }): ReactElement {
  const t = useT();
  const at = `fields.${index}`;
  const shownName = field.name || t('custom.fieldUnnamed', { n: index + 1 });
  const kindId = inputId(`${at}.kind`);
  return (
    <fieldset className="field-card">
      <legend>{t('custom.fieldLegend', { n: index + 1, name: shownName })}</legend>
      <div className="field-card-grid">
        <TextField path={`${at}.name`} label={t('custom.fieldName')} value={field.name} onChange={(name) => onChange({ name })} required code />
        <TextField path={`${at}.label`} label={t('custom.fieldLabel')} value={field.label} onChange={(label) => onChange({ label })} required />
        <TextField path={`${at}.labelZh`} label={t('custom.fieldLabelZh')} value={field.labelZh} onChange={(labelZh) => onChange({ labelZh })} />
        <TextField path={`${at}.default`} label={t('custom.fieldDefault')} value={field.default} onChange={(value) => onChange({ default: value })} code />
        <div className="form-row">
          <label htmlFor={kindId}>{t('custom.fieldKind')}</label>
          <select id={kindId} value={field.kind} onChange={(e) => onChange({ kind: e.target.value as FieldDraft['kind'] })}>
            <option value="text">{t('custom.kind.text')}</option>
            <option value="url">{t('custom.kind.url')}</option>
            <option value="integer">{t('custom.kind.integer')}</option>
          </select>
        </div>
        <div className="field-card-checks">
          <label className="choice">
            <input type="checkbox" checked={field.required} onChange={(e) => onChange({ required: e.target.checked })} />
            {t('custom.fieldRequired')}
          </label>
          <label className="choice">
            <input type="checkbox" checked={field.secret} onChange={(e) => onChange({ secret: e.target.checked })} />
            {t('custom.fieldSecret')}
          </label>
        </div>
        <div className="field-card-wide">
          <TextField path={`${at}.help`} label={t('custom.fieldHelp')} value={field.help} onChange={(help) => onChange({ help })} />
        </div>
      </div>
      <div className="button-row">
        <button type="button" className="btn small" disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={t('custom.moveUp', { name: shownName })}>
          ↑ {t('custom.up')}
        </button>
        <button type="button" className="btn small" disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={t('custom.moveDown', { name: shownName })}>
          ↓ {t('custom.down')}
        </button>
        <button type="button" className="btn small danger" disabled={count === 1} onClick={onRemove} aria-label={t('custom.removeField', { name: shownName })}>
          <TrashIcon size={14} />
          <span>{t('custom.remove')}</span>
        </button>
      </div>
    </fieldset>
  );
}

/** Fields: what an account of this provider asks for; each becomes a `{{name}}` placeholder. */
export function FieldsSection({ draft, change }: SectionProps): ReactElement {
  const t = useT();
  const listProblem = useProblem('fields');
  const setField = (index: number, patch: Partial<FieldDraft>): void => change({ fields: draft.fields.map((f, i) => (i === index ? { ...f, ...patch } : f)) });
  return (
    <EditorSection
      id="cp-fields"
      title={t('custom.fields')}
      intro={t('custom.fieldsIntro')}
      actions={
        <button type="button" className="btn small" onClick={() => change({ fields: [...draft.fields, emptyField()] })}>
          <PlusIcon size={14} />
          <span>{t('custom.addField')}</span>
        </button>
      }
    >
      {listProblem && <p className="field-error">{listProblem}</p>}
      {draft.fields.map((field, index) => (
        <FieldRow
          key={field.key}
          field={field}
          index={index}
          count={draft.fields.length}
          onChange={(patch) => setField(index, patch)}
          onMove={(to) => change({ fields: moveItem(draft.fields, index, to) })}
          onRemove={() => change({ fields: draft.fields.filter((_, i) => i !== index) })}
        />
      ))}
    </EditorSection>
  );
}

/** Answer: where success, the token, its expiry and the provider's own error are in the JSON answer. */
export function AnswerSection({ draft, change }: SectionProps): ReactElement {
  const t = useT();
  const unitId = inputId('expiry.unit');
  const expiryProblem = useProblem('expiry');
  return (
    <EditorSection id="cp-answer" title={t('custom.answer')} intro={t('custom.answerIntro')}>
      <div className="form-grid">
        <TextField path="success.path" label={t('custom.successPath')} help={t('custom.successPathHelp')} value={draft.successPath} onChange={(successPath) => change({ successPath })} code placeholder="errCode" />
        <TextField path="success.equals" label={t('custom.successEquals')} help={t('custom.successEqualsHelp')} value={draft.successEquals} onChange={(successEquals) => change({ successEquals })} code placeholder="0" />
        <TextField path="token.path" label={t('custom.tokenPath')} value={draft.tokenPath} onChange={(tokenPath) => change({ tokenPath })} required code placeholder="data.token" />
        <div className="form-row" />
        <TextField path="expiry.path" alsoPath="expiry" label={t('custom.expiryPath')} value={draft.expiryPath} onChange={(expiryPath) => change({ expiryPath })} code placeholder="data.expireTimeSeconds" />
        <div className="form-row">
          <label htmlFor={unitId}>{t('custom.expiryUnit')}</label>
          <select id={unitId} value={draft.expiryUnit} aria-invalid={expiryProblem !== null} onChange={(e) => change({ expiryUnit: e.target.value as ExpiryUnitDraft })}>
            <option value="">{t('custom.unit.none')}</option>
            {EXPIRY_UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {t(`custom.unit.${unit}`)}
              </option>
            ))}
          </select>
        </div>
        <TextField path="error.codePath" label={t('custom.errorCodePath')} value={draft.errorCodePath} onChange={(errorCodePath) => change({ errorCodePath })} code placeholder="errCode" />
        <TextField path="error.messagePath" label={t('custom.errorMessagePath')} value={draft.errorMessagePath} onChange={(errorMessagePath) => change({ errorMessagePath })} code placeholder="errMsg" />
      </div>
    </EditorSection>
  );
}
