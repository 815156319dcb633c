/**
 * Order statistics of a list of numbers. Two medians are in use: `median`, the
 * mean of the two middle values for an even count (the usual definition, NumPy's
 * `np.median`), and `upperMedian`, the middle element of the sorted list
 * (the upper of the two for an even count; always one of the values). And the
 * least-squares line through points (x_i, y_i).
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

/**
 * Least-squares line y ≈ intercept + slope·x: slope = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²,
 * the means and sums taken in index order.
 */
export function linearFit(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): { slope: number; intercept: number } {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
