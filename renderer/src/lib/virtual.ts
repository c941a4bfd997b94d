// Windowing math for VirtualList, kept pure: offsets from heights and the visible index range.

/** `offsets[i]` is the top of item i; `offsets[count]` the total height. */
export function computeOffsets(count: number, heightOf: (index: number) => number): Float64Array {
  const offsets = new Float64Array(count + 1);
  for (let index = 0; index < count; index += 1) offsets[index + 1] = (offsets[index] ?? 0) + heightOf(index);
  return offsets;
}

/** The last index whose top is at or above `y` (binary search). */
export function indexAt(offsets: Float64Array, y: number): number {
  let low = 0;
  let high = offsets.length - 2;
  if (high < 0) return 0;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((offsets[mid] ?? 0) <= y) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Items to render for a viewport, with `overscan` extra items on each side. */
export function visibleRange(offsets: Float64Array, scrollTop: number, viewportHeight: number, overscan: number): { start: number; end: number } {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const first = indexAt(offsets, scrollTop);
  const last = indexAt(offsets, scrollTop + viewportHeight);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + 1 + overscan) };
}
