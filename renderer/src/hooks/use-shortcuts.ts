import { useEffect } from 'react';
import { ACCOUNT_LIST_ID } from '../components/account-list';
import { DETAILS_PANE_ID } from '../components/details-pane';
import { SEARCH_INPUT_ID } from '../components/toolbar';
import { accountIds } from '../lib/rows';
import { useStore } from '../store';
import { selectRows } from './use-rows';

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
}

/** Moves the selection by `step` accounts (or to an end with ±Infinity) in the list's current order. */
function moveSelection(step: number): void {
  const state = useStore.getState();
  const ids = accountIds(selectRows(state));
  if (ids.length === 0) return;
  const current = state.selectedId === null ? -1 : ids.indexOf(state.selectedId);
  let next: number;
  if (step === -Infinity) next = 0;
  else if (step === Infinity) next = ids.length - 1;
  else if (current < 0) next = step > 0 ? 0 : ids.length - 1;
  else next = Math.min(ids.length - 1, Math.max(0, current + step));
  state.selectAccount(ids[next]!);
  document.getElementById(ACCOUNT_LIST_ID)?.focus({ preventScroll: true });
}

const PAGE = 10;

/**
 * Window shortcuts: arrows/Home/End/PageUp/PageDown move the selection, Enter opens details,
 * Ctrl/Cmd+R refreshes the selected account, Ctrl/Cmd+Shift+R all, Ctrl/Cmd+F search,
 * Ctrl/Cmd+N add, Ctrl/Cmd+C copies the selected token (through main), Escape closes details.
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      const s = useStore.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      const handledElsewhere = e.defaultPrevented;
      // Reload would drop the window's state; never let the browser's own Ctrl+R through.
      if (mod && key === 'r') e.preventDefault();
      if (s.dialog !== null || handledElsewhere) return;
      const inField = isTextField(e.target);
      const inSearch = e.target instanceof HTMLElement && e.target.id === SEARCH_INPUT_ID;

      if (mod && !e.altKey) {
        if (key === 'f') {
          e.preventDefault();
          const input = document.getElementById(SEARCH_INPUT_ID);
          if (input instanceof HTMLInputElement) {
            input.focus();
            input.select();
          }
        } else if (key === 'n') {
          e.preventDefault();
          s.openAddDialog();
        } else if (key === 'r' && e.shiftKey) {
          void s.refreshAllAccounts();
        } else if (key === 'r') {
          if (s.selectedId !== null) void s.refreshAccount(s.selectedId);
        } else if (key === 'c' && !inField && (window.getSelection()?.toString() ?? '') === '' && s.selectedId !== null) {
          e.preventDefault();
          if (s.accounts[s.selectedId]?.hasToken) void s.copyToken(s.selectedId, 'raw');
        }
        return;
      }
      if (inField && !(inSearch && (key === 'ArrowDown' || key === 'ArrowUp'))) return;
      const moves: Record<string, number> = {
        ArrowDown: 1,
        ArrowUp: -1,
        PageDown: PAGE,
        PageUp: -PAGE,
        Home: -Infinity,
        End: Infinity,
      };
      const step = moves[key];
      if (step !== undefined && !e.altKey) {
        e.preventDefault();
        moveSelection(step);
      } else if (key === 'Enter' && s.selectedId !== null && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        s.openDetails();
        // Opened from the keyboard: focus moves into the pane once it is on screen (and back to the list when it closes).
        requestAnimationFrame(() => document.getElementById(DETAILS_PANE_ID)?.focus({ preventScroll: true }));
      } else if (key === 'Escape' && s.detailsOpen) {
        s.closeDetails();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
