/**
 * Vector helpers over plain arrays and typed arrays (float64 accumulation, plain
 * indexed loops, sums taken in index order so every caller gets the same bits).
 */

/** aᵀb = Σ_i a_i b_i over the length of `a`. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** ‖a‖₂ = √(aᵀa). */
export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}
