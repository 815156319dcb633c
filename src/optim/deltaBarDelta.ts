/**
 * Delta-bar-delta (Jacobs 1988, "Increased rates of convergence through learning
 * rate adaptation"; Deep Learning §8.5): one learning rate e_i per parameter,
 * raised additively while the partial derivative keeps its sign and cut
 * multiplicatively when it flips. Meant for full-batch optimisation.
 *
 * Per parameter, from g at the stored θ (docs/commands.md `delta-bar-delta`):
 *
 *     if δ̄·g > 0:  e ← e + κ        if δ̄·g < 0:  e ← e(1 − φ)
 *     θ ← θ − e g
 *     δ̄ ← (1 − θ_avg) g + θ_avg δ̄
 *
 * Options (all required, no defaults in docs/commands.md): `lr` — the initial rate e₀ of
 * every parameter (> 0); `kappa` κ ≥ 0; `phi` φ ∈ [0, 1]; `theta` θ_avg ∈ [0, 1).
 * optlab convention: if `lr` is a schedule, e₀ = lr(0) and the step is scaled by
 * lr(k)/lr(0), a global multiplier on the per-parameter rates.
 *
 * The output update already includes the rates: do not chain a learning rate.
 */
import { z } from 'zod';
import { decay, hyper, nonnegative, parseOptions, positive, unit } from '../options/index.js';
import { type Transform, type Vec, zerosLike } from './types.js';

/** `deltaBarDelta`'s options, all required: `lr` e₀ > 0, `kappa` κ ≥ 0, `phi` φ ∈ [0, 1], `theta` θ ∈ [0, 1). */
export const deltaBarDeltaSchema = z.strictObject({
  lr: hyper(positive()),
  kappa: nonnegative(),
  phi: unit(),
  theta: decay(),
});
export type DeltaBarDeltaOptions = z.input<typeof deltaBarDeltaSchema>;

export interface DeltaBarDeltaState {
  count: number;
  /** Per-parameter rates e. */
  rate: Vec;
  /** Exponential average of past gradients δ̄. */
  bar: Vec;
}

export function deltaBarDelta(o: DeltaBarDeltaOptions): Transform<DeltaBarDeltaState> {
  const { lr, kappa, phi, theta: th } = parseOptions('deltaBarDelta', deltaBarDeltaSchema, o);
  const e0 = typeof lr === 'number' ? lr : lr(0);
  const shrink = 1 - phi;
  const keep = 1 - th;
  return {
    init(p) {
      const rate = zerosLike(p);
      rate.fill(e0);
      return { count: 0, rate, bar: zerosLike(p) };
    },
    update(u, s) {
      const scale = typeof lr === 'number' ? 1 : lr(s.count) / e0;
      s.count++;
      const e = s.rate;
      const d = s.bar;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const g = u[i]!;
        const sgn = d[i]! * g;
        if (sgn > 0) e[i] = e[i]! + kappa;
        else if (sgn < 0) e[i] = e[i]! * shrink;
        u[i] = scale === 1 ? -e[i]! * g : -e[i]! * g * scale;
        d[i] = keep * g + th * d[i]!;
      }
    },
  };
}
