import { useMemo, useState, type FormEvent, type ReactElement } from 'react';
import type { ImportOutcome } from '../../../shared/ipc-contract';
import { call } from '../api';
import { useT } from '../i18n/use-t';
import { useRows } from '../hooks/use-rows';
import { accountIds } from '../lib/rows';
import { useStore } from '../store';
import { Modal } from './modal';

const MIN_LENGTH = 8;

type Scope = 'all' | 'shown' | 'selected';
type Mode = 'newer' | 'replace' | 'skip';

/** A group of radio buttons with a legend; each option a label and a value. */
function Choice<V extends string>(props: { name: string; legend: string; value: V; options: ReadonlyArray<readonly [V, string]>; onChange(value: V): void }): ReactElement {
  return (
    <fieldset className="choice-group">
      <legend>{props.legend}</legend>
      {props.options.map(([value, label]) => (
        <label key={value} className="choice">
          <input type="radio" name={props.name} value={value} checked={props.value === value} onChange={() => props.onChange(value)} />
          {label}
        </label>
      ))}
    </fieldset>
  );
}

function PassphraseField(props: { id: string; label: string; value: string; onChange(value: string): void; help?: string; autoFocus?: boolean }): ReactElement {
  return (
    <div className="form-row">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="password"
        autoComplete="new-password"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-describedby={props.help ? `${props.id}-help` : undefined}
        data-autofocus={props.autoFocus ? true : undefined}
      />
      {props.help && (
        <p id={`${props.id}-help`} className="help">
          {props.help}
        </p>
      )}
    </div>
  );
}

/** The end of a transfer form: its error, Cancel and the submit button. */
function FormEnd(props: { error: string | null; submit: string; disabled: boolean; onCancel(): void }): ReactElement {
  const t = useT();
  return (
    <>
      {props.error && (
        <p className="field-error modal-error" role="alert">
          {props.error}
        </p>
      )}
      <footer className="modal-footer">
        <button type="button" className="btn" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn primary" disabled={props.disabled}>
          {props.submit}
        </button>
      </footer>
    </>
  );
}

/** Export: which accounts, a passphrase of the bundle's own (twice); main asks where to save. */
export function ExportDialog(): ReactElement {
  const t = useT();
  const total = useStore((s) => Object.keys(s.accounts).length);
  const rows = useRows();
  const shownIds = useMemo(() => accountIds(rows), [rows]);
  const selected = useStore((s) => (s.selectedId !== null ? s.accounts[s.selectedId] : undefined));
  const { closeDialog, notify } = useStore.getState();
  const [scope, setScope] = useState<Scope>('all');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const scopes: Array<readonly [Scope, string]> = [['all', t('transfer.scopeAll', { n: total })]];
  if (shownIds.length !== total) scopes.push(['shown', t('transfer.scopeShown', { n: shownIds.length })]);
  if (selected) scopes.push(['selected', t('transfer.scopeSelected', { name: selected.name })]);

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (passphrase.length < MIN_LENGTH) return setError(t('passphrase.tooShort', { n: MIN_LENGTH }));
    if (passphrase !== repeat) return setError(t('passphrase.mismatch'));
    const ids = scope === 'shown' ? shownIds : scope === 'selected' && selected ? [selected.id] : [];
    setBusy(true);
    const res = await call('bundle:export', { ids, passphrase });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    if (res.value.file === null) return; // the person cancelled the save dialog: stay here
    notify({ level: 'info', message: { key: 'transfer.exported', vars: { count: res.value.count, file: res.value.file } } });
    closeDialog();
  };

  return (
    <Modal title={t('transfer.exportTitle')} onClose={closeDialog}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="modal-body">
          <p className="help intro">{t('transfer.exportIntro')}</p>
          {scopes.length > 1 && <Choice<Scope> name="export-scope" legend={t('transfer.scope')} value={scope} options={scopes} onChange={setScope} />}
          <PassphraseField id="export-passphrase" label={t('transfer.passphrase')} value={passphrase} onChange={setPassphrase} help={t('transfer.passphraseHelp', { n: MIN_LENGTH })} autoFocus />
          <PassphraseField id="export-repeat" label={t('transfer.passphraseRepeat')} value={repeat} onChange={setRepeat} />
        </div>
        <FormEnd error={error} submit={t('transfer.export')} disabled={busy || total === 0} onCancel={closeDialog} />
      </form>
    </Modal>
  );
}

function Outcomes({ file, outcomes }: { file: string; outcomes: ImportOutcome[] }): ReactElement {
  const t = useT();
  if (outcomes.length === 0) return <p>{t('transfer.nothing')}</p>;
  return (
    <>
      <p>{t('transfer.importedFrom', { file })}</p>
      <div className="table-wrap">
        <table className="data-table" aria-label={t('transfer.importTitle')}>
          <thead>
            <tr>
              <th scope="col">{t('transfer.resultName')}</th>
              <th scope="col">{t('transfer.resultAction')}</th>
            </tr>
          </thead>
          <tbody>
            {outcomes.map((o) => (
              <tr key={`${o.kind ?? 'account'}:${o.id}`}>
                <td>{o.kind === 'provider' ? t('transfer.providerOutcome', { name: o.name }) : o.name}</td>
                <td>{t(`transfer.${o.action}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Import: what to do with accounts already here, the bundle's passphrase; main asks which file. */
export function ImportDialog(): ReactElement {
  const t = useT();
  const closeDialog = useStore((s) => s.closeDialog);
  const [mode, setMode] = useState<Mode>('newer');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ file: string; outcomes: ImportOutcome[] } | null>(null);

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (passphrase === '') return setError(t('transfer.passphraseRequired'));
    setBusy(true);
    const res = await call('bundle:import', { passphrase, mode });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    if (res.value.file === null) return; // cancelled in the open dialog
    setError(null);
    setPassphrase('');
    setResult({ file: res.value.file, outcomes: res.value.outcomes });
  };

  if (result) {
    return (
      <Modal title={t('transfer.importTitle')} onClose={closeDialog}>
        <div className="modal-body" role="status">
          <Outcomes file={result.file} outcomes={result.outcomes} />
        </div>
        <footer className="modal-footer">
          <button type="button" className="btn primary" onClick={closeDialog} data-autofocus>
            {t('common.done')}
          </button>
        </footer>
      </Modal>
    );
  }
  return (
    <Modal title={t('transfer.importTitle')} onClose={closeDialog}>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <div className="modal-body">
          <p className="help intro">{t('transfer.importIntro')}</p>
          <Choice<Mode>
            name="import-mode"
            legend={t('transfer.mode')}
            value={mode}
            options={[
              ['newer', t('transfer.modeNewer')],
              ['replace', t('transfer.modeReplace')],
              ['skip', t('transfer.modeSkip')],
            ]}
            onChange={setMode}
          />
          <PassphraseField id="import-passphrase" label={t('transfer.passphrase')} value={passphrase} onChange={setPassphrase} autoFocus />
        </div>
        <FormEnd error={error} submit={t('transfer.import')} disabled={busy} onCancel={closeDialog} />
      </form>
    </Modal>
  );
}
