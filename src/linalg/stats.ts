/**
 * Order statistics of a list of numbers. Two medians are in use: `median`, the
 * mean of the two middle values for an even count (the usual definition, NumPy's
 * `np.median`), and `upperMedian`, the middle element of the sorted list
 * (the upper of the two for an even count; always one of the values).
 */

/** A sorted (ascending) copy of `v`. */
export function sortedAscending(v: readonly number[]): number[] {
  return [...v].sort((a, b) => a - b);
}

/** The median: the middle value, or the mean of the two middle values for an even count; NaN for none. */
export function median(v: readonly number[]): number {
  const s = sortedAscending(v);
  const m = s.length >> 1;
  if (s.length === 0) return Number.NaN;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/** The element at index ⌊n/2⌋ of the sorted values (the upper median); NaN for none. */
export function upperMedian(v: readonly number[]): number {
  const s = sortedAscending(v);
  return s.length === 0 ? Number.NaN : s[s.length >> 1]!;
}
