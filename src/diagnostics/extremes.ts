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
 * Single-vector Lanczos finds a repeated eigenvalue once until the Krylov space
 * is exhausted; after n_active steps (with restarts on breakdown) the whole
 * spectrum, multiplicities included, is found.
 */
import type { Rng } from '../random/index.js';
import { LanczosProcess } from './lanczos.js';
import { activeDim, type SymmetricOperator } from './operator.js';
import { tridiagonalEigen } from './tridiagonal.js';
import { intOption, norm, positiveOption, rngOption } from './vec.js';

export interface ExtremeEigenOptions {
  /** How many eigenvalues at each end (default 1); more than n_active gives n_active. */
  k?: number;
  /** Most Lanczos steps (default min(n_active, max(100, 10k))). */
  maxSteps?: number;
  /** Stop when every wanted Ritz value has residual ≤ tol·max|θ| (default 1e-10). */
  tol?: number;
  /** Also return the unit Ritz vectors (default false). */
  ritzVectors?: boolean;
  start?: ArrayLike<number>;
  /** Default `new Rng(0)`. */
  rng?: Rng;
}

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
  steps: number;
  matvecs: number;
  converged: boolean;
  restarts: number;
}

/**
 * The k largest and k smallest eigenvalues of a symmetric operator by Lanczos
 * with full reorthogonalisation, stopping when all 2k Ritz values have
 * converged, the space is exhausted (then they are exact up to rounding), or
 * after `maxSteps` steps (`converged: false`).
 */
export function lanczosExtremes(
  op: SymmetricOperator,
  options: ExtremeEigenOptions = {},
): ExtremeEigenResult {
  const where = 'lanczosExtremes';
  const nActive = activeDim(op);
  const k = Math.min(intOption(where, 'k', options.k, 1, 1), nActive);
  const maxSteps = Math.min(
    intOption(where, 'maxSteps', options.maxSteps, Math.max(100, 10 * k), 1),
    nActive,
  );
  const tol = positiveOption(where, 'tol', options.tol, 1e-10);
  const p = new LanczosProcess(op, rngOption(where, options.rng), options.start, 'restart');
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
  const kk = Math.min(k, m);
  const bm = p.exhausted ? 0 : p.beta[m - 1]!;
  const res: ExtremeEigenResult = {
    largest: [],
    smallest: [],
    largestResiduals: [],
    smallestResiduals: [],
    steps: m,
    matvecs: m,
    converged,
    restarts: p.restarts,
  };
  for (let i = 0; i < kk; i++) {
    res.largest.push(eig.values[m - 1 - i]!);
    res.largestResiduals.push(bm * Math.abs(eig.vectors[m - 1 - i]!));
    res.smallest.push(eig.values[i]!);
    res.smallestResiduals.push(bm * Math.abs(eig.vectors[i]!));
  }
  if (options.ritzVectors) {
    const full = tridiagonalEigen(p.alpha, p.beta, 'all');
    const column = (i: number) => {
      const s = new Float64Array(m);
      for (let r = 0; r < m; r++) s[r] = full.vectors[r * m + i]!;
      const y = p.combine(s);
      const ny = norm(y);
      for (let t = 0; t < y.length; t++) y[t] = y[t]! / ny;
      return y;
    };
    res.largestVectors = [];
    res.smallestVectors = [];
    for (let i = 0; i < kk; i++) {
      res.largestVectors.push(column(m - 1 - i));
      res.smallestVectors.push(column(i));
    }
  }
  return res;
}
