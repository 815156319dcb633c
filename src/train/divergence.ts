/**
 * The divergence guard of `fit`: stops training whose loss blows up without
 * becoming NaN (Adam at lr 1e6 reaches a loss of 1e17 and stays finite).
 *
 * The guard watches the minibatch loss ℓ_k smoothed by an exponential moving
 * average with span w (`window`), bias-corrected as in Adam:
 *
 *   m_k = β m_{k−1} + (1 − β) ℓ_k,  β = 1 − 2/(w + 1),  s_k = m_k / (1 − β^k).
 *
 * It stops at update k when either
 * - s_k > `factor` · L₀ — the loss is far above its start, L₀ being the loss of
 *   the initial model (evaluation mode, so no random numbers are drawn) on the
 *   first `startRows` training rows; or
 * - s_k > `growth` · s_{k−w} — the smoothed loss grew by more than `growth` over
 *   the last w updates (s_0 = L₀ for the first w updates): growth without bound.
 *
 * Defaults: factor 10, growth 1000, window 20, startRows 1000. A single noisy
 * batch cannot trip it (the average damps it by 2/(w + 1)); a loss that rises
 * tenfold and stays there, or a thousandfold within w updates, does. The state
 * is plain data saved in checkpoints, so a resumed run sees the same guard.
 */
import { z } from 'zod';
import { count, parseOptions } from '../options/index.js';

/** The guard's options with their defaults. */
export const divergenceSchema = z.strictObject({
  factor: z.number().gt(1).default(10),
  growth: z.number().gt(1).default(1000),
  window: count().max(1_000_000).default(20),
  startRows: count().default(1000),
});

export interface DivergenceOptions {
  /** Stop when the smoothed loss exceeds this multiple of the initial loss (default 10). */
  factor?: number;
  /** Stop when the smoothed loss grows by more than this factor within `window` updates (default 1000). */
  growth?: number;
  /** Span of the moving average and of the growth look-back, in updates, ≤ 1,000,000 (default 20). */
  window?: number;
  /** Training rows evaluated for the initial loss L₀ (default 1000). */
  startRows?: number;
}

export interface DivergenceState {
  /** L₀, the initial loss. */
  start: number;
  /** The biased moving average m_k and the number of updates seen, k. */
  mean: number;
  count: number;
  /** s_{k−w+1}, …, s_k (at most w values, oldest first). */
  recent: number[];
}

/** The guard's options filled with their defaults. */
export type DivergenceSettings = z.output<typeof divergenceSchema>;

/** Fills the defaults and checks the ranges (an OptionError names a bad one). */
export function divergenceSettings(o: DivergenceOptions = {}): DivergenceSettings {
  return parseOptions('divergence', divergenceSchema, o);
}

export function divergenceInit(start: number): DivergenceState {
  return { start, mean: 0, count: 0, recent: [] };
}

/**
 * Adds the loss of one update; returns null, or a sentence saying why training
 * diverged (the caller names the step).
 */
export function divergenceUpdate(
  st: DivergenceState,
  o: DivergenceSettings,
  loss: number,
): string | null {
  const beta = 1 - 2 / (o.window + 1);
  st.mean = beta * st.mean + (1 - beta) * loss;
  st.count++;
  const s = st.mean / (1 - beta ** st.count);
  const before = st.recent.length === o.window ? st.recent[0]! : st.start;
  st.recent.push(s);
  if (st.recent.length > o.window) st.recent.shift();
  if (st.start > 0 && s > o.factor * st.start) {
    return `the smoothed loss ${fmt(s)} is above ${o.factor} × the initial loss ${fmt(st.start)} (divergence.factor)`;
  }
  if (before > 0 && s > o.growth * before) {
    return `the smoothed loss grew from ${fmt(before)} to ${fmt(s)} within ${o.window} updates, more than ${o.growth}× (divergence.growth)`;
  }
  return null;
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(3) : x.toPrecision(4);
}
