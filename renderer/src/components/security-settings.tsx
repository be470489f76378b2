import { useState, type FormEvent, type ReactElement } from 'react';
import type { MessageKey } from '../../../shared/i18n';
import { useT } from '../i18n/use-t';
import { useStore } from '../store';
import { KeyIcon, WarningIcon } from './icons';

const MIN_LENGTH = 8;

/** Set, change or remove the passphrase (vault:setPassphrase / vault:removePassphrase). */
function PassphraseForm({ passphraseSet, canRemove }: { passphraseSet: boolean; canRemove: boolean }): ReactElement {
  const t = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { setPassphrase, removePassphrase, notify } = useStore.getState();

  const finish = (failure: { message: string } | null, done: MessageKey): void => {
    setBusy(false);
    if (failure) {
      setError(failure.message);
      return;
    }
    setError(null);
    setCurrent('');
    setNext('');
    setRepeat('');
    notify({ level: 'info', message: { key: done } });
  };

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (passphraseSet && current === '') return setError(t('passphrase.currentRequired'));
    if (next.length < MIN_LENGTH) return setError(t('passphrase.tooShort', { n: MIN_LENGTH }));
    if (next !== repeat) return setError(t('passphrase.mismatch'));
    setBusy(true);
    finish(await setPassphrase(next, passphraseSet ? current : undefined), passphraseSet ? 'passphrase.changed' : 'passphrase.set');
  };

  const onRemove = async (): Promise<void> => {
    if (current === '') return setError(t('passphrase.currentRequired'));
    setBusy(true);
    finish(await removePassphrase(current), 'passphrase.removed');
  };

  return (
    <form className="passphrase-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      {passphraseSet && (
        <div className="form-row inline">
          <label htmlFor="passphrase-current">{t('passphrase.current')}</label>
          <input id="passphrase-current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
      )}
      <div className="form-row inline">
        <label htmlFor="passphrase-next">{t('passphrase.new')}</label>
        <input id="passphrase-next" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
      </div>
      <div className="form-row inline">
        <label htmlFor="passphrase-repeat">{t('passphrase.repeat')}</label>
        <input id="passphrase-repeat" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="btn primary" disabled={busy}>
          {passphraseSet ? t('passphrase.change') : t('passphrase.setButton')}
        </button>
        {passphraseSet && (
          <button type="button" className="btn danger" disabled={busy || !canRemove} onClick={() => void onRemove()}>
            {t('passphrase.remove')}
          </button>
        )}
      </div>
      {passphraseSet && !canRemove && <p className="help">{t('passphrase.cannotRemove')}</p>}
    </form>
  );
}

/** With a passphrase: may the system keyring unlock the vault at start? The person's choice, default off. */
function KeyringAtStart(): ReactElement {
  const t = useT();
  const checked = useStore((s) => s.settings.unlockWithKeyringAtStart);
  return (
    <div className="keyring-at-start">
      <label className="checkbox-row">
        <input
          type="checkbox"
          checked={checked}
          onChange={(e) => {
            void useStore.getState().changeSettings({ unlockWithKeyringAtStart: e.target.checked }).then((failure) => {
              if (failure) useStore.getState().notify({ level: 'error', message: { key: 'toast.settingFailed' }, error: failure });
            });
          }}
        />
        <span>{t('security.keyringAtStart')}</span>
      </label>
      <p className="help">{t('security.keyringAtStartHelp')}</p>
    </div>
  );
}

/** Where the vault is, which key protection is active (with a clear warning without a keyring), and the passphrase. */
export function SecuritySettings(): ReactElement | null {
  const t = useT();
  const vault = useStore((s) => s.vault);
  const keyringAtStart = useStore((s) => s.settings.unlockWithKeyringAtStart);
  if (!vault) return null;
  const backend = vault.keyringBackend ?? t('security.backendUnknown');
  return (
    <section className="settings-group" aria-labelledby="settings-security">
      <h3 id="settings-security">{t('security.title')}</h3>
      {vault.keyring === 'available' ? (
        <p className="note ok">
          <KeyIcon size={16} />
          <span>
            {!vault.osSlot
              ? t('security.keyringAvailable', { backend })
              : vault.passphraseSet && !keyringAtStart
                ? t('security.keyringWithPassphrase', { backend })
                : t('security.keyringInUse', { backend })}
          </span>
        </p>
      ) : (
        <div className="warning-box" role="alert">
          <WarningIcon size={18} />
          <div>
            <strong>{vault.keyring === 'insecure' ? t('security.insecureTitle', { backend }) : t('security.unavailableTitle')}</strong>
            <p>{vault.keyring === 'insecure' ? t('security.insecureBody') : t('security.unavailableBody')}</p>
          </div>
        </div>
      )}
      {vault.osSlot && !vault.passphraseSet && (
        // A standing advice, not an event: a note, so it does not compete with the form's alerts.
        <div className="warning-box" role="note">
          <WarningIcon size={18} />
          <div>
            <strong>{t('security.onlyKeyringTitle')}</strong>
            <p>{t('security.onlyKeyringBody')}</p>
          </div>
        </div>
      )}
      <dl className="facts">
        <div className="fact">
          <dt>{t('security.location')}</dt>
          <dd>
            <code className="path">{vault.dataDir}</code>
          </dd>
        </div>
        <div className="fact">
          <dt>{t('security.protection')}</dt>
          <dd>
            {[vault.osSlot ? t('security.slotKeyring') : null, vault.passphraseSet ? t('security.slotPassphrase') : null]
              .filter(Boolean)
              .join(' + ') || t('security.slotNone')}
          </dd>
        </div>
      </dl>
      {vault.notices.map((notice) => (
        <p key={notice} className="note">
          {notice}
        </p>
      ))}
      {vault.passphraseSet && vault.keyring === 'available' && <KeyringAtStart />}
      <h4>{t('passphrase.title')}</h4>
      <p className="help">{t('passphrase.help')}</p>
      <PassphraseForm passphraseSet={vault.passphraseSet} canRemove={vault.osSlot} />
    </section>
  );
}
