/**
 * The trace of the Hessian from Hessian-vector products.
 *
 * Exact: tr A = Σᵢ eᵢᵀAeᵢ, one product per active coordinate.
 *
 * Hutchinson (1989), "A stochastic estimator of the trace of the influence
 * matrix for Laplacian smoothing splines": for z with independent Rademacher
 * entries (±1 with probability ½), E[zᵀAz] = tr A and Var[zᵀAz] = 2Σ_{i≠j} A_ij²
 * (the smallest variance of any such estimator with i.i.d. entries). With p probes
 * the estimate is the sample mean of zₖᵀAzₖ and its standard error the sample
 * standard deviation over √p. On a block (masked operator) z is drawn on the
 * block only, giving the trace of the block's principal submatrix.
 */
import { z } from 'zod';
import { count, index, parseOptions } from '../options/index.js';
import { activeDim, type SymmetricOperator } from './operator.js';
import { dot, fillRademacher, rngSchema } from './vec.js';

export interface TraceEstimate {
  /** The trace (exact) or its estimate. */
  trace: number;
  /** Standard error of the estimate (0 when exact; NaN with a single probe). */
  stdError: number;
  /** Products used. */
  matvecs: number;
  exact: boolean;
  /** The probe values zₖᵀAzₖ (empty when exact). */
  samples: Float64Array;
}

/** tr A = Σᵢ (Aeᵢ)ᵢ over the active coordinates: n products, exact up to rounding. */
export function exactTrace(op: SymmetricOperator): TraceEstimate {
  const n = op.dim;
  const e = new Float64Array(n);
  const out = new Float64Array(n);
  let t = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (op.mask && !op.mask[i]) continue;
    e[i] = 1;
    op.apply(e, out);
    e[i] = 0;
    t += out[i]!;
    count++;
  }
  return { trace: t, stdError: 0, matvecs: count, exact: true, samples: new Float64Array(0) };
}

/** The options of `hutchinsonTrace`. */
export const hutchinsonShape = {
  /** Number of Rademacher probes p (default 100). */
  probes: count().default(100),
  /** Default `new Rng(0)`. */
  rng: rngSchema(),
};
const hutchinsonSchema = z.strictObject(hutchinsonShape);

export type HutchinsonOptions = z.input<typeof hutchinsonSchema>;

/** Hutchinson's estimate of tr A with its standard error. */
export function hutchinsonTrace(
  op: SymmetricOperator,
  options: HutchinsonOptions = {},
): TraceEstimate {
  const { probes: p, rng } = parseOptions('hutchinsonTrace', hutchinsonSchema, options);
  const n = op.dim;
  const z = new Float64Array(n);
  const az = new Float64Array(n);
  const samples = new Float64Array(p);
  let mean = 0;
  for (let k = 0; k < p; k++) {
    fillRademacher(z, rng, op.mask);
    op.apply(z, az);
    samples[k] = dot(z, az);
    mean += samples[k]!;
  }
  mean /= p;
  let ss = 0;
  for (let k = 0; k < p; k++) ss += (samples[k]! - mean) ** 2;
  const stdError = p > 1 ? Math.sqrt(ss / (p - 1) / p) : Number.NaN;
  return { trace: mean, stdError, matvecs: p, exact: false, samples };
}

const traceSchema = z.strictObject({
  ...hutchinsonShape,
  /** Exact when the number of active coordinates is at most this (default 1000). */
  exactMaxDim: index().default(1000),
});

export type TraceOptions = z.input<typeof traceSchema>;

/** Exact trace for small operators (n_active ≤ exactMaxDim), Hutchinson's estimate otherwise. */
export function hessianTrace(op: SymmetricOperator, options: TraceOptions = {}): TraceEstimate {
  const { exactMaxDim, probes, rng } = parseOptions('hessianTrace', traceSchema, options);
  return activeDim(op) <= exactMaxDim ? exactTrace(op) : hutchinsonTrace(op, { probes, rng });
}
