/**
 * The Hessian as a linear operator: everything in diagnostics/ sees H only
 * through products v ↦ H·v (never the n×n matrix), counted in one place.
 *
 * A block (per-layer) operator restricts H to a subset of the coordinates of θ
 * given by a mask P (a 0/1 diagonal projection): v ↦ P H P v. Its spectrum is
 * the spectrum of the principal submatrix H[block, block] plus zeros on the
 * complement; the algorithms here draw their start and probe vectors inside the
 * block (`mask`), so those artificial zeros never appear.
 */
import { type Objective, requireHvp } from '../objectives/types.js';

/** A symmetric linear operator on Float64Array vectors of length `dim`. */
export interface SymmetricOperator {
  readonly dim: number;
  /** out ← A·v (out and v distinct arrays). */
  apply(v: Float64Array, out: Float64Array): void;
  /** The coordinates the operator acts on (1) — absent means all of them. */
  readonly mask?: Uint8Array;
}

/** An operator that counts its products. */
export interface CountedOperator extends SymmetricOperator {
  /** Number of calls to `apply` so far. */
  readonly matvecs: number;
}

class Counted implements CountedOperator {
  matvecs = 0;
  readonly dim: number;
  readonly mask?: Uint8Array;
  constructor(
    private readonly fn: (v: Float64Array, out: Float64Array) => void,
    dim: number,
    mask?: Uint8Array,
  ) {
    this.dim = dim;
    if (mask) this.mask = mask;
  }
  apply(v: Float64Array, out: Float64Array): void {
    this.matvecs++;
    this.fn(v, out);
  }
}

/** Wraps any product function as a counted operator. */
export function countedOperator(
  dim: number,
  apply: (v: Float64Array, out: Float64Array) => void,
  mask?: Uint8Array,
): CountedOperator {
  if (!Number.isInteger(dim) || dim < 1)
    throw new RangeError(`operator: dim must be a positive integer, got ${dim}`);
  if (mask) checkMask(mask, dim);
  return new Counted(apply, dim, mask);
}

/**
 * The Hessian of `objective` at θ = `x` as a counted operator (exact
 * Hessian-vector products), optionally restricted to a block: v ↦ P H P v.
 * `x` is copied, so the caller may go on changing its array.
 */
export function hessianOperator(
  objective: Objective,
  x: ArrayLike<number>,
  mask?: Uint8Array,
): CountedOperator {
  requireHvp(objective, 'hessianOperator');
  const n = objective.dim;
  if (x.length !== n)
    throw new RangeError(
      `hessianOperator: x must have length ${n} (objective.dim), got ${x.length}`,
    );
  const theta = Float64Array.from(x);
  if (!mask) return new Counted((v, out) => objective.hvp(theta, v, out), n);
  checkMask(mask, n);
  const pv = new Float64Array(n);
  return new Counted(
    (v, out) => {
      for (let i = 0; i < n; i++) pv[i] = mask[i] ? v[i]! : 0;
      objective.hvp(theta, pv, out);
      for (let i = 0; i < n; i++) if (!mask[i]) out[i] = 0;
    },
    n,
    mask,
  );
}

/** Restricts any operator to a block: v ↦ P A P v. */
export function maskedOperator(op: SymmetricOperator, mask: Uint8Array): CountedOperator {
  const n = op.dim;
  checkMask(mask, n);
  const pv = new Float64Array(n);
  return new Counted(
    (v, out) => {
      for (let i = 0; i < n; i++) pv[i] = mask[i] ? v[i]! : 0;
      op.apply(pv, out);
      for (let i = 0; i < n; i++) if (!mask[i]) out[i] = 0;
    },
    n,
    mask,
  );
}

/** Number of coordinates the operator acts on. */
export function activeDim(op: SymmetricOperator): number {
  if (!op.mask) return op.dim;
  let c = 0;
  for (let i = 0; i < op.dim; i++) if (op.mask[i]) c++;
  return c;
}

function checkMask(mask: Uint8Array, n: number): void {
  if (!(mask instanceof Uint8Array) || mask.length !== n) {
    throw new RangeError(
      `mask must be a Uint8Array of length ${n} (the dimension of θ), got length ${(mask as { length?: number })?.length}`,
    );
  }
  let any = false;
  for (let i = 0; i < n; i++) if (mask[i]) any = true;
  if (!any) throw new RangeError('mask selects no coordinate of θ (all zeros)');
}
