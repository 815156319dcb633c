/** Axis helpers shared by the chart builders: decade ticks on log axes, number formats. */

/**
 * Tick values for a log axis covering [min, max]: the powers of ten when the
 * data spans at least two decades (so the grid marks decades only, as in a
 * textbook), otherwise undefined (Vega then picks 1-2-5 ticks).
 */
export function decadeTicks(min: number, max: number): number[] | undefined {
  if (!(min > 0 && max > 0 && Number.isFinite(min) && Number.isFinite(max))) return undefined;
  const lo = Math.floor(Math.log10(min) + 1e-9);
  const hi = Math.ceil(Math.log10(max) - 1e-9);
  if (hi - lo < 2) return undefined;
  const step = Math.ceil((hi - lo) / 8); // at most ~9 labels
  const out: number[] = [];
  for (let k = lo; k <= hi; k += step) out.push(Number(`1e${k}`));
  return out;
}

/** Label format for linear axes: 1200 (no thousands separator), 0.25, 1e-5 only when tiny. */
export const LINEAR_FORMAT_EXPR =
  "datum.value != 0 && abs(datum.value) < 1e-4 || abs(datum.value) >= 1e6 ? replace(format(datum.value, '.2~e'), 'e+', 'e') : format(datum.value, '~r')";

/** Label format for log axes: 0.001, 1, 1000 in plain form, else 1e-5 and 1e+6. */
export const LOG_FORMAT_EXPR =
  "abs(datum.value) >= 1e-4 && abs(datum.value) < 1e5 ? format(datum.value, '~g') : replace(format(datum.value, '.0e'), 'e+', 'e')";

/** Vega-Lite axis properties for a quantitative axis over `values`. */
export function axisFor(
  log: boolean,
  values: readonly number[],
  domain?: readonly [number, number],
): Record<string, unknown> {
  if (!log) return { labelExpr: LINEAR_FORMAT_EXPR };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  if (domain) {
    min = domain[0];
    max = domain[1];
  } else {
    for (const v of values) {
      if (v > 0 && v < min) min = v;
      if (v > max) max = v;
    }
  }
  const ticks = decadeTicks(min, max);
  const axis: Record<string, unknown> = { labelExpr: LOG_FORMAT_EXPR };
  if (ticks) axis.values = ticks;
  return axis;
}
