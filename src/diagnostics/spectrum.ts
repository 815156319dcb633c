/**
 * Summaries of the Hessian spectrum at θ from Hessian-vector products alone:
 * the k largest and k smallest eigenvalues, the trace (exact or Hutchinson), the
 * condition number, and directions of negative curvature.
 *
 * The eigenvalues come from one of two methods (option `method`, default 'auto'):
 * - 'dense' (auto when n_active ≤ `denseMaxDim`, default 200): H formed from
 *   n_active products H·eᵢ and diagonalised (dense.ts) — every eigenvalue with its
 *   multiplicity; the trace comes from the same products.
 * - 'lanczos': Lanczos with full reorthogonalisation and, for k ≥ 2, deflation
 *   runs that find repeated eigenvalues (extremes.ts).
 * Either way each value comes with a residual ‖H y − λ y‖₂ of its (Ritz)
 * vector, a bound on its distance to an eigenvalue: how sure it is.
 *
 * Saddle points (book §8.2.3; CORRECTIONS #15): at a critical point with a
 * negative Hessian eigenvalue, gradient descent escapes along the corresponding
 * eigenvector in practice, while Newton's method is attracted to the saddle.
 * `negativeCurvature` returns that eigenvector, so a caller can step along it.
 */
import { z } from 'zod';
import { type Objective, requireHvp } from '../objectives/types.js';
import { count, index, parseOptions, positive } from '../options/index.js';
import { Rng } from '../random/index.js';
import { formMatrix, residualNorm, symmetricEigen } from './dense.js';
import { extremeEigenShape, lanczosExtremes } from './extremes.js';
import { activeDim, hessianOperator, type SymmetricOperator } from './operator.js';
import { exactTrace, hessianTrace, hutchinsonTrace } from './trace.js';
import { dot } from './vec.js';

const { k: _k, ritzVectors: _r, rng: _rng, ...lanczosShape } = extremeEigenShape;

/**
 * `rng` is optional here, without a default: the eigenvalue and the trace
 * computations each start their own `new Rng(0)` unless one is given.
 */
const optionalRng = z
  .custom<Rng>((v) => v instanceof Rng, { message: 'must be an Rng (src/random)' })
  .optional();

const spectrumShape = {
  ...lanczosShape,
  /** How many eigenvalues at each end (default 3); more than n_active gives n_active. */
  k: count().default(3),
  rng: optionalRng,
  /** 'auto' (default: exact when n_active ≤ exactMaxDim, else Hutchinson), 'exact', 'hutchinson' or 'none'. */
  trace: z.enum(['auto', 'exact', 'hutchinson', 'none']).default('auto'),
  /** 'auto' (default: 'dense' when n_active ≤ denseMaxDim, else 'lanczos'), 'dense' or 'lanczos'. */
  method: z.enum(['auto', 'dense', 'lanczos']).default('auto'),
  /** Largest n_active for which 'auto' forms H (default 200). */
  denseMaxDim: index().default(200),
  /** Hutchinson probes for the trace (default 100). */
  probes: count().optional(),
  /** Exact trace when n_active is at most this (default 1000). */
  exactMaxDim: index().optional(),
};
const spectrumSchema = z.strictObject(spectrumShape);
const hessianSpectrumSchema = z.strictObject({
  ...spectrumShape,
  /** Restricts H to a block: P H P (per-layer diagnostics). */
  mask: z
    .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'must be a Uint8Array' })
    .optional(),
});

export type SpectrumOptions = z.input<typeof spectrumSchema>;
type Spectrum = z.output<typeof spectrumSchema>;

/** The options of the trace computations within a parsed spectrum's. */
function traceOptions(o: Spectrum) {
  return {
    ...(o.probes !== undefined ? { probes: o.probes } : {}),
    ...(o.rng !== undefined ? { rng: o.rng } : {}),
  };
}

export interface HessianSpectrum {
  /** The k largest eigenvalues, descending (k capped at n_active), multiplicities included. */
  top: number[];
  /** The k smallest eigenvalues, ascending. */
  bottom: number[];
  /** ‖H yᵢ − λᵢ yᵢ‖₂ of each value of `top` (y its unit (Ritz) vector): some eigenvalue lies that close. */
  topResiduals: number[];
  /** The same for `bottom`. */
  bottomResiduals: number[];
  /** How the values were found: 'dense' (all n eigenvalues of the formed H) or 'lanczos'. */
  method: 'dense' | 'lanczos';
  /** tr H (NaN with trace 'none'). */
  trace: number;
  /** 0 when exact. */
  traceStdError: number;
  traceExact: boolean;
  /** All Hessian-vector products used (Lanczos or forming H, + trace). */
  matvecs: number;
  /** Lanczos steps over all runs (0 for 'dense'). */
  lanczosSteps: number;
  /** Lanczos runs (several when deflation looked for repeated eigenvalues; 0 for 'dense'). */
  lanczosRuns: number;
  /**
   * 'dense': always true. 'lanczos': every value met the tolerance (or the space was
   * exhausted) and, for k ≥ 2, a deflated run confirmed that no further copy of a
   * value lies at either end.
   */
  converged: boolean;
}

/** Spectrum summary of a (counted or not) symmetric operator. */
export function operatorSpectrum(
  op: SymmetricOperator,
  options: SpectrumOptions = {},
): HessianSpectrum {
  return spectrumOf(op, parseOptions('operatorSpectrum', spectrumSchema, options));
}

function spectrumOf(op: SymmetricOperator, o: Spectrum): HessianSpectrum {
  const { trace: mode, method, denseMaxDim: denseMax } = o;
  const nActive = activeDim(op);
  if (method === 'dense' || (method === 'auto' && nActive <= denseMax)) {
    return denseSpectrum(op, Math.min(o.k, nActive), mode, o);
  }
  const { trace: _t, method: _m, denseMaxDim: _d, probes: _p, exactMaxDim: _e, ...eigOptions } = o;
  const eig = lanczosExtremes(op, { ...eigOptions, ritzVectors: false });
  const tr =
    mode === 'none'
      ? null
      : mode === 'exact'
        ? exactTrace(op)
        : mode === 'hutchinson'
          ? hutchinsonTrace(op, traceOptions(o))
          : hessianTrace(op, {
              ...traceOptions(o),
              ...(o.exactMaxDim !== undefined ? { exactMaxDim: o.exactMaxDim } : {}),
            });
  return {
    top: eig.largest,
    bottom: eig.smallest,
    topResiduals: eig.largestResiduals,
    bottomResiduals: eig.smallestResiduals,
    method: 'lanczos',
    trace: tr ? tr.trace : Number.NaN,
    traceStdError: tr ? tr.stdError : Number.NaN,
    traceExact: tr ? tr.exact : false,
    matvecs: eig.matvecs + (tr ? tr.matvecs : 0),
    lanczosSteps: eig.steps,
    lanczosRuns: eig.runs,
    converged: eig.converged,
  };
}

/** The 'dense' method: H from n_active products, all its eigenvalues, the exact trace for free. */
function denseSpectrum(
  op: SymmetricOperator,
  k: number,
  mode: 'auto' | 'exact' | 'hutchinson' | 'none',
  options: Spectrum,
): HessianSpectrum {
  const H = formMatrix(op);
  const n = H.n;
  const wanted: number[] = [];
  for (let i = 0; i < k; i++) wanted.push(n - 1 - i);
  for (let i = 0; i < k; i++) if (!wanted.includes(i)) wanted.push(i);
  const e = symmetricEigen(H.a, n, wanted);
  const pick = (i: number) => ({
    value: e.values[i]!,
    residual: residualNorm(H.a, n, e.vectors.get(i)!, e.values[i]!),
  });
  const top = Array.from({ length: k }, (_, i) => pick(n - 1 - i));
  const bottom = Array.from({ length: k }, (_, i) => pick(i));
  let diag = 0;
  for (let i = 0; i < n; i++) diag += H.a[i * n + i]!;
  // 'hutchinson' asked for explicitly still runs its probes (to study the estimator)
  const tr = mode === 'hutchinson' ? hutchinsonTrace(op, traceOptions(options)) : null;
  return {
    top: top.map((t) => t.value),
    bottom: bottom.map((t) => t.value),
    topResiduals: top.map((t) => t.residual),
    bottomResiduals: bottom.map((t) => t.residual),
    method: 'dense',
    trace: mode === 'none' ? Number.NaN : tr ? tr.trace : diag,
    traceStdError: mode === 'none' ? Number.NaN : tr ? tr.stdError : 0,
    traceExact: mode !== 'none' && tr === null,
    matvecs: H.matvecs + (tr ? tr.matvecs : 0),
    lanczosSteps: 0,
    lanczosRuns: 0,
    converged: true,
  };
}

/**
 * The k largest and k smallest Hessian eigenvalues and the trace at θ = x
 * (k default 3). With `mask`, of the block P H P (per-layer diagnostics).
 */
export function hessianSpectrum(
  objective: Objective,
  x: ArrayLike<number>,
  options: z.input<typeof hessianSpectrumSchema> = {},
): HessianSpectrum {
  const { mask, ...o } = parseOptions('hessianSpectrum', hessianSpectrumSchema, options);
  requireHvp(objective, 'hessianSpectrum');
  return spectrumOf(hessianOperator(objective, x, mask), o);
}

export interface ConditionEstimate {
  largest: number;
  smallest: number;
  /** λmax/λmin when H is positive definite, else +∞ (indefinite or singular). */
  condition: number;
  matvecs: number;
  converged: boolean;
}

const conditionSchema = z.strictObject({ ...lanczosShape, rng: extremeEigenShape.rng });

/** κ(H) = λmax/λmin from the two extreme Ritz values. */
export function conditionNumber(
  op: SymmetricOperator,
  options: z.input<typeof conditionSchema> = {},
): ConditionEstimate {
  const o = parseOptions('conditionNumber', conditionSchema, options);
  const e = lanczosExtremes(op, { ...o, k: 1 });
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

const negativeCurvatureSchema = z.strictObject({
  ...lanczosShape,
  rng: extremeEigenShape.rng,
  /** Negative curvature means λmin < −threshold·max(|λmax|, |λmin|) (default 1e-8). */
  threshold: positive().default(1e-8),
  /** When given, the direction d is oriented so that gᵀd ≤ 0 (a descent direction). */
  gradient: extremeEigenShape.start,
  /** Restricts H to a block: P H P. */
  mask: hessianSpectrumSchema.shape.mask,
});

export type NegativeCurvatureOptions = z.input<typeof negativeCurvatureSchema>;

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
  const { threshold, gradient, mask, ...o } = parseOptions(
    'negativeCurvature',
    negativeCurvatureSchema,
    options,
  );
  requireHvp(objective, 'negativeCurvature');
  const op = hessianOperator(objective, x, mask);
  const e = lanczosExtremes(op, { ...o, k: 1, ritzVectors: true });
  const lmin = e.smallest[0]!;
  const lmax = e.largest[0]!;
  const d = e.smallestVectors![0]!;
  if (gradient) {
    if (gradient.length !== d.length)
      throw new RangeError(`negativeCurvature: gradient must have length ${d.length}`);
    const g = Float64Array.from(gradient);
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
