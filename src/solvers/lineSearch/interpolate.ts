/**
 * Small pure helpers of the line searches: minimisers of the cubic and quadratic
 * interpolants of φ (Nocedal & Wright, *Numerical Optimization*, 2nd ed., §3.5).
 * Each returns NaN when the interpolant has no finite minimiser.
 */

/**
 * Minimiser of the cubic matching φ(a) = fa, φ'(a) = da, φ(b) = fb, φ'(b) = db
 * (N&W eq. 3.59): d1 = da + db − 3 (fa − fb)/(a − b), d2 = sign(b − a)·√(d1² − da·db),
 * α = b − (b − a)(db + d2 − d1)/(db − da + 2 d2).
 */
export function cubicMin(
  a: number,
  fa: number,
  da: number,
  b: number,
  fb: number,
  db: number,
): number {
  if (a === b) return Number.NaN;
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return Number.NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  const den = db - da + 2 * d2;
  if (den === 0) return Number.NaN;
  const alpha = b - ((b - a) * (db + d2 - d1)) / den;
  return Number.isFinite(alpha) ? alpha : Number.NaN;
}

/**
 * Minimiser of the quadratic matching φ(a) = fa, φ'(a) = da, φ(b) = fb:
 * with h = b − a and C = (fb − fa − da·h)/h², α = a − da/(2C) (NaN when C ≤ 0).
 */
export function quadMin(a: number, fa: number, da: number, b: number, fb: number): number {
  const h = b - a;
  if (h === 0) return Number.NaN;
  const c = (fb - fa - da * h) / (h * h);
  if (!(c > 0)) return Number.NaN;
  const alpha = a - da / (2 * c);
  return Number.isFinite(alpha) ? alpha : Number.NaN;
}

/**
 * Zero of the line through (a, da) and (b, db): the secant step on φ',
 * α = a − da (b − a)/(db − da). Exact minimiser of φ when φ is quadratic.
 */
export function secantMin(a: number, da: number, b: number, db: number): number {
  const den = db - da;
  if (den === 0) return Number.NaN;
  const alpha = a - (da * (b - a)) / den;
  return Number.isFinite(alpha) ? alpha : Number.NaN;
}

/** True when α lies in the closed interval [min(a,b) + δw, max(a,b) − δw], w = |b − a|. */
export function insideSafely(alpha: number, a: number, b: number, delta: number): boolean {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const w = hi - lo;
  return alpha >= lo + delta * w && alpha <= hi - delta * w;
}
