import { useEffect, useSyncExternalStore, type ReactElement } from 'react';
import { useLanguage, useT } from '../i18n/use-t';
import { useStore } from '../store';
import { MainWindow } from './main-window';
import { Toasts } from './toasts';
import { UnlockScreen } from './unlock-screen';

const darkQuery = (): MediaQueryList => window.matchMedia('(prefers-color-scheme: dark)');
const subscribeToSystemTheme = (onChange: () => void): (() => void) => {
  const query = darkQuery();
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};

/** The theme in effect: the setting, with `system` resolved (and followed) from the OS preference. */
function useResolvedTheme(): 'light' | 'dark' {
  const setting = useStore((s) => s.settings.theme);
  const systemDark = useSyncExternalStore(subscribeToSystemTheme, () => darkQuery().matches);
  if (setting !== 'system') return setting;
  return systemDark ? 'dark' : 'light';
}

/** Keeps <html lang> and the theme attribute (always `light` or `dark`) in step with the settings. */
function useDocumentSettings(): void {
  const language = useLanguage();
  const theme = useResolvedTheme();
  const t = useT();
  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dataset.theme = theme;
    document.title = t('app.name');
  }, [language, theme, t]);
}

function Disconnected(): ReactElement {
  const t = useT();
  const error = useStore((s) => s.bootError);
  return (
    <main className="center-screen">
      <div className="card narrow" role="alert">
        <h1>{t('app.disconnected.title')}</h1>
        <p>{error?.message ?? t('app.disconnected.body')}</p>
      </div>
    </main>
  );
}

/** The window: picks the screen for the app's phase and always shows the toasts. */
export function App(): ReactElement {
  const phase = useStore((s) => s.phase);
  const t = useT();
  useDocumentSettings();
  useEffect(() => {
    void useStore.getState().boot();
  }, []);

  let screen: ReactElement;
  if (phase === 'loading')
    screen = (
      <main className="center-screen" aria-busy="true">
        <p className="muted">{t('app.loading')}</p>
      </main>
    );
  else if (phase === 'disconnected') screen = <Disconnected />;
  else if (phase === 'locked' || phase === 'setup') screen = <UnlockScreen mode={phase} />;
  else screen = <MainWindow />;

  return (
    <>
      {screen}
      <Toasts />
    </>
  );
}
