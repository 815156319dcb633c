/**
 * `scaleByAdamax` / `adamax` — Adam with the infinity norm (Kingma & Ba 2015, §7.1):
 *
 *     s ← ρ1 s + (1 − ρ1) g;   w ← max(ρ2 w, |g|);   u ← (s/(1 − ρ1ᵗ)) / (w + δ)
 *
 * (δ added to the denominator as Optax does; PyTorch adds it inside the max.)
 * Options: `b1` 0.9, `b2` 0.999, `eps` 1e-8; named `adamax` adds `lr` (default
 * 0.002, the paper's) and coupled `weightDecay` (default 0).
 */
import { z } from 'zod';
import { parseOptions } from '../options/index.js';
import { adamMoments } from './adam.js';
import { namedChain } from './base.js';
import { decayFields, rate } from './fields.js';
import type { DecayState, Optimizer } from './optimizers.js';
import { type CountState, scaleByLearningRate } from './scaleByLearningRate.js';
import { type Transform, type Vec, zerosLike } from './types.js';
import { decayLink } from './weightDecay.js';

/** `scaleByAdamax`'s options: Adam's moments (b1 0.9, b2 0.999, eps 1e-8). */
export const scaleByAdamaxSchema = z.strictObject(adamMoments);
export type AdamaxOptions = z.input<typeof scaleByAdamaxSchema>;
/** `adamax`'s options: `scaleByAdamax`'s, `lr` (default 0.002), coupled `weightDecay` 0, `mask`. */
export const adamaxSchema = scaleByAdamaxSchema.extend({
  lr: rate().default(0.002),
  ...decayFields(),
});

export interface AdamaxState {
  count: number;
  mu: Vec;
  /** Exponentially weighted infinity norm w. */
  nuInf: Vec;
}

export function scaleByAdamax(o: AdamaxOptions = {}): Transform<AdamaxState> {
  const { b1, b2, eps } = parseOptions('scaleByAdamax', scaleByAdamaxSchema, o);
  const a1 = 1 - b1;
  return {
    init: (p) => ({ count: 0, mu: zerosLike(p), nuInf: zerosLike(p) }),
    update(u, s) {
      const t = ++s.count;
      const c1 = 1 / (1 - b1 ** t);
      const m = s.mu;
      const v = s.nuInf;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const g = u[i]!;
        m[i] = b1 * m[i]! + a1 * g;
        const ag = Math.abs(g);
        v[i] = Math.max(b2 * v[i]!, ag);
        u[i] = (m[i]! * c1) / (v[i]! + eps);
      }
    },
  };
}

/** `adamax`'s state: decay? → adamax → lr. */
export interface AdamaxOptimizerState extends DecayState {
  adamax: AdamaxState;
  lr: CountState;
}

export function adamax(
  options: z.input<typeof adamaxSchema> = {},
): Optimizer<AdamaxOptimizerState> {
  const { lr, weightDecay, mask, ...moments } = parseOptions('adamax', adamaxSchema, options);
  return namedChain({
    ...decayLink({ weightDecay, mask }),
    adamax: scaleByAdamax(moments),
    lr: scaleByLearningRate(lr),
  });
}
