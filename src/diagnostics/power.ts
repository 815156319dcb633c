/**
 * Power iteration for the dominant eigenvalue of a symmetric operator, and its
 * shifted form for the other end of the spectrum.
 *
 *   v ← (A − σI)v / ‖(A − σI)v‖,  λ ≈ vᵀAv  (Rayleigh quotient)
 *
 * converges to the eigenvalue of A − σI of largest modulus at the rate
 * |λ₂ − σ|/|λ₁ − σ| (Golub & Van Loan, §7.3.1). With σ = 0 it gives the
 * eigenvalue of A largest in modulus, λ_d; with σ = λ_d the dominant eigenvalue of
 * A − λ_dI is the far end of the spectrum minus λ_d, so `powerExtremes` returns
 * both λmax and λmin. Slower than Lanczos (which is preferred); kept as the
 * simple baseline of the book's era and as an independent check.
 */
import { z } from 'zod';
import { count, finite, parseOptions, positive } from '../options/index.js';
import type { SymmetricOperator } from './operator.js';
import { dot, fillGaussian, norm, rngSchema, startSchema } from './vec.js';

const powerShape = {
  /** Most iterations, one product each (default 1000). */
  maxIter: count().default(1000),
  /** Stop when ‖Av − λv‖ ≤ tol·|λ| (default 1e-10). */
  tol: positive().default(1e-10),
  start: startSchema().optional(),
  /** Default `new Rng(0)`. */
  rng: rngSchema(),
};
const powerSchema = z.strictObject({
  /** Shift σ: iterate with A − σI (default 0). */
  shift: finite().default(0),
  ...powerShape,
});
const powerExtremesSchema = z.strictObject(powerShape);

export type PowerOptions = z.input<typeof powerSchema>;

export interface PowerResult {
  /** Rayleigh quotient vᵀAv of the final unit vector (an eigenvalue of A, not of A − σI). */
  eigenvalue: number;
  vector: Float64Array;
  /** ‖Av − λv‖. */
  residual: number;
  iterations: number;
  matvecs: number;
  converged: boolean;
}

export function powerIteration(op: SymmetricOperator, options: PowerOptions = {}): PowerResult {
  const where = 'powerIteration';
  const { shift, maxIter, tol, rng, start } = parseOptions(where, powerSchema, options);
  const n = op.dim;
  const v = new Float64Array(n);
  if (start) {
    if (start.length !== n) throw new RangeError(`${where}: start must have length ${n}`);
    for (let i = 0; i < n; i++) v[i] = !op.mask || op.mask[i] ? start[i]! : 0;
  } else fillGaussian(v, rng, op.mask);
  let s = norm(v);
  if (!(s > 0)) throw new RangeError(`${where}: start vector is zero on the active coordinates`);
  for (let i = 0; i < n; i++) v[i] = v[i]! / s;
  const av = new Float64Array(n);
  let lambda = 0;
  let residual = Number.POSITIVE_INFINITY;
  let it = 0;
  let converged = false;
  while (it < maxIter) {
    op.apply(v, av);
    it++;
    lambda = dot(v, av);
    let r2 = 0;
    for (let i = 0; i < n; i++) r2 += (av[i]! - lambda * v[i]!) ** 2;
    residual = Math.sqrt(r2);
    if (residual <= tol * Math.abs(lambda) || residual === 0) {
      converged = true;
      break;
    }
    // v ← (A − σI)v, normalised
    for (let i = 0; i < n; i++) av[i] = av[i]! - shift * v[i]!;
    s = norm(av);
    if (!(s > 0)) {
      converged = true; // v is an eigenvector with eigenvalue σ
      break;
    }
    for (let i = 0; i < n; i++) v[i] = av[i]! / s;
  }
  return { eigenvalue: lambda, vector: v, residual, iterations: it, matvecs: it, converged };
}

export interface PowerExtremes {
  largest: number;
  smallest: number;
  largestVector: Float64Array;
  smallestVector: Float64Array;
  matvecs: number;
  converged: boolean;
}

/** λmax and λmin by two power iterations (the second shifted by the first's eigenvalue). */
export function powerExtremes(
  op: SymmetricOperator,
  options: z.input<typeof powerExtremesSchema> = {},
): PowerExtremes {
  // one generator for both runs
  const o = parseOptions('powerExtremes', powerExtremesSchema, options);
  const a = powerIteration(op, o);
  const b = powerIteration(op, { ...o, shift: a.eigenvalue });
  const [hi, lo] = a.eigenvalue >= b.eigenvalue ? [a, b] : [b, a];
  return {
    largest: hi.eigenvalue,
    smallest: lo.eigenvalue,
    largestVector: hi.vector,
    smallestVector: lo.vector,
    matvecs: a.matvecs + b.matvecs,
    converged: a.converged && b.converged,
  };
}
