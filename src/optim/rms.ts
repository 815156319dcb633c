/**
 * `scaleByRms` — RMSProp's preconditioner (Hinton, Coursera lecture 6e, 2012;
 * Deep Learning Algorithm 8.5, CORRECTIONS #3):
 *
 *     r ← ρ r + (1 − ρ) g ⊙ g
 *     centered:  m ← ρ m + (1 − ρ) g,  r' = r − m ⊙ m   (Graves 2013); else r' = r
 *     d = √(r' + δ)   (epsInSqrt: true — the book's placement, default)
 *     d = √r' + δ     (epsInSqrt: false — PyTorch's and DLFS's)
 *     u ← g / d
 *
 * then `scaleByLearningRate(ε)` gives the book's Δθ = −ε g/√(δ + r).
 *
 * Options: `decay` ρ ∈ [0, 1) (default 0.9), `eps` δ (default 1e-6, the book's),
 * `epsInSqrt` (default true), `centered` (default false), `initialScale` r₀
 * (default 0, as PyTorch and the book).
 *
 * Note: with r₀ = 0 and `epsInSqrt: false`, a zero gradient component gives
 * 0/(0 + δ) = 0; with δ = 0 it would give NaN — δ > 0 is the caller's guard.
 */
import { checkNumber, type Transform, type Vec, zerosLike } from './types.js';

export interface RmsOptions {
  decay?: number;
  eps?: number;
  epsInSqrt?: boolean;
  centered?: boolean;
  initialScale?: number;
}

export interface RmsState {
  /** Running mean of g² (r). */
  nu: Vec;
  /** Running mean of g (m); length 0 unless centered. */
  mu: Vec;
}

export function scaleByRms(o: RmsOptions = {}): Transform<RmsState> {
  const rho = checkNumber('scaleByRms', 'decay', o.decay ?? 0.9, 0, 1, { hiOpen: true });
  const eps = checkNumber('scaleByRms', 'eps', o.eps ?? 1e-6, 0, Number.POSITIVE_INFINITY);
  const r0 = checkNumber('scaleByRms', 'initialScale', o.initialScale ?? 0, 0, Infinity);
  const inSqrt = o.epsInSqrt ?? true;
  const centered = o.centered ?? false;
  const a = 1 - rho;
  return {
    init(p) {
      const nu = zerosLike(p);
      if (r0 !== 0) nu.fill(r0);
      const mu = centered ? zerosLike(p) : zerosLike(p.subarray(0, 0));
      return { nu, mu };
    },
    update(u, s) {
      const r = s.nu;
      const m = s.mu;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const g = u[i]!;
        r[i] = rho * r[i]! + a * (g * g);
        let v = r[i]!;
        if (centered) {
          m[i] = rho * m[i]! + a * g;
          const mi = m[i]!;
          v = v - mi * mi;
        }
        u[i] = inSqrt ? g / Math.sqrt(v + eps) : g / (Math.sqrt(v) + eps);
      }
    },
  };
}
