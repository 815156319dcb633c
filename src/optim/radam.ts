/**
 * `scaleByRadam` / `radam` — Rectified Adam (Liu et al. 2020, "On the variance of
 * the adaptive learning rate and beyond", Algorithm 2):
 *
 *     s, r, ŝ, r̂ as Adam;  ρ∞ = 2/(1 − ρ2) − 1;  ρ_t = ρ∞ − 2t ρ2ᵗ/(1 − ρ2ᵗ)
 *     if ρ_t > threshold:  ℓ = √((ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t)),
 *                          u ← ℓ ŝ √(1 − ρ2ᵗ)/(√r + δ)
 *     else                 u ← ŝ          (un-adapted momentum step)
 *
 * ε placement: δ is added to √r BEFORE the bias correction, as PyTorch's
 * `torch.optim.RAdam` (`adaptive_lr = sqrt(bias_correction2) / (exp_avg_sq.sqrt()
 * + eps)`, torch/optim/radam.py, 1.13 and 2.x). Optax's `scale_by_radam` adds it
 * after (ŝ/(√r̂ + δ)): PyTorch's form is Optax's with δ/√(1 − ρ2ᵗ) in place of δ,
 * which matters only where √r̂ is not far above δ (1.2e-8 relative on a 60-d
 * quadratic from the first rectified step; the old placement here was Optax's). Tested against PyTorch's iterates
 * (test/reference/outside-references.json, case `radam-small-gradients`).
 *
 * Options: `b1` 0.9, `b2` 0.999, `eps` 1e-8, `threshold` 5 (PyTorch, Optax);
 * named `radam` adds `lr` (default 0.001) and coupled `weightDecay` (default 0).
 */
import { z } from 'zod';
import { parseOptions } from '../options/index.js';
import { type AdamState, adamMoments, initAdamState } from './adam.js';
import { namedChain } from './base.js';
import { decayFields, rate } from './fields.js';
import type { DecayState, Optimizer } from './optimizers.js';
import { type CountState, scaleByLearningRate } from './scaleByLearningRate.js';
import type { Transform } from './types.js';
import { decayLink } from './weightDecay.js';

/** `scaleByRadam`'s options: Adam's moments and the rectification `threshold` ρ_t ≥ 4 (default 5). */
export const scaleByRadamSchema = z.strictObject({
  ...adamMoments,
  threshold: z.number().min(4).default(5),
});
export type RadamOptions = z.input<typeof scaleByRadamSchema>;
/** `radam`'s options: `scaleByRadam`'s, `lr` (default 0.001), coupled `weightDecay` 0, `mask`. */
export const radamSchema = scaleByRadamSchema.extend({
  lr: rate().default(0.001),
  ...decayFields(),
});

export function scaleByRadam(o: RadamOptions = {}): Transform<AdamState> {
  const { b1, b2, eps, threshold: thr } = parseOptions('scaleByRadam', scaleByRadamSchema, o);
  const a1 = 1 - b1;
  const a2 = 1 - b2;
  const rhoInf = 2 / a2 - 1;
  return {
    init: (p) => initAdamState(p, false),
    update(u, s) {
      const t = ++s.count;
      const b2t = b2 ** t;
      const c1 = 1 / (1 - b1 ** t);
      const sc2 = Math.sqrt(1 - b2t); // PyTorch's sqrt(bias_correction2)
      const rhoT = rhoInf - (2 * t * b2t) / (1 - b2t);
      const rect = rhoT > thr;
      const l = rect
        ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
        : 0;
      const m = s.mu;
      const v = s.nu;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const g = u[i]!;
        m[i] = b1 * m[i]! + a1 * g;
        v[i] = b2 * v[i]! + a2 * (g * g);
        const mHat = m[i]! * c1;
        u[i] = rect ? (l * mHat * sc2) / (Math.sqrt(v[i]!) + eps) : mHat;
      }
    },
  };
}

/** `radam`'s state: decay? → radam → lr. */
export interface RadamOptimizerState extends DecayState {
  radam: AdamState;
  lr: CountState;
}

export function radam(options: z.input<typeof radamSchema> = {}): Optimizer<RadamOptimizerState> {
  const { lr, weightDecay, mask, ...rest } = parseOptions('radam', radamSchema, options);
  return namedChain({
    ...decayLink({ weightDecay, mask }),
    radam: scaleByRadam(rest),
    lr: scaleByLearningRate(lr),
  });
}
