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
import { z } from 'zod';
import { decay, nonnegative, parseOptions } from '../options/index.js';
import { type Transform, type Vec, zerosLike } from './types.js';

/** `scaleByRms`'s options and their defaults. */
export const scaleByRmsSchema = z.strictObject({
  /** ρ ∈ [0, 1). */
  decay: decay().default(0.9),
  /** δ. */
  eps: nonnegative().default(1e-6),
  /** δ inside the root (the book's placement). */
  epsInSqrt: z.boolean().default(true),
  centered: z.boolean().default(false),
  /** r₀. */
  initialScale: nonnegative().default(0),
});
export type RmsOptions = z.input<typeof scaleByRmsSchema>;

export interface RmsState {
  /** Running mean of g² (r). */
  nu: Vec;
  /** Running mean of g (m); length 0 unless centered. */
  mu: Vec;
}

export function scaleByRms(o: RmsOptions = {}): Transform<RmsState> {
  const c = parseOptions('scaleByRms', scaleByRmsSchema, o);
  const { eps, centered } = c;
  const rho = c.decay;
  const r0 = c.initialScale;
  const inSqrt = c.epsInSqrt;
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
