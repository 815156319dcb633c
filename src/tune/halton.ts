/**
 * The Halton low-discrepancy sequence, optionally scrambled by random digit
 * permutations.
 *
 * Point n (n = 0, 1, 2, …) in dimension j is the radical inverse of n in the j-th
 * prime base b: writing n = Σ_k a_k b^k, φ_b(n) = Σ_k a_k b^{−k−1} (van der Corput).
 * Scrambling (Matoušek 1998, "random digit permutation"; the per-digit variant
 * of Braaten–Weller) replaces each digit a_k by π_{j,k}(a_k) with an independent
 * random permutation π_{j,k} of {0, …, b−1} per dimension j and digit position
 * k, over K digits with b^{−K} below double precision. Because every position
 * is permuted bijectively, the first b^m points still fall one in each interval
 * [i/b^m, (i+1)/b^m) of every one-dimensional projection — the stratification
 * that makes the sequence low-discrepancy — while the deterministic artefacts of
 * plain Halton in high dimensions (points on a few lines) are broken up.
 *
 * References: J. H. Halton, Numer. Math. 2 (1960); J. Matoušek, "On the L2
 * discrepancy for anchored boxes", J. Complexity 14 (1998); A. B. Owen, "A
 * randomized Halton algorithm in R", 2017 (arXiv:1706.02808).
 *
 * Options: `scramble` (default true) and `seed` (default 0) of the permutations.
 * Unscrambled, point 0 is the origin; scrambled, no point is exactly 0.
 */
import { Rng } from '../random/index.js';

/** The first primes, one base per dimension (enough for 100 dimensions). */
export function firstPrimes(count: number): number[] {
  const out: number[] = [];
  for (let c = 2; out.length < count; c++) {
    let prime = true;
    for (const p of out) {
      if (p * p > c) break;
      if (c % p === 0) {
        prime = false;
        break;
      }
    }
    if (prime) out.push(c);
  }
  return out;
}

/** Radical inverse φ_b(n) of a non-negative integer (unscrambled van der Corput). */
export function radicalInverse(n: number, base: number): number {
  const inv = 1 / base;
  let f = inv;
  let x = 0;
  while (n > 0) {
    x += (n % base) * f;
    n = Math.floor(n / base);
    f *= inv;
  }
  return x;
}

export interface HaltonOptions {
  /** Random digit permutations (default true). */
  scramble?: boolean;
  /** Seed of the permutations (default 0). */
  seed?: number;
}

/** A (scrambled) Halton sequence in [0, 1)^dim; `point(n)` is random access. */
export class Halton {
  readonly dim: number;
  private readonly bases: number[];
  /** perms[j][k] is the permutation of digit position k in dimension j, or empty. */
  private readonly perms: Int32Array[][];

  constructor(dim: number, options: HaltonOptions = {}) {
    if (!Number.isInteger(dim) || dim < 1 || dim > 1000) {
      throw new RangeError(`Halton: dim must be an integer in [1, 1000], got ${dim}`);
    }
    const scramble = options.scramble ?? true;
    const seed = options.seed ?? 0;
    this.dim = dim;
    this.bases = firstPrimes(dim);
    this.perms = [];
    const rng = new Rng(seed);
    for (let j = 0; j < dim; j++) {
      const b = this.bases[j]!;
      const list: Int32Array[] = [];
      if (scramble) {
        const digits = Math.ceil((53 * Math.LN2) / Math.log(b));
        for (let k = 0; k < digits; k++) list.push(rng.permutation(b));
      }
      this.perms.push(list);
    }
  }

  /** Writes point n (integer ≥ 0) into `out` (length ≥ dim) and returns it. */
  point(n: number, out: Float64Array = new Float64Array(this.dim)): Float64Array {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`Halton.point: n must be a non-negative integer, got ${n}`);
    }
    for (let j = 0; j < this.dim; j++) {
      const b = this.bases[j]!;
      const perm = this.perms[j]!;
      if (perm.length === 0) {
        out[j] = radicalInverse(n, b);
        continue;
      }
      let m = n;
      let f = 1 / b;
      let x = 0;
      for (let k = 0; k < perm.length; k++) {
        x += perm[k]![m % b]! * f;
        m = Math.floor(m / b);
        f /= b;
      }
      out[j] = Math.min(x, 1 - Number.EPSILON);
    }
    return out;
  }
}
