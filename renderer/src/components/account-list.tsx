/**
 * The account list, grouped by provider, virtualized with @tanstack/react-virtual: rows have fixed
 * heights, so only the rows in (or near) the viewport are mounted, and only those subscribe to the
 * clock. The header of the group at the top of the viewport sticks there (TanStack's sticky-rows
 * pattern: a range extractor keeps that header mounted, rendered in flow with position: sticky).
 */
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useLayoutEffect, useMemo, useRef, type ReactElement } from 'react';
import { useRows } from '../hooks/use-rows';
import { useT } from '../i18n/use-t';
import type { ListRow } from '../lib/rows';
import { useStore } from '../store';
import { ACCOUNT_ROW_HEIGHT, AccountRow, GROUP_ROW_HEIGHT, GroupRow, rowDomId } from './account-row';

/** The id of the list element (focused by the keyboard handler). */
export const ACCOUNT_LIST_ID = 'account-list';

/** Rows mounted beyond each edge of the viewport (about 300 px), so a short scroll shows no gap. */
const OVERSCAN_ROWS = 5;
/** Before the list is measured: a typical window, so the first frame already has its rows. */
const INITIAL_RECT = { width: 1000, height: 800 };

/** The indexes of the group headers, ascending. */
function groupIndexes(rows: readonly ListRow[]): number[] {
  const indexes: number[] = [];
  rows.forEach((row, index) => {
    if (row.kind === 'group') indexes.push(index);
  });
  return indexes;
}

/** The last group header at or above `index` (binary search), or -1. */
function groupAbove(groups: readonly number[], index: number): number {
  let lo = 0;
  let hi = groups.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (groups[mid]! <= index) {
      found = groups[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function NoMatches(): ReactElement {
  const t = useT();
  const clearFilters = useStore((s) => s.clearFilters);
  return (
    <div className="no-matches">
      <h2>{t('list.noMatches.title')}</h2>
      <p className="muted">{t('list.noMatches.body')}</p>
      <button type="button" className="btn" onClick={clearFilters}>
        {t('list.clearFilters')}
      </button>
    </div>
  );
}

/** The account list (see the file header). */
export function AccountList(): ReactElement {
  const t = useT();
  const rows = useRows();
  const selectedId = useStore((s) => s.selectedId);
  const ref = useRef<HTMLDivElement>(null);
  const groups = useMemo(() => groupIndexes(rows), [rows]);
  // The header that sticks: the group of the first row in view. Read during render, set by the extractor.
  const stickyRef = useRef(-1);

  const rangeExtractor = useCallback(
    (range: Range): number[] => {
      const sticky = groupAbove(groups, range.startIndex);
      stickyRef.current = sticky;
      const indexes = defaultRangeExtractor(range);
      return sticky >= 0 && !indexes.includes(sticky) ? [sticky, ...indexes] : indexes;
    },
    [groups],
  );

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => ref.current,
    estimateSize: (index) => (rows[index]?.kind === 'group' ? GROUP_ROW_HEIGHT : ACCOUNT_ROW_HEIGHT),
    getItemKey: (index) => {
      const row = rows[index];
      return row === undefined ? index : row.kind === 'group' ? `g-${row.provider}` : row.id;
    },
    overscan: OVERSCAN_ROWS,
    rangeExtractor,
    initialRect: INITIAL_RECT,
    // A row scrolled into view from above lands below the sticky header, not under it.
    scrollPaddingStart: GROUP_ROW_HEIGHT,
    // Scrolling re-renders in a normal React update; flushSync per scroll event costs more than it gains here.
    useFlushSync: false,
  });

  const hasRows = rows.length > 0;

  // Bring the selected row into view when the selection moves (not when the rows merely change).
  const scrolledFor = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (selectedId === null || scrolledFor.current === selectedId) return;
    scrolledFor.current = selectedId;
    const index = rows.findIndex((r) => r.kind === 'account' && r.id === selectedId);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedId, rows, virtualizer]);

  if (!hasRows) return <NoMatches />;

  const items = virtualizer.getVirtualItems();
  const sticky = stickyRef.current;
  let selectedVisible = false;
  const visible = items.map((item) => {
    const row = rows[item.index]!;
    if (row.kind === 'group') {
      return <GroupRow key={item.key} provider={row.provider} count={row.count} top={item.start} index={item.index} sticky={item.index === sticky} />;
    }
    const selected = row.id === selectedId;
    if (selected) selectedVisible = true;
    return <AccountRow key={item.key} id={row.id} top={item.start} index={item.index} selected={selected} />;
  });

  return (
    <div
      ref={ref}
      id={ACCOUNT_LIST_ID}
      className="list"
      role="grid"
      aria-label={t('list.label')}
      aria-rowcount={rows.length}
      aria-activedescendant={selectedVisible && selectedId !== null ? rowDomId(selectedId) : undefined}
      tabIndex={0}
    >
      <div className="list-spacer" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        {visible}
      </div>
    </div>
  );
}
