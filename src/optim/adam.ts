/**
 * `scaleByAdam` — Adam's direction (Kingma & Ba 2015; Deep Learning Algorithm 8.7,
 * CORRECTIONS #1):
 *
 *     t ← t + 1
 *     s ← ρ1 s + (1 − ρ1) g            r ← ρ2 r + (1 − ρ2) g ⊙ g
 *     ŝ = s/(1 − ρ1ᵗ)                  r̂ = r/(1 − ρ2ᵗ)
 *     amsgrad (Reddi et al. 2018): r_max ← max(r_max, r), r̂ = r_max/(1 − ρ2ᵗ)
 *     u ← ŝ / (√(r̂ + epsRoot) + δ)
 *     nesterov (NAdam, Dozat 2016, in Optax's form):
 *       ŝ = ρ1 s/(1 − ρ1^{t+1}) + (1 − ρ1) g/(1 − ρ1ᵗ)
 *
 * then `scaleByLearningRate(ε)` gives Δθ = −ε ŝ/(√r̂ + δ) (book, PyTorch).
 *
 * Options: `b1` ρ1 ∈ [0, 1) (default 0.9), `b2` ρ2 ∈ [0, 1) (default 0.999),
 * `eps` δ (default 1e-8), `epsRoot` (default 0; Optax's ε inside the root),
 * `amsgrad` (default false), `nesterov` (default false). State: `count` t, `mu` s, `nu` r, `nuMax` (length 0
 * unless amsgrad).
 *
 * The bias corrections are applied as multiplications by 1/(1 − ρᵗ) (computed
 * once per step) — a last-bit difference from PyTorch's divisions.
 */
import { z } from 'zod';
import { decay, nonnegative, parseOptions } from '../options/index.js';
import { decayFields, rate } from './fields.js';
import { type Transform, type Vec, zerosLike } from './types.js';

/** The moment options of the Adam family and their defaults (the JSON specs reuse them). */
export const adamMoments = {
  /** ρ1 ∈ [0, 1). */
  b1: decay().default(0.9),
  /** ρ2 ∈ [0, 1). */
  b2: decay().default(0.999),
  /** δ, outside the root. */
  eps: nonnegative().default(1e-8),
};

/** `scaleByAdam`'s options and their defaults. */
export const scaleByAdamSchema = z.strictObject({
  ...adamMoments,
  /** Optax's ε inside the root. */
  epsRoot: nonnegative().default(0),
  amsgrad: z.boolean().default(false),
  /** NAdam's Nesterov-corrected first moment. */
  nesterov: z.boolean().default(false),
});
export type AdamOptions = z.input<typeof scaleByAdamSchema>;

/** `adam`'s options: `scaleByAdam`'s, `lr` ε (a number or schedule, default 0.001), coupled `weightDecay` 0 and its `mask`. */
export const adamSchema = scaleByAdamSchema.extend({
  lr: rate().default(0.001),
  ...decayFields(0),
});
/** `adamw`'s options: `adam`'s with a decoupled `weightDecay`, default 0.01. */
export const adamwSchema = adamSchema.extend(decayFields(0.01));
/** `nadam`'s options: `adam`'s with lr 0.002, and `momentumDecay` ψ for PyTorch's μ_t schedule (absent: Dozat's constant μ). */
export const nadamSchema = adamSchema.extend({
  lr: rate().default(0.002),
  momentumDecay: nonnegative().optional(),
});
export type AdamNamedOptions = z.input<typeof adamSchema>;

export interface AdamState {
  count: number;
  mu: Vec;
  nu: Vec;
  nuMax: Vec;
}

export function initAdamState(p: Vec, amsgrad: boolean): AdamState {
  return {
    count: 0,
    mu: zerosLike(p),
    nu: zerosLike(p),
    nuMax: amsgrad ? zerosLike(p) : zerosLike(p.subarray(0, 0)),
  };
}

export function scaleByAdam(o: AdamOptions = {}): Transform<AdamState> {
  const { b1, b2, eps, epsRoot, amsgrad, nesterov } = parseOptions(
    'scaleByAdam',
    scaleByAdamSchema,
    o,
  );
  const a1 = 1 - b1;
  const a2 = 1 - b2;
  return {
    init: (p) => initAdamState(p, amsgrad),
    update(u, s) {
      const t = ++s.count;
      const c1 = 1 / (1 - b1 ** t);
      const c2 = 1 / (1 - b2 ** t);
      // NAdam: ŝ = b1·s·n1 + a1·g·c1 with n1 = 1/(1 − b1^{t+1})
      const n1 = 1 / (1 - b1 ** (t + 1));
      const m = s.mu;
      const v = s.nu;
      const vMax = s.nuMax;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const g = u[i]!;
        m[i] = b1 * m[i]! + a1 * g;
        v[i] = b2 * v[i]! + a2 * (g * g);
        let vi = v[i]!;
        if (amsgrad) {
          if (vi < vMax[i]!) vi = vMax[i]!;
          else vMax[i] = vi;
        }
        const mHat = nesterov ? b1 * m[i]! * n1 + a1 * g * c1 : m[i]! * c1;
        u[i] = mHat / (Math.sqrt(vi * c2 + epsRoot) + eps);
      }
    },
  };
}
