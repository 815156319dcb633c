/**
 * Spectral density of the Hessian by stochastic Lanczos quadrature (Ubaru, Chen &
 * Saad, "Fast estimation of tr(f(A)) via stochastic Lanczos quadrature", SIAM J.
 * Matrix Anal. Appl. 38(4), 2017; used for neural-network Hessians by Ghorbani,
 * Krishnan & Xiao, ICML 2019).
 *
 * For a unit probe v, vᵀf(A)v = Σᵢ (vᵀuᵢ)² f(λᵢ) is a Riemann–Stieltjes integral
 * that m Lanczos steps from v turn into an m-point Gauss quadrature: nodes θₖ the
 * eigenvalues of Tₘ, weights τₖ = (first component of its k-th unit eigenvector)².
 * Averaging over n_v Rademacher probes (normalised to unit length) and broadening
 * each node with a Gaussian of width σ gives the smoothed density
 *
 *   φ(t) = (1/n_v) Σₗ Σₖ τₖ⁽ˡ⁾ exp(−(t − θₖ⁽ˡ⁾)²/2σ²) / (σ√(2π)),
 *
 * which integrates to 1 (Σₖ τₖ = 1 for each probe). Its mean Σ w θ equals
 * (1/n_v) Σₗ vₗᵀAvₗ, i.e. Hutchinson's estimate of tr A divided by n_active.
 * Lanczos stops early on an invariant subspace (the quadrature is then exact).
 */
import { z } from 'zod';
import { count, parseOptions, positive } from '../options/index.js';
import { lanczos } from './lanczos.js';
import { activeDim, type SymmetricOperator } from './operator.js';
import { tridiagonalEigen } from './tridiagonal.js';
import { fillRademacher, rngSchema, startSchema } from './vec.js';

const densitySchema = z.strictObject({
  /** Number of probes n_v (default 10). */
  probes: count().default(10),
  /** Lanczos steps per probe m (default min(40, n_active)). */
  steps: count().optional(),
  /** Gaussian width σ (default 1% of the range of the nodes, or 0.01·max(1, |θ|) if they coincide). */
  sigma: positive().optional(),
  /** Grid of t values, or its number of points spanning [min θ − 6σ, max θ + 6σ] (default 401). */
  grid: z.union([count().min(2), startSchema()]).default(401),
  /** Default `new Rng(0)`. */
  rng: rngSchema(),
});

export type DensityOptions = z.input<typeof densitySchema>;

export interface SpectralDensity {
  grid: Float64Array;
  /** φ at each grid point. */
  density: Float64Array;
  /** All quadrature nodes θ (over all probes). */
  nodes: Float64Array;
  /** Their weights τ/n_v (they sum to 1). */
  weights: Float64Array;
  sigma: number;
  /** Σ w θ: the mean of the density (≈ tr A / n_active). */
  mean: number;
  /** n_active · mean: the SLQ estimate of tr A. */
  trace: number;
  matvecs: number;
}

export function spectralDensity(
  op: SymmetricOperator,
  options: DensityOptions = {},
): SpectralDensity {
  const where = 'spectralDensity';
  const o = parseOptions(where, densitySchema, options);
  const nActive = activeDim(op);
  const { probes, rng } = o;
  const steps = Math.min(o.steps ?? Math.min(40, nActive), nActive);
  const nodes: number[] = [];
  const weights: number[] = [];
  let matvecs = 0;
  const v = new Float64Array(op.dim);
  for (let l = 0; l < probes; l++) {
    fillRademacher(v, rng, op.mask);
    const lz = lanczos(op, { steps, start: v, rng, onBreakdown: 'stop' });
    matvecs += lz.matvecs;
    const eig = tridiagonalEigen(lz.alpha, lz.beta, [0]);
    for (let k = 0; k < eig.values.length; k++) {
      nodes.push(eig.values[k]!);
      weights.push(eig.vectors[k]! ** 2 / probes);
    }
  }
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let mean = 0;
  for (let i = 0; i < nodes.length; i++) {
    lo = Math.min(lo, nodes[i]!);
    hi = Math.max(hi, nodes[i]!);
    mean += weights[i]! * nodes[i]!;
  }
  const sigma =
    o.sigma !== undefined ? o.sigma : hi > lo ? 0.01 * (hi - lo) : 0.01 * Math.max(1, Math.abs(hi));
  let grid: Float64Array;
  if (typeof o.grid === 'number') {
    const g = o.grid;
    grid = new Float64Array(g);
    const a = lo - 6 * sigma;
    const b = hi + 6 * sigma;
    for (let i = 0; i < g; i++) grid[i] = a + ((b - a) * i) / (g - 1);
  } else {
    grid = Float64Array.from(o.grid);
    if (grid.length < 1 || grid.some((t) => !Number.isFinite(t)))
      throw new RangeError(`${where}: option grid must hold finite numbers`);
  }
  const density = new Float64Array(grid.length);
  const c = 1 / (sigma * Math.sqrt(2 * Math.PI));
  const inv2s2 = 1 / (2 * sigma * sigma);
  for (let i = 0; i < grid.length; i++) {
    const t = grid[i]!;
    let s = 0;
    for (let k = 0; k < nodes.length; k++) {
      const d = t - nodes[k]!;
      s += weights[k]! * Math.exp(-d * d * inv2s2);
    }
    density[i] = c * s;
  }
  return {
    grid,
    density,
    nodes: Float64Array.from(nodes),
    weights: Float64Array.from(weights),
    sigma,
    mean,
    trace: nActive * mean,
    matvecs,
  };
}
