import { useMemo } from 'react';
import type { AccountView } from '../../../shared/account';
import { autoRefreshOffWhenDue, marginsFromSettings } from '../../../shared/refresh-margin';
import { useStore } from '../store';
import { useClockValue } from '../store/clock';

/**
 * True while the account's token is inside its renewal margin (or expired) and auto-refresh is off: the
 * moment auto-refresh would renew it, so the row and the details pane say so and offer to turn it on.
 * Re-renders its caller only when that flips, not every second.
 */
export function useAutoRefreshOffDue(view: AccountView): boolean {
  const percent = useStore((s) => s.settings.refreshMarginPercent);
  const minSec = useStore((s) => s.settings.refreshMarginMinSec);
  const maxSec = useStore((s) => s.settings.refreshMarginMaxSec);
  const margins = useMemo(
    () => marginsFromSettings({ refreshMarginPercent: percent, refreshMarginMinSec: minSec, refreshMarginMaxSec: maxSec }),
    [percent, minSec, maxSec],
  );
  return useClockValue((now) => autoRefreshOffWhenDue(view, margins, now));
}
