import { useState, type FormEvent, type ReactElement } from 'react';
import { useT } from '../i18n/use-t';
import { useStore } from '../store';
import { LockIcon, WarningIcon } from './icons';
import { NoticeBar } from './notice-bar';

/**
 * `locked`: the vault needs its passphrase. `setup`: there is no vault yet and no usable system
 * keyring, so a passphrase must be created first (fail closed: never a plaintext vault).
 */
export function UnlockScreen({ mode }: { mode: 'locked' | 'setup' }): ReactElement {
  const t = useT();
  const vault = useStore((s) => s.vault);
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (passphrase === '') return setError(t('unlock.required'));
    if (mode === 'setup') {
      if (passphrase.length < 8) return setError(t('passphrase.tooShort', { n: 8 }));
      if (passphrase !== repeat) return setError(t('passphrase.mismatch'));
    }
    setBusy(true);
    const store = useStore.getState();
    const failure = mode === 'locked' ? await store.unlockVault(passphrase) : await store.setPassphrase(passphrase);
    setBusy(false);
    if (failure) {
      setError(failure.code === 'locked' && mode === 'locked' ? t('unlock.wrong') : failure.message);
      setPassphrase('');
    }
  };

  return (
    <div className="screen">
      {/* A repair of the vault file happens before unlock; say so here already. */}
      <NoticeBar />
      <main className="center-screen">
        <form className="card narrow unlock" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="unlock-title">
          <div className="unlock-icon" aria-hidden="true">
            <LockIcon size={28} />
          </div>
          <h1 id="unlock-title">{mode === 'locked' ? t('unlock.title') : t('unlock.setupTitle')}</h1>
          <p className="muted">{mode === 'locked' ? t('unlock.body') : t('unlock.setupBody')}</p>
          {mode === 'setup' && vault && vault.keyring !== 'available' && (
            <p className="note warn">
              <WarningIcon size={16} />
              <span>{vault.keyring === 'insecure' ? t('security.insecureBody') : t('security.unavailableBody')}</span>
            </p>
          )}
          <div className="form-row">
            <label htmlFor="unlock-passphrase">{t('unlock.passphrase')}</label>
            <input
              id="unlock-passphrase"
              type="password"
              autoFocus
              autoComplete={mode === 'locked' ? 'current-password' : 'new-password'}
              value={passphrase}
              aria-invalid={error !== null}
              aria-describedby={error ? 'unlock-error' : undefined}
              onChange={(e) => setPassphrase(e.target.value)}
            />
          </div>
          {mode === 'setup' && (
            <div className="form-row">
              <label htmlFor="unlock-repeat">{t('passphrase.repeat')}</label>
              <input id="unlock-repeat" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
            </div>
          )}
          {error && (
            <p id="unlock-error" className="field-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="btn primary wide" disabled={busy}>
            {mode === 'locked' ? t('unlock.submit') : t('unlock.setupSubmit')}
          </button>
          {vault && <p className="muted small path-line">{t('unlock.location', { path: vault.dataDir })}</p>}
        </form>
      </main>
    </div>
  );
}
