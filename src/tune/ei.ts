/**
 * Expected improvement for minimisation (Jones, Schonlau & Welch, "Efficient
 * global optimization of expensive black-box functions", J. Global Optim. 13,
 * 1998, eq. 15): with posterior mean μ, standard deviation σ and incumbent f*,
 *   EI = E[max(f* − ξ − Y, 0)], Y ~ N(μ, σ²)
 *      = (f* − ξ − μ) Φ(z) + σ φ(z),  z = (f* − ξ − μ)/σ,
 * and max(f* − ξ − μ, 0) when σ = 0. ξ ≥ 0 (default 0) trades exploitation
 * for exploration.
 */

/** Standard normal density φ(z). */
export function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/**
 * Complementary error function, erfc(x), by the Chebyshev fit of Numerical
 * Recipes (3rd ed., §6.2.2, "erfccheb"), relative error below 1.2e-16 for x ≥ 0;
 * erfc(−x) = 2 − erfc(x).
 */
const ERFC_COEF = [
  -1.3026537197817094, 0.6419697923564902, 1.9476473204185836e-2, -9.561514786808631e-3,
  -9.46595344482036e-4, 3.66839497852761e-4, 4.2523324806907e-5, -2.0278578112534e-5,
  -1.624290004647e-6, 1.30365583558e-6, 1.5626441722e-8, -8.5238095915e-8, 6.529054439e-9,
  5.059343495e-9, -9.91364156e-10, -2.27365122e-10, 9.6467911e-11, 2.394038e-12, -6.886027e-12,
  8.94487e-13, 3.13092e-13, -1.12708e-13, 3.81e-16, 7.106e-15, -1.523e-15, -9.4e-17, 1.21e-16,
  -2.8e-17,
];

function erfcNonNeg(z: number): number {
  const t = 2 / (2 + z);
  const ty = 4 * t - 2;
  let d = 0;
  let dd = 0;
  for (let j = ERFC_COEF.length - 1; j > 0; j--) {
    const tmp = d;
    d = ty * d - dd + ERFC_COEF[j]!;
    dd = tmp;
  }
  return t * Math.exp(-z * z + 0.5 * (ERFC_COEF[0]! + ty * d) - dd);
}

export function erfc(x: number): number {
  return x >= 0 ? erfcNonNeg(x) : 2 - erfcNonNeg(-x);
}

/** Standard normal distribution function Φ(z) = ½ erfc(−z/√2). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Expected improvement below `best` of a N(mean, sd²) outcome, with margin ξ = `xi`. */
export function expectedImprovement(mean: number, sd: number, best: number, xi = 0): number {
  const imp = best - xi - mean;
  if (!(sd > 0)) return Math.max(imp, 0);
  const z = imp / sd;
  return imp * normalCdf(z) + sd * normalPdf(z);
}
