/**
 * Summaries of the Hessian spectrum at θ from Hessian-vector products alone:
 * the k largest and k smallest eigenvalues (Lanczos), the trace (exact or
 * Hutchinson), the condition number, and directions of negative curvature.
 *
 * Saddle points (book §8.2.3; CORRECTIONS #15): at a critical point with a
 * negative Hessian eigenvalue, gradient descent escapes along the corresponding
 * eigenvector in practice, while Newton's method is attracted to the saddle.
 * `negativeCurvature` returns that eigenvector, so a caller can step along it.
 */
import type { Objective } from '../objectives/types.js';
import { type ExtremeEigenOptions, lanczosExtremes } from './extremes.js';
import { hessianOperator, type SymmetricOperator } from './operator.js';
import { exactTrace, hessianTrace, hutchinsonTrace, type TraceOptions } from './trace.js';
import { dot, positiveOption } from './vec.js';

export interface SpectrumOptions extends Omit<ExtremeEigenOptions, 'ritzVectors'>, TraceOptions {
  /** 'auto' (default: exact when n_active ≤ exactMaxDim, else Hutchinson), 'exact', 'hutchinson' or 'none'. */
  trace?: 'auto' | 'exact' | 'hutchinson' | 'none';
}

export interface HessianSpectrum {
  /** The k largest eigenvalues, descending (k capped at n_active). */
  top: number[];
  /** The k smallest eigenvalues, ascending. */
  bottom: number[];
  /** tr H (NaN with trace 'none'). */
  trace: number;
  /** 0 when exact. */
  traceStdError: number;
  traceExact: boolean;
  /** All Hessian-vector products used (Lanczos + trace). */
  matvecs: number;
  lanczosSteps: number;
  /** Whether every Ritz value met the tolerance (or the space was exhausted). */
  converged: boolean;
}

/** Spectrum summary of a (counted or not) symmetric operator. */
export function operatorSpectrum(
  op: SymmetricOperator,
  options: SpectrumOptions = {},
): HessianSpectrum {
  const mode = options.trace ?? 'auto';
  if (!['auto', 'exact', 'hutchinson', 'none'].includes(mode)) {
    throw new RangeError(
      `hessianSpectrum: option trace must be 'auto', 'exact', 'hutchinson' or 'none', got ${String(mode)}`,
    );
  }
  const eig = lanczosExtremes(op, { ...options, k: options.k ?? 3, ritzVectors: false });
  const tr =
    mode === 'none'
      ? null
      : mode === 'exact'
        ? exactTrace(op)
        : mode === 'hutchinson'
          ? hutchinsonTrace(op, options)
          : hessianTrace(op, options);
  return {
    top: eig.largest,
    bottom: eig.smallest,
    trace: tr ? tr.trace : Number.NaN,
    traceStdError: tr ? tr.stdError : Number.NaN,
    traceExact: tr ? tr.exact : false,
    matvecs: eig.matvecs + (tr ? tr.matvecs : 0),
    lanczosSteps: eig.steps,
    converged: eig.converged,
  };
}

/**
 * The k largest and k smallest Hessian eigenvalues and the trace at θ = x
 * (k default 3). With `mask`, of the block P H P (per-layer diagnostics).
 */
export function hessianSpectrum(
  objective: Objective,
  x: ArrayLike<number>,
  options: SpectrumOptions & { mask?: Uint8Array } = {},
): HessianSpectrum {
  return operatorSpectrum(hessianOperator(objective, x, options.mask), options);
}

export interface ConditionEstimate {
  largest: number;
  smallest: number;
  /** λmax/λmin when H is positive definite, else +∞ (indefinite or singular). */
  condition: number;
  matvecs: number;
  converged: boolean;
}

/** κ(H) = λmax/λmin from the two extreme Ritz values. */
export function conditionNumber(
  op: SymmetricOperator,
  options: Omit<ExtremeEigenOptions, 'k' | 'ritzVectors'> = {},
): ConditionEstimate {
  const e = lanczosExtremes(op, { ...options, k: 1 });
  const largest = e.largest[0]!;
  const smallest = e.smallest[0]!;
  return {
    largest,
    smallest,
    condition: smallest > 0 ? largest / smallest : Number.POSITIVE_INFINITY,
    matvecs: e.matvecs,
    converged: e.converged,
  };
}

export interface NegativeCurvatureOptions extends Omit<ExtremeEigenOptions, 'k' | 'ritzVectors'> {
  /** Negative curvature means λmin < −threshold·max(|λmax|, |λmin|) (default 1e-8). */
  threshold?: number;
  /** When given, the direction d is oriented so that gᵀd ≤ 0 (a descent direction). */
  gradient?: ArrayLike<number>;
  mask?: Uint8Array;
}

export interface NegativeCurvature {
  /** Whether H has a (significantly) negative eigenvalue: θ is near a saddle or a maximum. */
  found: boolean;
  /** λmin (Ritz value) */
  eigenvalue: number;
  /** Its unit Ritz vector (dᵀHd ≈ λmin). */
  direction: Float64Array;
  /** λmax, for scale. */
  largest: number;
  /** ‖Hd − λd‖ bound from Lanczos. */
  residual: number;
  matvecs: number;
}

/** Detects negative curvature at θ = x and returns the direction of most negative curvature. */
export function negativeCurvature(
  objective: Objective,
  x: ArrayLike<number>,
  options: NegativeCurvatureOptions = {},
): NegativeCurvature {
  const threshold = positiveOption('negativeCurvature', 'threshold', options.threshold, 1e-8);
  const op = hessianOperator(objective, x, options.mask);
  const e = lanczosExtremes(op, { ...options, k: 1, ritzVectors: true });
  const lmin = e.smallest[0]!;
  const lmax = e.largest[0]!;
  const d = e.smallestVectors![0]!;
  if (options.gradient) {
    if (options.gradient.length !== d.length)
      throw new RangeError(`negativeCurvature: gradient must have length ${d.length}`);
    const g = Float64Array.from(options.gradient);
    if (dot(g, d) > 0) for (let i = 0; i < d.length; i++) d[i] = -d[i]!;
  }
  return {
    found: lmin < -threshold * Math.max(Math.abs(lmax), Math.abs(lmin)),
    eigenvalue: lmin,
    direction: d,
    largest: lmax,
    residual: e.smallestResiduals[0]!,
    matvecs: e.matvecs,
  };
}
