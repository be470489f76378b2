import { useMemo, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { looksLikeAccountId } from '../../../shared/account-names';
import type { ErrorInfo } from '../../../shared/errors';
import { PROVIDER_IDS, type ProviderId, type ProviderInfo } from '../../../shared/providers';
import { hasControlCharacters } from '../../../shared/text';
import { localized } from '../../../shared/i18n';
import { useLanguage, useT } from '../i18n/use-t';
import { environments } from '../lib/rows';
import { fieldProblem, initialValues } from '../lib/validate-form';
import { useStore } from '../store';
import { ErrorBanner } from './error-banner';
import { FieldInput } from './field-input';
import { WarningIcon } from './icons';
import { Modal } from './modal';

type Problems = Record<string, string>;

function ProviderPicker({ providers, value, onChange }: { providers: ProviderInfo[]; value: ProviderId; onChange(id: ProviderId): void }): ReactElement {
  const t = useT();
  const language = useLanguage();
  return (
    <fieldset className="provider-picker">
      <legend>{t('form.provider')}</legend>
      {providers.map((p) => (
        <label key={p.id} className={p.id === value ? 'provider-option checked' : 'provider-option'}>
          <input type="radio" name="provider" value={p.id} checked={p.id === value} onChange={() => onChange(p.id)} />
          <span className="provider-option-text">
            <span className="provider-option-name">
              <span className={`provider-dot provider-${p.id}`} aria-hidden="true" />
              {localized(p.displayName, language)}
            </span>
            <span className="provider-option-desc">{localized(p.description, language)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** A stand-in for a custom provider that is not defined: no fields, nothing to refresh with. */
function missingProvider(id: ProviderId): ProviderInfo {
  return { id, displayName: { en: id, zh: id }, description: { en: '', zh: '' }, fields: [], autoRefreshDefault: false, formats: [], custom: true };
}

/** Add or edit an account: a form generated from the provider's field schema. */
export function AccountDialog({ editId }: { editId?: string }): ReactElement | null {
  const t = useT();
  const language = useLanguage();
  const providers = useStore((s) => s.providers);
  const accounts = useStore((s) => s.accounts);
  const editing = editId !== undefined ? accounts[editId] : undefined;
  const { closeDialog, createAccount, updateAccount, openQrLogin } = useStore.getState();

  const [providerId, setProviderId] = useState<ProviderId>(editing?.provider ?? providers[0]?.id ?? PROVIDER_IDS[0]);
  // An account whose custom provider is not defined (removed, or not in an imported bundle) can still be
  // renamed, moved and have auto-refresh switched; its field values wait for the definition.
  const missing = editing !== undefined && !providers.some((p) => p.id === providerId);
  const provider = providers.find((p) => p.id === providerId) ?? (missing ? missingProvider(providerId) : undefined);
  const [name, setName] = useState(editing?.name ?? '');
  const [env, setEnv] = useState(editing?.env ?? '');
  const [autoRefresh, setAutoRefresh] = useState(editing?.autoRefresh.enabled ?? provider?.autoRefreshDefault ?? true);
  const [values, setValues] = useState(() => initialValues(provider?.fields ?? [], editing?.fields ?? null));
  const [problems, setProblems] = useState<Problems>({});
  const [serverError, setServerError] = useState<ErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const envs = useMemo(() => environments(accounts).filter(Boolean), [accounts]);

  if (editId !== undefined && !editing) return null;
  if (!provider) return null;

  const pickProvider = (id: ProviderId): void => {
    const next = providers.find((p) => p.id === id);
    setProviderId(id);
    setValues(initialValues(next?.fields ?? [], null));
    setAutoRefresh(next?.autoRefreshDefault ?? true);
    setProblems({});
    setServerError(null);
  };

  const validate = (): Problems => {
    const found: Problems = {};
    if (name.trim() === '') found.name = t('form.required', { label: t('form.name') });
    else if (hasControlCharacters(name.trim())) found.name = t('form.controlCharacters', { label: t('form.name') });
    // The engine's rule (shared/account-names.ts): a new or changed name must not look like an id.
    else if (name.trim() !== editing?.name && looksLikeAccountId(name)) found.name = t('form.nameLikeId', { name: name.trim() });
    if (hasControlCharacters(env.trim())) found.env = t('form.controlCharacters', { label: t('form.env') });
    for (const field of provider.fields) {
      const saved = editing?.secretsSet.includes(field.name) ?? false;
      const problem = fieldProblem(field, localized(field.label, language), values[field.name] ?? '', saved, t);
      if (problem) found[field.name] = problem;
    }
    return found;
  };

  /** Shows the problems and focuses the first; true when there are none. */
  const check = (found: Problems): boolean => {
    setProblems(found);
    setServerError(null);
    const firstBad = Object.keys(found)[0];
    if (firstBad !== undefined) formRef.current?.querySelector<HTMLElement>(`[name="${firstBad}"]`)?.focus();
    return firstBad === undefined;
  };

  const sentValues = (): Record<string, string> => {
    const sent: Record<string, string> = {};
    for (const field of provider.fields) {
      const value = (values[field.name] ?? '').trim();
      // An empty secret keeps the saved one; an empty optional field is simply not set.
      if (value !== '' || (editing && !field.secret)) sent[field.name] = value;
    }
    return sent;
  };
  const sentUpdate = (id: string, refresh: boolean) =>
    updateAccount({ id, name: name.trim(), env: env.trim(), ...(missing ? {} : { values: sentValues() }), autoRefresh }, refresh && !missing);

  /** A new SaiNiu account from the framework address alone: the QR login fills in the rest (and the name). */
  const addByQr = async (): Promise<void> => {
    const { name: _nameMayBeEmpty, ...found } = validate();
    if (!check(found)) return;
    setBusy(true);
    const outcome = await createAccount({ provider: provider.id, name: name.trim() || t('form.qrDefaultName'), env: env.trim(), values: sentValues(), autoRefresh }, false);
    setBusy(false);
    if (outcome.ok) openQrLogin(outcome.account.id, name.trim() === '');
    else setServerError(outcome.error);
  };

  const submit = async (refresh: boolean): Promise<void> => {
    if (!check(validate())) return;
    setBusy(true);
    const outcome = editing
      ? await sentUpdate(editing.id, refresh)
      : await createAccount({ provider: provider.id, name: name.trim(), env: env.trim(), values: sentValues(), autoRefresh }, refresh);
    setBusy(false);
    if (outcome.ok) closeDialog();
    else setServerError(outcome.error);
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    void submit(submitter?.getAttribute('value') !== 'save');
  };

  const title = editing ? t('form.editTitle', { name: editing.name }) : t('form.addTitle');
  return (
    <Modal title={title} onClose={closeDialog} className="wide">
      <form ref={formRef} className="account-form" noValidate onSubmit={onSubmit}>
        <div className="modal-body">
          {!editing && <ProviderPicker providers={providers} value={providerId} onChange={pickProvider} />}
          {serverError && <ErrorBanner error={serverError} title={t('form.saveFailed')} />}
          {!editing && provider.qrLogin === true && <p className="help qr-add-help">{t('form.qrAddHelp')}</p>}
          {missing && (
            <p className="help" data-testid="provider-missing-help">
              {t('form.providerMissing', { provider: providerId })}
            </p>
          )}
          <div className="form-grid">
            <div className={problems.name ? 'form-row invalid' : 'form-row'}>
              <label htmlFor="account-name">
                {t('form.name')}
                <span className="required-mark" aria-hidden="true">
                  {' '}
                  *
                </span>
              </label>
              <input
                id="account-name"
                name="name"
                value={name}
                required
                data-autofocus
                aria-invalid={problems.name !== undefined}
                aria-describedby={problems.name ? 'account-name-error' : undefined}
                onChange={(e) => setName(e.target.value)}
              />
              {problems.name && (
                <p id="account-name-error" className="field-error">
                  {problems.name}
                </p>
              )}
            </div>
            <div className={problems.env ? 'form-row invalid' : 'form-row'}>
              <label htmlFor="account-env">{t('form.env')}</label>
              <input
                id="account-env"
                name="env"
                value={env}
                list="known-envs"
                aria-invalid={problems.env !== undefined}
                aria-describedby={problems.env ? 'account-env-error account-env-help' : 'account-env-help'}
                onChange={(e) => setEnv(e.target.value)}
              />
              {problems.env && (
                <p id="account-env-error" className="field-error">
                  {problems.env}
                </p>
              )}
              <datalist id="known-envs">
                {envs.map((e) => (
                  <option key={e} value={e} />
                ))}
              </datalist>
              <p id="account-env-help" className="help">
                {t('form.envHelp')}
              </p>
            </div>
            {provider.fields.map((field) => (
              <FieldInput
                key={`${provider.id}-${field.name}`}
                field={field}
                value={values[field.name] ?? ''}
                error={problems[field.name] ?? null}
                secretSaved={editing?.secretsSet.includes(field.name) ?? false}
                onChange={(value) => setValues((v) => ({ ...v, [field.name]: value }))}
              />
            ))}
            <label className="checkbox-row">
              <input
                type="checkbox"
                checked={autoRefresh}
                aria-describedby={autoRefresh && provider.autoRefreshWarning ? 'auto-refresh-warning' : undefined}
                onChange={(e) => setAutoRefresh(e.target.checked)}
              />
              <span>{t('form.autoRefresh')}</span>
            </label>
            {autoRefresh && provider.autoRefreshWarning && (
              // Said where the person turns it on: for OpenIM each refresh logs the running client out.
              <div id="auto-refresh-warning" className="warning-box form-wide" role="alert">
                <WarningIcon size={18} />
                <div>
                  <strong>{t('form.autoRefreshWarningTitle')}</strong>
                  <p>{localized(provider.autoRefreshWarning, language)}</p>
                </div>
              </div>
            )}
          </div>
        </div>
        <footer className="modal-footer">
          <button type="button" className="btn" onClick={closeDialog}>
            {t('common.cancel')}
          </button>
          {!editing && provider.qrLogin === true && (
            <button type="button" className="btn" disabled={busy} onClick={() => void addByQr()}>
              {t('form.qrAdd')}
            </button>
          )}
          <button type="submit" className="btn" value="save" disabled={busy}>
            {t('form.save')}
          </button>
          {!missing && (
            <button type="submit" className="btn primary" value="save-refresh" disabled={busy}>
              {t('form.saveRefresh')}
            </button>
          )}
        </footer>
      </form>
    </Modal>
  );
}
