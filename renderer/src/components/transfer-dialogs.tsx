import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { choiceKey, type ImportChoice, type ImportItem, type ImportOutcome } from '../../../shared/import-plan';
import { call } from '../api';
import { useT } from '../i18n/use-t';
import { useRows } from '../hooks/use-rows';
import { differenceText } from '../lib/import-differences';
import { accountIds } from '../lib/rows';
import { useStore } from '../store';
import { Modal } from './modal';

const MIN_LENGTH = 8;

type Scope = 'all' | 'shown' | 'selected';

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
              <tr key={choiceKey(o)}>
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

/** One item of the bundle that differs from this vault's copy: what differs, and which copy to keep. */
function DifferingItem(props: { item: ImportItem; take: boolean; onChange(take: boolean): void }): ReactElement {
  const t = useT();
  const { item } = props;
  const legend = item.kind === 'provider' ? t('transfer.providerOutcome', { name: item.name }) : t('transfer.accountItem', { name: item.name });
  return (
    <fieldset className="choice-group import-item">
      <legend>{legend}</legend>
      <ul className="import-differences">
        {item.differences.map((d, index) => (
          <li key={index}>{differenceText(d, t)}</li>
        ))}
      </ul>
      <label className="choice">
        <input type="radio" name={choiceKey(item)} checked={!props.take} onChange={() => props.onChange(false)} />
        {t('transfer.keepOurs')}
      </label>
      <label className="choice">
        <input type="radio" name={choiceKey(item)} checked={props.take} onChange={() => props.onChange(true)} />
        {t('transfer.takeTheirs')}
      </label>
    </fieldset>
  );
}

type ImportStep =
  | { kind: 'passphrase' }
  | { kind: 'choose'; file: string; ticket: string; items: ImportItem[] }
  | { kind: 'done'; file: string; outcomes: ImportOutcome[] };

/**
 * Import: the bundle's passphrase; main asks which file and opens it. What is new is added; when items
 * already here differ, a second step shows what differs and asks, per item, which copy to keep (this
 * vault's unless the person picks the bundle's). Main holds the opened bundle meanwhile, not the passphrase.
 */
export function ImportDialog(): ReactElement {
  const t = useT();
  const closeDialog = useStore((s) => s.closeDialog);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<ImportStep>({ kind: 'passphrase' });
  const [taken, setTaken] = useState<ReadonlySet<string>>(new Set());
  const openTicket = useRef<string | null>(null);

  // An opened bundle the person walks away from is dropped in main at once.
  useEffect(() => () => {
    if (openTicket.current !== null) void call('bundle:discard', { ticket: openTicket.current });
  }, []);

  const finish = async (file: string, ticket: string, replace: ImportChoice[]): Promise<void> => {
    setBusy(true);
    openTicket.current = null;
    const res = await call('bundle:import', { ticket, replace });
    setBusy(false);
    if (!res.ok) {
      setStep({ kind: 'passphrase' });
      return setError(res.error.message);
    }
    setError(null);
    setStep({ kind: 'done', file, outcomes: res.value.outcomes });
  };

  const onOpen = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (passphrase === '') return setError(t('transfer.passphraseRequired'));
    setBusy(true);
    const res = await call('bundle:open', { passphrase });
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    const { file, ticket, items } = res.value;
    if (file === null || ticket === null) return; // cancelled in the open dialog
    setError(null);
    setPassphrase('');
    openTicket.current = ticket;
    if (items.some((item) => item.status === 'differs')) setStep({ kind: 'choose', file, ticket, items });
    else await finish(file, ticket, []);
  };

  if (step.kind === 'done') {
    return (
      <Modal title={t('transfer.importTitle')} onClose={closeDialog}>
        <div className="modal-body" role="status">
          <Outcomes file={step.file} outcomes={step.outcomes} />
        </div>
        <footer className="modal-footer">
          <button type="button" className="btn primary" onClick={closeDialog} data-autofocus>
            {t('common.done')}
          </button>
        </footer>
      </Modal>
    );
  }
  if (step.kind === 'choose') {
    const differing = step.items.filter((item) => item.status === 'differs');
    const count = (status: ImportItem['status']): number => step.items.filter((item) => item.status === status).length;
    const onImport = (e: FormEvent): void => {
      e.preventDefault();
      const replace = differing.filter((item) => taken.has(choiceKey(item))).map(({ kind, id }) => ({ kind, id }));
      void finish(step.file, step.ticket, replace);
    };
    const choose = (item: ImportItem, take: boolean): void =>
      setTaken((previous) => {
        const next = new Set(previous);
        if (take) next.add(choiceKey(item));
        else next.delete(choiceKey(item));
        return next;
      });
    return (
      <Modal title={t('transfer.importTitle')} onClose={closeDialog} className="wide">
        <form onSubmit={onImport} noValidate>
          <div className="modal-body">
            <p className="help intro">{t('transfer.differIntro', { file: step.file })}</p>
            {differing.map((item) => (
              <DifferingItem key={choiceKey(item)} item={item} take={taken.has(choiceKey(item))} onChange={(take) => choose(item, take)} />
            ))}
            <p className="help">{t('transfer.alsoInBundle', { added: count('new'), same: count('same') })}</p>
          </div>
          <FormEnd error={error} submit={t('transfer.importChosen')} disabled={busy} onCancel={closeDialog} />
        </form>
      </Modal>
    );
  }
  return (
    <Modal title={t('transfer.importTitle')} onClose={closeDialog}>
      <form onSubmit={(e) => void onOpen(e)} noValidate>
        <div className="modal-body">
          <p className="help intro">{t('transfer.importIntro')}</p>
          <PassphraseField id="import-passphrase" label={t('transfer.passphrase')} value={passphrase} onChange={setPassphrase} autoFocus />
        </div>
        <FormEnd error={error} submit={t('transfer.import')} disabled={busy} onCancel={closeDialog} />
      </form>
    </Modal>
  );
}
