import { useState, type ReactElement } from 'react';
import { LANGUAGE_NAMES } from '../../../shared/i18n';
import { shortDurationText } from '../../../shared/i18n/format';
import { marginsFromSettings, refreshMargin } from '../../../shared/refresh-margin';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import { useT } from '../i18n/use-t';
import { useStore } from '../store';
import { selectSystemLanguage } from '../store/app-slice';
import { CustomProvidersSettings } from './custom-providers-settings';
import { Modal } from './modal';
import { SecuritySettings } from './security-settings';

type NumberKey = 'refreshMarginPercent' | 'refreshMarginMinSec' | 'refreshMarginMaxSec' | 'clipboardClearSec';

const BOUNDS: Readonly<Record<NumberKey, readonly [number, number]>> = {
  refreshMarginPercent: [1, 50],
  refreshMarginMinSec: [0, 86_400],
  refreshMarginMaxSec: [0, 86_400],
  clipboardClearSec: [0, 3_600],
};

/** A number setting saved when the field is left or Enter is pressed; bounds checked first. */
function NumberSetting({ settingKey, label, help }: { settingKey: NumberKey; label: string; help: string }): ReactElement {
  const t = useT();
  const saved = useStore((s) => s.settings[settingKey]);
  const [draft, setDraft] = useState(String(saved));
  const [error, setError] = useState<string | null>(null);
  const id = `setting-${settingKey}`;
  const [min, max] = BOUNDS[settingKey];

  const commit = async (): Promise<void> => {
    const n = Number(draft.trim());
    if (draft.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      setError(t('form.range', { label, min, max }));
      return;
    }
    setError(null);
    if (n === saved) return;
    const patch: SettingsPatch = { [settingKey]: n };
    const failure = await useStore.getState().changeSettings(patch);
    if (failure) setError(failure.message);
  };

  return (
    <div className={error ? 'form-row inline invalid' : 'form-row inline'}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="number"
        inputMode="numeric"
        value={draft}
        aria-invalid={error !== null}
        aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void commit();
          }
        }}
      />
      <p id={`${id}-help`} className="help">
        {help}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A 2-hour token (SUD's default lifetime) is the example the margin help works out. */
const EXAMPLE_LIFETIME_MS = 2 * 3600_000;

/** How early the saved margin settings renew the example token, by the scheduler's own rule. */
function useMarginExample(): string {
  const t = useT();
  const percent = useStore((s) => s.settings.refreshMarginPercent);
  const minSec = useStore((s) => s.settings.refreshMarginMinSec);
  const maxSec = useStore((s) => s.settings.refreshMarginMaxSec);
  const margins = marginsFromSettings({ refreshMarginPercent: percent, refreshMarginMinSec: minSec, refreshMarginMaxSec: maxSec });
  return shortDurationText(refreshMargin(EXAMPLE_LIFETIME_MS, margins), t);
}

function ChoiceSetting<K extends 'language' | 'theme'>(props: {
  settingKey: K;
  label: string;
  options: ReadonlyArray<readonly [Settings[K], string]>;
}): ReactElement {
  const value = useStore((s) => s.settings[props.settingKey]);
  const id = `setting-${props.settingKey}`;
  return (
    <div className="form-row inline">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          const patch: SettingsPatch = { [props.settingKey]: e.target.value };
          void useStore.getState().changeSettings(patch).then((failure) => {
            if (failure) useStore.getState().notify({ level: 'error', message: { key: 'toast.settingFailed' }, error: failure });
          });
        }}
      >
        {props.options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Settings: language, theme, auto-refresh margins, clipboard clearing, passphrase and key protection. */
export function SettingsDialog(): ReactElement {
  const t = useT();
  const marginExample = useMarginExample();
  const closeDialog = useStore((s) => s.closeDialog);
  const systemLanguage = LANGUAGE_NAMES[useStore(selectSystemLanguage)];
  return (
    <Modal title={t('settings.title')} onClose={closeDialog} className="wide">
      <div className="modal-body settings">
        <section className="settings-group" aria-labelledby="settings-appearance">
          <h3 id="settings-appearance">{t('settings.appearance')}</h3>
          <ChoiceSetting
            settingKey="language"
            label={t('settings.language')}
            options={[
              ['system', t('settings.languageSystem', { language: systemLanguage })],
              ['en', LANGUAGE_NAMES.en],
              ['zh-CN', LANGUAGE_NAMES['zh-CN']],
            ]}
          />
          <ChoiceSetting
            settingKey="theme"
            label={t('settings.theme')}
            options={[
              ['system', t('settings.themeSystem')],
              ['light', t('settings.themeLight')],
              ['dark', t('settings.themeDark')],
            ]}
          />
        </section>
        <section className="settings-group" aria-labelledby="settings-refresh">
          <h3 id="settings-refresh">{t('settings.autoRefresh')}</h3>
          <p className="help">{t('settings.autoRefreshHelp')}</p>
          <NumberSetting settingKey="refreshMarginPercent" label={t('settings.marginPercent')} help={t('settings.marginPercentHelp', { time: marginExample })} />
          <NumberSetting settingKey="refreshMarginMinSec" label={t('settings.marginMin')} help={t('settings.marginMinHelp')} />
          <NumberSetting settingKey="refreshMarginMaxSec" label={t('settings.marginMax')} help={t('settings.marginMaxHelp')} />
        </section>
        <section className="settings-group" aria-labelledby="settings-clipboard">
          <h3 id="settings-clipboard">{t('settings.clipboard')}</h3>
          <NumberSetting settingKey="clipboardClearSec" label={t('settings.clipboardClear')} help={t('settings.clipboardClearHelp')} />
        </section>
        <SecuritySettings />
        <CustomProvidersSettings />
        <section className="settings-group" aria-labelledby="settings-transfer">
          <h3 id="settings-transfer">{t('settings.transfer')}</h3>
          <p className="help">{t('settings.transferHelp')}</p>
          <div className="button-row">
            <button type="button" className="btn" onClick={() => useStore.getState().openTransfer('export')}>
              {t('settings.exportButton')}
            </button>
            <button type="button" className="btn" onClick={() => useStore.getState().openTransfer('import')}>
              {t('settings.importButton')}
            </button>
          </div>
        </section>
      </div>
      <footer className="modal-footer">
        <button type="button" className="btn primary" onClick={closeDialog}>
          {t('common.done')}
        </button>
      </footer>
    </Modal>
  );
}
