import { useEffect, useState, type ReactElement } from 'react';
import type { AccountView } from '../../../shared/account';
import type { ProviderInfo, TokenFormat } from '../../../shared/providers';
import { useT } from '../i18n/use-t';
import { useStore } from '../store';
import { CopyIcon, EyeIcon, EyeOffIcon } from './icons';
import { Section } from './section';

const MASK = '•'.repeat(24);
// JSON is a command-line format; the window offers the others.
const UI_FORMATS: readonly TokenFormat[] = ['raw', 'header', 'cookie', 'env', 'curl'];

/**
 * The token, masked until the person asks to see it. The revealed token lives only in this
 * component's state (never in the store) and is dropped when hidden or when the pane closes.
 */
export function TokenSection({ view, provider }: { view: AccountView; provider: ProviderInfo | undefined }): ReactElement {
  const t = useT();
  const [revealed, setRevealed] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const { revealToken, copyToken } = useStore.getState();

  useEffect(() => {
    if (!revealed || !view.hasToken) {
      setToken(null);
      return;
    }
    let current = true;
    // Fetched again after each refresh, so the revealed token is never a stale one.
    void revealToken(view.id).then((value) => {
      if (!current) return;
      setToken(value);
      if (value === null) setRevealed(false);
    });
    return () => {
      current = false;
    };
  }, [revealed, view.id, view.hasToken, view.lastRefreshAt, view.updatedAt, revealToken]);

  const formats = UI_FORMATS.filter((f) => provider?.formats.includes(f) ?? f === 'raw');
  return (
    <Section title={t('details.token')}>
      {view.hasToken ? (
        <>
          <div className="token-box">
            <textarea
              className={revealed ? 'token-value' : 'token-value masked'}
              aria-label={t('details.tokenValue')}
              readOnly
              rows={revealed ? 4 : 1}
              wrap={revealed ? 'soft' : 'off'}
              value={revealed ? (token ?? '') : MASK}
              spellCheck={false}
            />
            <button type="button" className="btn" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)}>
              {revealed ? <EyeOffIcon /> : <EyeIcon />}
              <span>{revealed ? t('details.hide') : t('details.reveal')}</span>
            </button>
          </div>
          <div className="copy-buttons" role="group" aria-label={t('details.copyAs')}>
            {formats.map((format) => (
              <button key={format} type="button" className="btn small" onClick={() => void copyToken(view.id, format)}>
                <CopyIcon size={14} />
                <span>{t(`copy.${format}`)}</span>
              </button>
            ))}
          </div>
        </>
      ) : (
        <p className="muted">{provider?.qrLogin === true ? t('details.noTokenQr') : t('details.noToken')}</p>
      )}
    </Section>
  );
}
