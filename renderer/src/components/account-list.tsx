import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { useRows } from '../hooks/use-rows';
import { useT } from '../i18n/use-t';
import type { ListRow } from '../lib/rows';
import { useStore } from '../store';
import { ACCOUNT_ROW_HEIGHT, AccountRow, GROUP_ROW_HEIGHT, GroupRow, rowDomId } from './account-row';

/** The id of the list element (focused by the keyboard handler). */
export const ACCOUNT_LIST_ID = 'account-list';

const OVERSCAN_PX = 300;

/** Start offset of every row, plus the total height at the end. */
function offsetsOf(rows: readonly ListRow[]): Float64Array {
  const offsets = new Float64Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) {
    offsets[i + 1] = offsets[i]! + (rows[i]!.kind === 'group' ? GROUP_ROW_HEIGHT : ACCOUNT_ROW_HEIGHT);
  }
  return offsets;
}

/** Index of the row that contains pixel `y` (binary search over the offsets). */
function rowAt(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
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

/**
 * The account list, grouped by provider and virtualized by hand: rows have fixed heights, so only the
 * rows in (or near) the viewport are mounted, and only those subscribe to the clock.
 */
export function AccountList(): ReactElement {
  const t = useT();
  const rows = useRows();
  const selectedId = useStore((s) => s.selectedId);
  const ref = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  const offsets = useMemo(() => offsetsOf(rows), [rows]);
  const total = offsets[rows.length] ?? 0;

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (): void => setViewport({ top: el.scrollTop, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const hasRows = rows.length > 0;
  useEffect(() => {
    // The benchmark reads this mark: navigation start → first accounts on screen.
    if (hasRows) performance.mark('tokendesk:list-visible');
  }, [hasRows]);

  // Bring the selected row into view when the selection moves (not when the rows merely change).
  const scrolledFor = useRef<string | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || selectedId === null || scrolledFor.current === selectedId) return;
    scrolledFor.current = selectedId;
    const index = rows.findIndex((r) => r.kind === 'account' && r.id === selectedId);
    if (index < 0) return;
    const top = offsets[index]!;
    const bottom = offsets[index + 1]!;
    // The group header above the first account of a group comes into view with it.
    const wantTop = index > 0 && rows[index - 1]?.kind === 'group' ? offsets[index - 1]! : top;
    if (wantTop < el.scrollTop) el.scrollTop = wantTop;
    else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
  }, [selectedId, rows, offsets]);

  if (rows.length === 0) return <NoMatches />;

  const first = rowAt(offsets, Math.max(0, viewport.top - OVERSCAN_PX));
  const last = rowAt(offsets, viewport.top + viewport.height + OVERSCAN_PX);
  const visible: ReactElement[] = [];
  let selectedVisible = false;
  for (let i = first; i <= last && i < rows.length; i++) {
    const row = rows[i]!;
    const top = offsets[i]!;
    if (row.kind === 'account' && row.id === selectedId) selectedVisible = true;
    visible.push(
      row.kind === 'group' ? (
        <GroupRow key={`g-${row.provider}`} provider={row.provider} count={row.count} top={top} index={i} />
      ) : (
        <AccountRow key={row.id} id={row.id} top={top} index={i} selected={row.id === selectedId} />
      ),
    );
  }

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
      onScroll={(e) => {
        const el = e.currentTarget;
        setViewport((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
      }}
    >
      <div className="list-spacer" style={{ height: `${total}px` }}>
        {visible}
      </div>
    </div>
  );
}
