/**
 * The Lanczos process with full reorthogonalisation, and the extreme eigenvalues
 * of a symmetric operator (the Hessian) from its Ritz values.
 *
 * From a unit q₁, with β₀q₀ = 0 (Lanczos 1950; Golub & Van Loan, *Matrix
 * Computations*, Algorithm 10.1.1):
 *
 *   w = A qⱼ − βⱼ₋₁ qⱼ₋₁,  αⱼ = qⱼᵀw,  w ← w − αⱼqⱼ,
 *   w ← w − Σᵢ (qᵢᵀw) qᵢ  (twice: full reorthogonalisation),
 *   βⱼ = ‖w‖,  qⱼ₊₁ = w/βⱼ.
 *
 * Then QₘᵀAQₘ = Tₘ = tridiag(β, α, β), whose eigenvalues (Ritz values) approach
 * the extreme eigenvalues of A first (see extremes.ts).
 *
 * Breakdown (βⱼ ≈ 0: the Krylov space is invariant) restarts with a random unit
 * vector orthogonal to all previous ones (Tₘ then has a zero coupling), so that
 * after n_active steps the whole spectrum, multiplicities included, is found;
 * or stops (`'stop'`). Before that, single-vector Lanczos finds a repeated
 * eigenvalue only once: extremes.ts finds the other copies by deflation, running
 * the process again on the complement of the eigenvectors found (`deflate`:
 * every vector is kept orthogonal to them, so the process works on (I − VVᵀ)A(I − VVᵀ)).
 *
 * Storage: the basis (m vectors of length n) is kept for reorthogonalisation.
 */
import { z } from 'zod';
import { count, parseOptions } from '../options/index.js';
import type { Rng } from '../random/index.js';
import { activeDim, type SymmetricOperator } from './operator.js';
import { dot, fillGaussian, norm, rngSchema, startSchema } from './vec.js';

/** β below BREAKDOWN·‖T‖ is taken as an exact breakdown. */
const BREAKDOWN = 1e-12;

export type BreakdownPolicy = 'restart' | 'stop';

/** The Lanczos recurrence, one product per `step()`. */
export class LanczosProcess {
  /** Orthonormal basis q₁, q₂, … (one more than the steps taken, unless exhausted). */
  readonly basis: Float64Array[] = [];
  /** Diagonal of T. */
  readonly alpha: number[] = [];
  /** beta[j] couples q_j and q_{j+1}; beta[m − 1] is the residual coupling after m steps. */
  readonly beta: number[] = [];
  /** True when no further step is possible (the space is spanned, or a breakdown under 'stop'). */
  exhausted = false;
  /** Number of restarts after a breakdown. */
  restarts = 0;
  private readonly n: number;
  private readonly nActive: number;
  private readonly w: Float64Array;
  private scale = 0;

  constructor(
    private readonly op: SymmetricOperator,
    private readonly rng: Rng,
    start?: ArrayLike<number>,
    private readonly onBreakdown: BreakdownPolicy = 'restart',
    /** Orthonormal vectors the process stays orthogonal to (deflation); default none. */
    private readonly deflate: readonly Float64Array[] = [],
  ) {
    this.n = op.dim;
    this.nActive = activeDim(op) - deflate.length;
    if (this.nActive < 1) throw new RangeError('lanczos: nothing left after deflation');
    this.w = new Float64Array(this.n);
    const q = new Float64Array(this.n);
    if (start) {
      if (start.length !== this.n)
        throw new RangeError(`lanczos: start must have length ${this.n}, got ${start.length}`);
      for (let i = 0; i < this.n; i++) q[i] = !op.mask || op.mask[i] ? start[i]! : 0;
    } else {
      fillGaussian(q, rng, op.mask);
    }
    this.orthogonalise(q);
    const s = norm(q);
    if (!(s > 0 && Number.isFinite(s)))
      throw new RangeError(
        'lanczos: start vector must be finite and non-zero on the active coordinates',
      );
    for (let i = 0; i < this.n; i++) q[i] = q[i]! / s;
    this.basis.push(q);
  }

  /** Number of steps taken (the size m of T). */
  get steps(): number {
    return this.alpha.length;
  }

  /** Takes one step; returns false (doing nothing) when exhausted. */
  step(): boolean {
    if (this.exhausted) return false;
    const j = this.alpha.length;
    const q = this.basis[j]!;
    const w = this.w;
    this.op.apply(q, w);
    const a = dot(q, w);
    this.alpha.push(a);
    const bPrev = j > 0 ? this.beta[j - 1]! : 0;
    const qPrev = j > 0 ? this.basis[j - 1]! : null;
    for (let i = 0; i < this.n; i++) w[i] = w[i]! - a * q[i]! - (qPrev ? bPrev * qPrev[i]! : 0);
    this.orthogonalise(w);
    const b = norm(w);
    this.scale = Math.max(this.scale, Math.abs(a) + bPrev + b);
    if (j + 1 >= this.nActive) {
      this.beta.push(b);
      this.exhausted = true;
      return true;
    }
    if (b > BREAKDOWN * this.scale) {
      this.beta.push(b);
      const next = new Float64Array(this.n);
      for (let i = 0; i < this.n; i++) next[i] = w[i]! / b;
      this.basis.push(next);
      return true;
    }
    this.beta.push(0);
    if (this.onBreakdown === 'stop') {
      this.exhausted = true;
      return true;
    }
    // Restart with a random direction orthogonal to the basis.
    const next = new Float64Array(this.n);
    fillGaussian(next, this.rng, this.op.mask);
    const before = norm(next);
    this.orthogonalise(next);
    const after = norm(next);
    if (!(after > 1e-8 * before)) {
      this.exhausted = true;
      return true;
    }
    for (let i = 0; i < this.n; i++) next[i] = next[i]! / after;
    this.basis.push(next);
    this.restarts++;
    return true;
  }

  /** Ritz vector Qₘs for a vector s of length m. */
  combine(s: ArrayLike<number>, out = new Float64Array(this.n)): Float64Array {
    out.fill(0);
    for (let j = 0; j < s.length; j++) {
      const c = s[j]!;
      const q = this.basis[j]!;
      for (let i = 0; i < this.n; i++) out[i] = out[i]! + c * q[i]!;
    }
    return out;
  }

  /** Classical Gram–Schmidt against the whole basis, applied twice ("twice is enough"). */
  private orthogonalise(w: Float64Array): void {
    for (let pass = 0; pass < 2; pass++) {
      for (const basis of [this.deflate, this.basis]) {
        for (const q of basis) {
          const c = dot(q, w);
          for (let i = 0; i < this.n; i++) w[i] = w[i]! - c * q[i]!;
        }
      }
    }
  }
}

const lanczosSchema = z.strictObject({
  /** Number of steps m (default min(20, n_active)); capped at n_active. */
  steps: count().optional(),
  /** Start vector (default: Gaussian from `rng`, restricted to the operator's mask). */
  start: startSchema().optional(),
  /** Generator for the start and restart vectors (default `new Rng(0)`). */
  rng: rngSchema(),
  /** On breakdown: 'restart' (default) with a random orthogonal vector, or 'stop'. */
  onBreakdown: z.enum(['restart', 'stop']).default('restart'),
});

export type LanczosOptions = z.input<typeof lanczosSchema>;

export interface LanczosResult {
  alpha: Float64Array;
  /** Off-diagonal of T (length m − 1). */
  beta: Float64Array;
  /** The residual coupling βₘ after the last step. */
  residualBeta: number;
  basis: Float64Array[];
  matvecs: number;
}

/** Runs m Lanczos steps and returns T and the basis. */
export function lanczos(op: SymmetricOperator, options: LanczosOptions = {}): LanczosResult {
  const o = parseOptions('lanczos', lanczosSchema, options);
  const nActive = activeDim(op);
  const steps = o.steps ?? Math.min(20, nActive);
  const p = new LanczosProcess(op, o.rng, o.start, o.onBreakdown);
  while (p.steps < Math.min(steps, nActive) && p.step()) {}
  const m = p.steps;
  return {
    alpha: Float64Array.from(p.alpha),
    beta: Float64Array.from(p.beta.slice(0, m - 1)),
    residualBeta: p.beta[m - 1] ?? 0,
    basis: p.basis.slice(0, m),
    matvecs: m,
  };
}
