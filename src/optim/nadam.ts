/**
 * `scaleByNadamSchedule` — NAdam with PyTorch's momentum-decay schedule
 * (Dozat 2016, "Incorporating Nesterov momentum into Adam", eq. for μ_t; in the
 * form of `torch.optim.NAdam`, torch/optim/nadam.py):
 *
 *     t ← t + 1
 *     μ_t = ρ1 (1 − ½·0.96^(t ψ))          μ_{t+1} = ρ1 (1 − ½·0.96^((t+1) ψ))
 *     Π_t = Π_{t−1} μ_t  (Π_0 = 1)
 *     s ← ρ1 s + (1 − ρ1) g                 r ← ρ2 r + (1 − ρ2) g ⊙ g
 *     d = √(r/(1 − ρ2ᵗ)) + δ
 *     u ← (1 − μ_t)/(1 − Π_t) · g/d + μ_{t+1}/(1 − Π_t μ_{t+1}) · s/d
 *
 * then `scaleByLearningRate(ε)`. ψ = `momentumDecay` (PyTorch's default 4e-3).
 * PyTorch 1.13 multiplied μ_t into Π twice when forming Π_t μ_{t+1}; this is the
 * corrected product of PyTorch ≥ 2.0, which the reference iterates
 * (test/reference/outside-references.json, `nadam-momentum-decay-*`) follow.
 *
 * `nadam` without `momentumDecay` stays Dozat's NAdam in Optax's form (constant
 * μ = ρ1; see `scaleByAdam` with `nesterov`) — the default, so that results made
 * with it keep; `nadam({ momentumDecay: 0.004 })` is `torch.optim.NAdam`'s default.
 *
 * Options: `b1` 0.9, `b2` 0.999, `eps` 1e-8, `momentumDecay` ψ ≥ 0 (default 4e-3).
 * State: `count` t, `muProduct` Π_t, `mu` s, `nu` r.
 */
import { z } from 'zod';
import { nonnegative, parseOptions } from '../options/index.js';
import { adamMoments } from './adam.js';
import { namedChain } from './base.js';
import { decayFields, rate } from './fields.js';
import type { DecayState, Optimizer } from './optimizers.js';
import { type CountState, scaleByLearningRate } from './scaleByLearningRate.js';
import { type Transform, type Vec, zerosLike } from './types.js';
import { decayLink } from './weightDecay.js';

/** `scaleByNadamSchedule`'s options: Adam's moments and `momentumDecay` ψ ≥ 0 (default 4e-3, PyTorch's). */
export const scaleByNadamScheduleSchema = z.strictObject({
  ...adamMoments,
  momentumDecay: nonnegative().default(4e-3),
});
export type NadamScheduleOptions = z.input<typeof scaleByNadamScheduleSchema>;
/** `nadamSchedule`'s options: `scaleByNadamSchedule`'s, `lr` (default 0.002), coupled `weightDecay` 0, `mask`. */
export const nadamScheduleSchema = scaleByNadamScheduleSchema.extend({
  lr: rate().default(0.002),
  ...decayFields(),
});

export interface NadamScheduleState {
  count: number;
  muProduct: number;
  mu: Vec;
  nu: Vec;
}

export function scaleByNadamSchedule(o: NadamScheduleOptions = {}): Transform<NadamScheduleState> {
  const c = parseOptions('scaleByNadamSchedule', scaleByNadamScheduleSchema, o);
  const { b1, b2, eps } = c;
  const psi = c.momentumDecay;
  const a1 = 1 - b1;
  const a2 = 1 - b2;
  return {
    init: (p) => ({ count: 0, muProduct: 1, mu: zerosLike(p), nu: zerosLike(p) }),
    update(u, s) {
      const t = ++s.count;
      const muT = b1 * (1 - 0.5 * 0.96 ** (t * psi));
      const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * psi));
      s.muProduct *= muT;
      const cg = (1 - muT) / (1 - s.muProduct);
      const cm = muNext / (1 - s.muProduct * muNext);
      const bc2 = 1 - b2 ** t;
      const m = s.mu;
      const v = s.nu;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const g = u[i]!;
        m[i] = b1 * m[i]! + a1 * g;
        v[i] = b2 * v[i]! + a2 * (g * g);
        const d = Math.sqrt(v[i]! / bc2) + eps;
        u[i] = (cg * g) / d + (cm * m[i]!) / d;
      }
    },
  };
}

/** `nadam`'s state with PyTorch's schedule: decay? → nadam → lr. */
export interface NadamScheduleOptimizerState extends DecayState {
  nadam: NadamScheduleState;
  lr: CountState;
}

/** NAdam with PyTorch's schedule: coupled weight decay → `scaleByNadamSchedule` → lr (default 0.002). */
export function nadamSchedule(
  options: z.input<typeof nadamScheduleSchema> = {},
): Optimizer<NadamScheduleOptimizerState> {
  const { lr, weightDecay, mask, ...rest } = parseOptions('nadam', nadamScheduleSchema, options);
  return namedChain({
    ...decayLink({ weightDecay, mask }),
    nadam: scaleByNadamSchedule(rest),
    lr: scaleByLearningRate(lr),
  });
}
