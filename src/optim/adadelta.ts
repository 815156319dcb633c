/**
 * `scaleByAdadelta` / `adadelta` (Zeiler 2012, Algorithm 1):
 *
 *     E[g²] ← ρE[g²] + (1 − ρ)g²
 *     Δ = √(E[Δ²] + δ)/√(E[g²] + δ) ⊙ g
 *     E[Δ²] ← ρE[Δ²] + (1 − ρ)Δ²
 *     u ← Δ      (then −lr·u; the paper has no rate, i.e. lr = 1)
 *
 * Options: `decay` ρ (default 0.9, PyTorch; the paper uses 0.95), `eps` δ
 * (default 1e-6); named `adadelta` adds `lr` (default 1) and coupled `weightDecay`.
 */
import { z } from 'zod';
import { decay, parseOptions, positive } from '../options/index.js';
import { namedChain } from './base.js';
import { decayFields, rate } from './fields.js';
import type { DecayState, Optimizer } from './optimizers.js';
import { type CountState, scaleByLearningRate } from './scaleByLearningRate.js';
import { type Transform, type Vec, zerosLike } from './types.js';
import { decayLink } from './weightDecay.js';

/** `scaleByAdadelta`'s options: `decay` ρ ∈ [0, 1) (default 0.9), `eps` > 0 (default 1e-6). */
export const scaleByAdadeltaSchema = z.strictObject({
  decay: decay().default(0.9),
  eps: positive().default(1e-6),
});
export type AdadeltaOptions = z.input<typeof scaleByAdadeltaSchema>;
/** `adadelta`'s options: `scaleByAdadelta`'s, `lr` (default 1), coupled `weightDecay` 0, `mask`. */
export const adadeltaSchema = scaleByAdadeltaSchema.extend({
  lr: rate().default(1),
  ...decayFields(),
});

export interface AdadeltaState {
  /** E[g²] */
  g2: Vec;
  /** E[Δ²] */
  d2: Vec;
}

export function scaleByAdadelta(o: AdadeltaOptions = {}): Transform<AdadeltaState> {
  const { decay: rho, eps } = parseOptions('scaleByAdadelta', scaleByAdadeltaSchema, o);
  const a = 1 - rho;
  return {
    init: (p) => ({ g2: zerosLike(p), d2: zerosLike(p) }),
    update(u, s) {
      const eg = s.g2;
      const ed = s.d2;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const g = u[i]!;
        eg[i] = rho * eg[i]! + a * (g * g);
        const d = (Math.sqrt(ed[i]! + eps) / Math.sqrt(eg[i]! + eps)) * g;
        ed[i] = rho * ed[i]! + a * (d * d);
        u[i] = d;
      }
    },
  };
}

/** `adadelta`'s state: decay? → adadelta → lr. */
export interface AdadeltaOptimizerState extends DecayState {
  adadelta: AdadeltaState;
  lr: CountState;
}

export function adadelta(
  options: z.input<typeof adadeltaSchema> = {},
): Optimizer<AdadeltaOptimizerState> {
  const o = parseOptions('adadelta', adadeltaSchema, options);
  return namedChain({
    ...decayLink(o),
    adadelta: scaleByAdadelta({ decay: o.decay, eps: o.eps }),
    lr: scaleByLearningRate(o.lr),
  });
}
