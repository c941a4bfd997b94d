// Windowing for long lists (200 servers, 10,000 tools): only the rows in view (plus a few) are in
// the DOM. Rows may have different heights and may change height (an expanded schema): each
// rendered row is measured with a ResizeObserver and the measured height is kept by key, so it
// survives filtering. The list is its own scroll container; give it a height via CSS (flex: 1).
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { computeOffsets, visibleRange } from '../lib/virtual';

interface VirtualListProps<T> {
  items: readonly T[];
  getKey: (item: T) => string;
  renderItem: (item: T, index: number) => ReactNode;
  /** Height assumed for rows not measured yet. */
  estimateHeight: number;
  overscan?: number;
  className?: string;
  label: string;
  /** Rendered after the rows (inside the scroll area), e.g. "no more results". */
  footer?: ReactNode;
}

export function VirtualList<T>({ items, getKey, renderItem, estimateHeight, overscan = 6, className, label, footer }: VirtualListProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [measureVersion, setMeasureVersion] = useState(0);
  const [viewport, setViewport] = useState({ top: 0, height: 600 });
  const frame = useRef(0);

  const offsets = useMemo(
    () => computeOffsets(items.length, (index) => heights.current.get(getKey(items[index] as T)) ?? estimateHeight),
    // measureVersion: recompute when a row's measured height changed.
    [items, getKey, estimateHeight, measureVersion],
  );
  const total = offsets[items.length] ?? 0;
  const { start, end } = visibleRange(offsets, viewport.top, viewport.height, overscan);

  const observer = useMemo(
    () =>
      typeof ResizeObserver === 'undefined'
        ? undefined
        : new ResizeObserver((entries) => {
            let changed = false;
            for (const entry of entries) {
              const key = (entry.target as HTMLElement).dataset.vkey;
              if (key === undefined) continue;
              const height = entry.borderBoxSize[0]?.blockSize ?? entry.contentRect.height;
              if (height > 0 && Math.abs((heights.current.get(key) ?? -1) - height) > 0.5) {
                heights.current.set(key, height);
                changed = true;
              }
            }
            if (changed && !frame.current) {
              frame.current = requestAnimationFrame(() => {
                frame.current = 0;
                setMeasureVersion((value) => value + 1);
              });
            }
          }),
    [],
  );
  useEffect(
    () => () => {
      observer?.disconnect();
      if (frame.current) cancelAnimationFrame(frame.current);
    },
    [observer],
  );

  const measureRef = useCallback(
    (element: HTMLDivElement | null) => {
      if (!element || !observer) return undefined;
      observer.observe(element);
      return () => observer.unobserve(element);
    },
    [observer],
  );

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const update = (): void => setViewport({ top: element.scrollTop, height: element.clientHeight });
    update();
    const resize = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(update);
    resize?.observe(element);
    element.addEventListener('scroll', update, { passive: true });
    return () => {
      resize?.disconnect();
      element.removeEventListener('scroll', update);
    };
  }, []);

  const rows: ReactNode[] = [];
  for (let index = start; index < end; index += 1) {
    const item = items[index] as T;
    const key = getKey(item);
    rows.push(
      <div key={key} data-vkey={key} ref={measureRef} role="listitem" className="vrow">
        {renderItem(item, index)}
      </div>,
    );
  }

  return (
    // A short list shrinks to its rows; a long one fills the space it is given and scrolls.
    <div ref={scrollRef} className={`vlist ${className ?? ''}`} data-count={items.length} style={footer ? undefined : { maxHeight: total + 2, minHeight: Math.min(260, total + 2) }}>
      <div className="vlist-inner" role="list" aria-label={label} style={{ height: total }}>
        <div className="vlist-window" style={{ transform: `translateY(${offsets[start] ?? 0}px)` }}>
          {rows}
        </div>
      </div>
      {footer}
    </div>
  );
}
