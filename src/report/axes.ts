/**
 * Axis helpers shared by the chart builders: log-axis ticks (every decade, or
 * 1-2-5 within a short span) labelled in ONE format per axis, integer ticks for
 * integer quantities, number formats.
 */

/**
 * Tick values for a log axis covering [min, max]: every power of ten from the
 * one at or below min to the one at or above max when the data spans at least
 * 1.5 decades (every 2nd, 5th, 10th… when more than `maxLabels` decades would
 * not fit); otherwise the 1-2-5 values of those decades (so a narrow axis
 * still has several labels). Undefined when min/max cannot be on a log axis.
 */
export function decadeTicks(min: number, max: number, maxLabels = 40): number[] | undefined {
  if (!(min > 0 && max > 0 && Number.isFinite(min) && Number.isFinite(max))) return undefined;
  const lo = Math.floor(Math.log10(min) + 1e-9);
  const hi = Math.ceil(Math.log10(max) - 1e-9);
  const out: number[] = [];
  if (Math.log10(max / min) >= 1.5) {
    // Every decade while they fit; else every 2nd, 5th, 10th… decade (multiples of the step).
    const steps = [1, 2, 5, 10, 20, 50, 100];
    const step = steps.find((st) => (hi - lo) / st + 1 <= maxLabels) ?? 100;
    for (let k = Math.ceil(lo / step) * step; k <= hi; k += step) out.push(Number(`1e${k}`));
    if (out[0] !== Number(`1e${lo}`) && step > 1 && out.length < 2) out.unshift(Number(`1e${lo}`));
    return out;
  }
  // 1-2-5 over the whole decades the (nice) axis spans, so the ticks are evenly spread.
  for (let k = lo; k <= hi; k++) {
    for (const m of k === hi ? [1] : [1, 2, 5]) out.push(Number(`${m}e${k}`));
  }
  return out;
}

const SUPERSCRIPT = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/** 10 to an integer power in textbook form: 10⁻⁶, 10⁰, 10⁵. */
export function powerOfTen(k: number): string {
  const digits = String(Math.abs(k))
    .split('')
    .map((d) => SUPERSCRIPT[Number(d)])
    .join('');
  return `10${k < 0 ? '⁻' : ''}${digits}`;
}

/**
 * Labels of log-axis ticks in one format for the whole axis: plain numbers
 * (0.001 … 10000) when every tick lies in [1e-3, 1e4], else powers of ten
 * (10⁻⁶, 2×10⁻⁶, …).
 */
export function logTickLabels(ticks: readonly number[]): string[] {
  const plain = ticks.every((t) => t >= 1e-3 * (1 - 1e-9) && t <= 1e4 * (1 + 1e-9));
  return ticks.map((t) => {
    if (plain) return String(Number(t.toPrecision(6)));
    const k = Math.floor(Math.log10(t) + 1e-9);
    const m = Math.round(t / 10 ** k);
    return m === 1 ? powerOfTen(k) : `${m}×${powerOfTen(k)}`;
  });
}

/** Label format for linear axes: 1200 (no thousands separator), 0.25, 1e-5 only when tiny. */
export const LINEAR_FORMAT_EXPR =
  "datum.value != 0 && abs(datum.value) < 1e-4 || abs(datum.value) >= 1e6 ? replace(format(datum.value, '.2~e'), 'e+', 'e') : format(datum.value, '~r')";

/** Label format for log axes without explicit ticks. */
export const LOG_FORMAT_EXPR =
  "abs(datum.value) >= 1e-3 && abs(datum.value) <= 1e4 ? format(datum.value, '~g') : replace(format(datum.value, '.0e'), 'e+', 'e')";

/** A Vega expression mapping each of `values` to its label (exact matches; '' otherwise). */
function labelLookup(values: readonly number[], labels: readonly string[]): string {
  let expr = "''";
  for (let i = values.length - 1; i >= 0; i--) {
    const text = labels[i]!.replaceAll("'", "\\'");
    expr = `datum.value == ${values[i]} ? '${text}' : ${expr}`;
  }
  return expr;
}

/** True when every finite value is an integer (an epoch, an update count). */
export function allIntegers(values: readonly number[]): boolean {
  let any = false;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (!Number.isInteger(v)) return false;
    any = true;
  }
  return any;
}

/** Axis properties for an integer quantity: ticks at least 1 apart, labels without decimals. */
export function integerAxis(): Record<string, unknown> {
  return { tickMinStep: 1, labelExpr: "format(datum.value, 'd')" };
}

/**
 * Vega-Lite axis properties for a quantitative axis over `values`. Log axes get
 * a tick at every decade (1-2-5 on short spans), every one labelled, in one
 * format; linear axes over integer values (`integer`) get integer ticks.
 */
export function axisFor(
  log: boolean,
  values: readonly number[],
  domain?: readonly [number, number],
  integer = false,
  room?: { length: number; orient: 'x' | 'y' },
): Record<string, unknown> {
  if (!log) return integer ? integerAxis() : { labelExpr: LINEAR_FORMAT_EXPR };
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
  // A y label needs ~14 px of height; an x label such as 10⁻¹² ~42 px of width.
  const length = room?.length ?? 300;
  const maxLabels = Math.max(3, Math.floor(length / (room?.orient === 'x' ? 42 : 14)));
  const ticks = decadeTicks(min, max, maxLabels);
  if (!ticks) return { labelExpr: LOG_FORMAT_EXPR };
  const shown = domain
    ? ticks.filter((t) => t >= min * (1 - 1e-9) && t <= max * (1 + 1e-9))
    : ticks;
  return {
    values: shown,
    labelExpr: labelLookup(shown, logTickLabels(shown)),
    labelOverlap: false,
  };
}
