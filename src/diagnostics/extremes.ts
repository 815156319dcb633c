/**
 * The k largest and k smallest eigenvalues of a symmetric operator (the Hessian)
 * from the Ritz values of the Lanczos process (lanczos.ts), with full
 * reorthogonalisation (Golub & Van Loan, *Matrix Computations*, §10.1).
 *
 * With Tₘsᵢ = θᵢsᵢ the Ritz vector yᵢ = Qₘsᵢ has residual ‖Ayᵢ − θᵢyᵢ‖ = βₘ|sₘᵢ|,
 * and some eigenvalue of A lies within that distance of θᵢ (within residual²/gap
 * when θᵢ is separated from the rest) — the convergence test used here, computed
 * from the last row of Tₘ's eigenvectors only.
 *
 * Repeated eigenvalues. Single-vector Lanczos finds a repeated eigenvalue only
 * once (the Krylov space holds one direction of each eigenspace), so for k ≥ 2
 * the values are found by deflation (Saad, *Numerical Methods for Large
 * Eigenvalue Problems*, §4.2, explicit deflation / locking): after a run, its
 * converged extreme Ritz pairs are locked, and Lanczos runs again on the
 * orthogonal complement of the locked vectors, where the other copies of a
 * repeated eigenvalue remain (these runs converge only the largest and the
 * smallest value left, and lock those). The top k are final when a run's largest Ritz
 * value (the largest eigenvalue left) is no larger than the k-th largest locked
 * one (within the tolerance), the bottom k alike; so every answer has been
 * checked by one run that found nothing more at that end. A breakdown (an
 * invariant subspace) ends a run: its Ritz pairs are then exact. With k = 1 one
 * run suffices (the largest value is the largest, whatever its multiplicity).
 * The check costs products: k = 3 on a 1250-parameter tanh MLP took 204 instead
 * of 114 (`deflate: false` skips it, at the risk of missing a copy).
 */
import { z } from 'zod';
import { count, parseOptions, positive } from '../options/index.js';
import type { Rng } from '../random/index.js';
import { LanczosProcess } from './lanczos.js';
import { activeDim, type SymmetricOperator } from './operator.js';
import { tridiagonalEigen } from './tridiagonal.js';
import { norm, rngSchema, startSchema } from './vec.js';

interface RitzPair {
  value: number;
  residual: number;
  vector: Float64Array | null;
}

/** The options of `lanczosExtremes` (the spectrum functions reuse them). */
export const extremeEigenShape = {
  /** How many eigenvalues at each end (default 1); more than n_active gives n_active. */
  k: count().default(1),
  /** Most Lanczos steps (default min(n_active, max(100, 10k))). */
  maxSteps: count().optional(),
  /** Stop when every wanted Ritz value has residual ≤ tol·max|θ| (default 1e-10). */
  tol: positive().default(1e-10),
  /** Also return the unit Ritz vectors (default false). */
  ritzVectors: z.boolean().default(false),
  /** Start vector of the first run (default: Gaussian from `rng`). */
  start: startSchema().optional(),
  /** Default `new Rng(0)`. */
  rng: rngSchema(),
  /** Find repeated eigenvalues by deflation when k ≥ 2 (default true; see the module comment). */
  deflate: z.boolean().default(true),
  /** Most Lanczos runs with deflation (default 2k + 2). */
  maxRuns: count().optional(),
};
const extremeEigenSchema = z.strictObject(extremeEigenShape);

export type ExtremeEigenOptions = z.input<typeof extremeEigenSchema>;

export interface ExtremeEigenResult {
  /** The k largest Ritz values, descending. */
  largest: number[];
  /** The k smallest Ritz values, ascending. */
  smallest: number[];
  /** Residual norms βₘ|sₘᵢ| of `largest` and `smallest` (bounds on their errors). */
  largestResiduals: number[];
  smallestResiduals: number[];
  largestVectors?: Float64Array[];
  smallestVectors?: Float64Array[];
  /** Lanczos steps over all runs (= products). */
  steps: number;
  matvecs: number;
  /** Every reported value converged, and (deflation) each end was checked by a run that found nothing more there. */
  converged: boolean;
  restarts: number;
  /** Lanczos runs (1 without deflation). */
  runs: number;
}

/** One Lanczos run (see `lanczosExtremes`): Ritz pairs of its k extremes at each end, ascending. */
function run(
  op: SymmetricOperator,
  k: number,
  maxSteps: number,
  tol: number,
  rng: Rng,
  start: ArrayLike<number> | undefined,
  deflate: readonly Float64Array[],
  policy: 'restart' | 'stop',
  vectors: boolean,
): { pairs: RitzPair[]; steps: number; converged: boolean; restarts: number; scale: number } {
  const p = new LanczosProcess(op, rng, start, policy, deflate);
  let converged = false;
  let eig = tridiagonalEigen([0], [], [0]);
  let eigAt = 0; // the m at which eig was computed
  while (p.steps < maxSteps && p.step()) {
    const m = p.steps;
    if (p.exhausted) {
      converged = true;
      break;
    }
    // The test costs O(m²): beyond 50 steps it runs every ⌈m/50⌉ steps (≤ 2% extra products).
    if (m < k || (m > 50 && m % Math.ceil(m / 50) !== 0)) continue;
    eig = tridiagonalEigen(p.alpha, p.beta, [m - 1]);
    eigAt = m;
    const sc = Math.max(Math.abs(eig.values[0]!), Math.abs(eig.values[m - 1]!));
    const bm = p.beta[m - 1]!;
    let ok = true;
    for (let i = 0; i < k && ok; i++) {
      if (
        bm * Math.abs(eig.vectors[i]!) > tol * sc ||
        bm * Math.abs(eig.vectors[m - 1 - i]!) > tol * sc
      )
        ok = false;
    }
    if (ok) {
      converged = true;
      break;
    }
  }
  const m = p.steps;
  if (eigAt !== m) eig = tridiagonalEigen(p.alpha, p.beta, [m - 1]);
  const bm = p.exhausted ? 0 : p.beta[m - 1]!;
  const full = vectors ? tridiagonalEigen(p.alpha, p.beta, 'all') : null;
  const pairs: RitzPair[] = [];
  for (let i = 0; i < m; i++) {
    if (i >= Math.min(k, m) && i < m - Math.min(k, m)) continue; // only the k extremes at each end
    let vector: Float64Array | null = null;
    if (full) {
      const s = new Float64Array(m);
      for (let r = 0; r < m; r++) s[r] = full.vectors[r * m + i]!;
      vector = p.combine(s);
      const ny = norm(vector);
      for (let t = 0; t < vector.length; t++) vector[t] = vector[t]! / ny;
    }
    pairs.push({ value: eig.values[i]!, residual: bm * Math.abs(eig.vectors[i]!), vector });
  }
  const scale = Math.max(Math.abs(eig.values[0]!), Math.abs(eig.values[m - 1]!));
  return { pairs, steps: m, converged, restarts: p.restarts, scale };
}

/**
 * The k largest and k smallest eigenvalues of a symmetric operator by Lanczos
 * with full reorthogonalisation, stopping when all 2k Ritz values have
 * converged, the space is exhausted (then they are exact up to rounding), or
 * after `maxSteps` steps per run (`converged: false`); for k ≥ 2 with deflation
 * runs that find repeated eigenvalues (see the module comment).
 *
 * @example
 * ```ts
 * import { diagnostics, objectives } from 'optlab';
 * // Rosenbrock's Hessian at its minimum (1, 1) is [[802, −400], [−400, 200]]
 * const op = diagnostics.hessianOperator(objectives.rosenbrock(2), [1, 1]);
 * const e = diagnostics.lanczosExtremes(op, { k: 1 });
 * console.log(e.largest[0], e.smallest[0], e.matvecs); // 1001.60064 0.39936 2
 * ```
 */
export function lanczosExtremes(
  op: SymmetricOperator,
  options: ExtremeEigenOptions = {},
): ExtremeEigenResult {
  const o = parseOptions('lanczosExtremes', extremeEigenSchema, options);
  const nActive = activeDim(op);
  const k = Math.min(o.k, nActive);
  const maxSteps = Math.min(o.maxSteps ?? Math.max(100, 10 * k), nActive);
  const { tol, rng } = o;
  const maxRuns = o.maxRuns ?? 2 * k + 2;
  const deflating = o.deflate && k >= 2;
  const want = o.ritzVectors;
  const res: ExtremeEigenResult = {
    largest: [],
    smallest: [],
    largestResiduals: [],
    smallestResiduals: [],
    steps: 0,
    matvecs: 0,
    converged: false,
    restarts: 0,
    runs: 0,
  };
  const locked: RitzPair[] = [];
  let scale = 0;
  for (;;) {
    const left = nActive - locked.length;
    // the first run converges k values at each end; a deflated one only the extremes left
    const r = run(
      op,
      res.runs === 0 ? Math.min(k, left) : 1,
      Math.min(maxSteps, left),
      tol,
      rng,
      res.runs === 0 ? o.start : undefined,
      locked.map((l) => l.vector!),
      deflating ? 'stop' : 'restart',
      want || deflating,
    );
    res.runs++;
    res.steps += r.steps;
    res.restarts += r.restarts;
    scale = Math.max(scale, r.scale);
    if (!deflating) {
      locked.push(...r.pairs);
      res.converged = r.converged;
      break;
    }
    // Is an end final? The run's extreme is the largest (smallest) eigenvalue left.
    const eps = tol * scale;
    const desc = locked.map((l) => l.value).sort((a, b) => b - a);
    const first = r.pairs[0]!;
    const last = r.pairs[r.pairs.length - 1]!;
    const topDone = desc.length >= k && last.value <= desc[k - 1]! + eps + last.residual;
    const bottomDone =
      desc.length >= k && first.value >= desc[desc.length - k]! - eps - first.residual;
    if (!r.converged) {
      locked.push(...r.pairs);
      break;
    }
    if (topDone && bottomDone) {
      res.converged = true;
      break;
    }
    if (res.runs === 1) locked.push(...r.pairs);
    else {
      if (!topDone) locked.push(last);
      if (!bottomDone && first !== last) locked.push(first);
    }
    if (locked.length >= nActive) {
      res.converged = true; // the whole spectrum is locked
      break;
    }
    if (res.runs >= maxRuns) break;
  }
  res.matvecs = res.steps;
  const byValue = [...locked].sort((a, b) => a.value - b.value);
  const kk = Math.min(k, byValue.length);
  for (let i = 0; i < kk; i++) {
    const hi = byValue[byValue.length - 1 - i]!;
    const lo = byValue[i]!;
    res.largest.push(hi.value);
    res.largestResiduals.push(hi.residual);
    res.smallest.push(lo.value);
    res.smallestResiduals.push(lo.residual);
  }
  if (want) {
    res.largestVectors = byValue
      .slice(byValue.length - kk)
      .reverse()
      .map((l) => l.vector!);
    res.smallestVectors = byValue.slice(0, kk).map((l) => l.vector!);
  }
  return res;
}
