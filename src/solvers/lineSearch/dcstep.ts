/**
 * One safeguarded trial step of the Moré–Thuente line search, and the update of
 * its interval of uncertainty (Moré & Thuente, "Line search algorithms with
 * guaranteed sufficient decrease", ACM TOMS 20(3), 1994, §4; the `dcstep` of
 * MINPACK-2). Pure arithmetic on scalars; `moreThuente.ts` drives it.
 *
 * The interval has ends (stx, fx, dx) — the best step so far, whose derivative
 * points towards the trial — and (sty, fy, dy). For a trial (stp, fp, dp):
 *  1. fp > fx: a minimiser is bracketed in [stx, stp]. Take the cubic step when
 *     it is closer to stx than the quadratic (through fx, dx, fp) step, else
 *     their average.
 *  2. fp ≤ fx, dp and dx of opposite signs: bracketed in [stp, stx]. Take of the
 *     cubic and secant steps the one farther from stp.
 *  3. fp ≤ fx, same signs, |dp| < |dx|: the cubic step if the cubic tends to
 *     infinity in the step's direction and has its minimum beyond stp, else the
 *     bound in that direction; with the secant step, the closer of the two when
 *     bracketed (and at most 0.66 of the way to sty), else the farther, clamped
 *     to [lo, hi].
 *  4. fp ≤ fx, same signs, |dp| ≥ |dx|: the cubic step through stp and sty when
 *     bracketed, else the bound lo or hi.
 * Then stx becomes stp when fp ≤ fx (and sty becomes the old stx in case 2), or
 * sty becomes stp in case 1.
 */

/** The interval of uncertainty: best step (stx, fx, dx) and the other end (sty, fy, dy). */
export interface MtInterval {
  stx: number;
  fx: number;
  dx: number;
  sty: number;
  fy: number;
  dy: number;
  /** True once a minimiser is known to lie between stx and sty. */
  bracketed: boolean;
}

/**
 * Ratio r such that a + r (b − a) minimises the cubic interpolating
 * φ(a) = fa, φ'(a) = da, φ(b) = fb, φ'(b) = db, with the terms scaled by their
 * largest magnitude against overflow (θ = 3(fa − fb)/(b − a) + da + db,
 * γ = sign(b − a)·√(θ² − da·db), r = (γ − da + θ)/(2γ − da + db)). A negative
 * discriminant is taken as 0; with `needRoot`, that case (γ = 0) gives NaN.
 */
function cubicRatio(
  a: number,
  fa: number,
  da: number,
  b: number,
  fb: number,
  db: number,
  needRoot: boolean,
): number {
  const theta = (3 * (fa - fb)) / (b - a) + da + db;
  const s = Math.max(Math.abs(theta), Math.abs(da), Math.abs(db));
  const disc = (theta / s) * (theta / s) - (da / s) * (db / s);
  let gamma = disc > 0 ? s * Math.sqrt(disc) : 0;
  if (needRoot && gamma === 0) return Number.NaN;
  if (b < a) gamma = -gamma;
  return (gamma - da + theta) / (gamma - da + gamma + db);
}

/**
 * Updates `I` with the trial (stp, fp, dp) and returns the next trial step.
 * `lo`, `hi` bound the step while no minimiser is bracketed. Assumes dx (stp − stx) < 0,
 * and stp strictly between stx and sty when bracketed.
 */
export function mtStep(
  I: MtInterval,
  stp: number,
  fp: number,
  dp: number,
  lo: number,
  hi: number,
): number {
  const { stx, fx, dx, sty, fy, dy } = I;
  const opposite = dp * Math.sign(dx) < 0;
  let next: number;
  if (fp > fx) {
    const cubic = stx + cubicRatio(stx, fx, dx, stp, fp, dp, false) * (stp - stx);
    const quad = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    next = Math.abs(cubic - stx) < Math.abs(quad - stx) ? cubic : cubic + (quad - cubic) / 2;
    I.bracketed = true;
  } else if (opposite) {
    const cubic = stp + cubicRatio(stp, fp, dp, stx, fx, dx, false) * (stx - stp);
    const secant = stp + (dp / (dp - dx)) * (stx - stp);
    next = Math.abs(cubic - stp) > Math.abs(secant - stp) ? cubic : secant;
    I.bracketed = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    const r = cubicRatio(stp, fp, dp, stx, fx, dx, true);
    let cubic: number;
    if (r < 0) cubic = stp + r * (stx - stp);
    else cubic = stp > stx ? hi : lo;
    const secant = stp + (dp / (dp - dx)) * (stx - stp);
    if (I.bracketed) {
      next = Math.abs(cubic - stp) < Math.abs(secant - stp) ? cubic : secant;
      const limit = stp + 0.66 * (sty - stp);
      next = stp > stx ? Math.min(limit, next) : Math.max(limit, next);
    } else {
      next = Math.abs(cubic - stp) > Math.abs(secant - stp) ? cubic : secant;
      next = Math.max(lo, Math.min(hi, next));
    }
  } else if (I.bracketed) {
    next = stp + cubicRatio(stp, fp, dp, sty, fy, dy, false) * (sty - stp);
  } else {
    next = stp > stx ? hi : lo;
  }
  if (fp > fx) {
    I.sty = stp;
    I.fy = fp;
    I.dy = dp;
  } else {
    if (opposite) {
      I.sty = stx;
      I.fy = fx;
      I.dy = dx;
    }
    I.stx = stp;
    I.fx = fp;
    I.dx = dp;
  }
  return next;
}
