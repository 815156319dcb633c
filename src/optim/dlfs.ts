/**
 * DLFS-compatible optimizers: *Deep Learning from Scratch* (Saitoh), ch. 6,
 * `common/optimizer.py`, transcribed so that its experiments reproduce. Defaults
 * are DLFS's (lr 0.01; Adam lr 0.001).
 *
 * - `dlfsAdagrad`: h ← h + g²; θ ← θ − lr g/(√h + 1e-7).
 * - `dlfsRmsprop`: h ← ρh + (1 − ρ)g² (ρ = 0.99); θ ← θ − lr g/(√h + 1e-7).
 * - `dlfsAdam`: t ← t+1; lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ); m ← m + (1 − β1)(g − m);
 *   v ← v + (1 − β2)(g² − v); θ ← θ − lr_t m/(√v + 1e-7). The ε sits outside
 *   the bias correction (the "folded" step), unlike the book's Adam.
 * - `dlfsNesterov`: θ ← θ + μ²v − (1 + μ) lr g, then v ← μv − lr g (the OLD v in
 *   the step: DLFS's code since its 2021 commit "Fix Nesterov update function";
 *   the form before it used the new v, 0.37 off from the first update on the
 *   book's bowl, and is not offered). Algebraically the look-ahead form of the
 *   book's Nesterov (Sutskever et al. 2013; Bengio et al. 2013) with the rate
 *   inside v; use `nesterov` for the book's Algorithm 8.3 as written.
 * - SGD and Momentum of DLFS are the book's: use `sgd` and `momentum`.
 */
import { z } from 'zod';
import { decay, parseOptions, unit } from '../options/index.js';
import { type AdagradState, scaleByAdagrad } from './adagrad.js';
import { namedChain } from './base.js';
import { rate } from './fields.js';
import type { Optimizer } from './optimizers.js';
import { type RmsState, scaleByRms } from './rms.js';
import { type CountState, scaleByLearningRate } from './scaleByLearningRate.js';
import { type Transform, type Vec, zerosLike } from './types.js';

/** `dlfsAdagrad`'s options: `lr` (default 0.01, DLFS's). */
export const dlfsAdagradSchema = z.strictObject({ lr: rate().default(0.01) });
/** `dlfsRmsprop`'s options: `lr` (default 0.01), `decay` ρ (default 0.99, DLFS's). */
export const dlfsRmspropSchema = z.strictObject({
  lr: rate().default(0.01),
  decay: decay().default(0.99),
});
/** `dlfsAdam`'s options: `lr` (default 0.001), `b1` 0.9, `b2` 0.999. */
export const dlfsAdamSchema = z.strictObject({
  lr: rate().default(0.001),
  b1: decay().default(0.9),
  b2: decay().default(0.999),
});
/** `dlfsNesterov`'s options: `lr` (default 0.01), `momentum` μ ∈ [0, 1] (default 0.9). */
export const dlfsNesterovSchema = z.strictObject({
  lr: rate().default(0.01),
  momentum: unit().default(0.9),
});

export function dlfsAdagrad(o: z.input<typeof dlfsAdagradSchema> = {}): Optimizer<{
  adagrad: AdagradState;
  lr: CountState;
}> {
  const { lr } = parseOptions('dlfsAdagrad', dlfsAdagradSchema, o);
  return namedChain({ adagrad: scaleByAdagrad({ eps: 1e-7 }), lr: scaleByLearningRate(lr) });
}

export function dlfsRmsprop(
  o: z.input<typeof dlfsRmspropSchema> = {},
): Optimizer<{ rms: RmsState; lr: CountState }> {
  const { lr, decay: rho } = parseOptions('dlfsRmsprop', dlfsRmspropSchema, o);
  return namedChain({
    rms: scaleByRms({ decay: rho, eps: 1e-7, epsInSqrt: false }),
    lr: scaleByLearningRate(lr),
  });
}

export interface DlfsAdamState {
  iter: number;
  m: Vec;
  v: Vec;
}

/** DLFS Adam; the output already includes −lr_t (do not chain a learning rate). */
export function dlfsAdam(o: z.input<typeof dlfsAdamSchema> = {}): Transform<DlfsAdamState> {
  const { lr, b1, b2 } = parseOptions('dlfsAdam', dlfsAdamSchema, o);
  return {
    init: (p) => ({ iter: 0, m: zerosLike(p), v: zerosLike(p) }),
    update(u, s) {
      const base = typeof lr === 'number' ? lr : lr(s.iter);
      s.iter++;
      const lrT = (base * Math.sqrt(1 - b2 ** s.iter)) / (1 - b1 ** s.iter);
      const m = s.m;
      const v = s.v;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const g = u[i]!;
        m[i] = m[i]! + (1 - b1) * (g - m[i]!);
        v[i] = v[i]! + (1 - b2) * (g * g - v[i]!);
        u[i] = (-lrT * m[i]!) / (Math.sqrt(v[i]!) + 1e-7);
      }
    },
  };
}

/** DLFS Nesterov (its current, 2021-fixed code); the output already includes the rate. */
export function dlfsNesterov(o: z.input<typeof dlfsNesterovSchema> = {}): Transform<{
  count: number;
  v: Vec;
}> {
  const { lr, momentum: mu } = parseOptions('dlfsNesterov', dlfsNesterovSchema, o);
  return {
    init: (p) => ({ count: 0, v: zerosLike(p) }),
    update(u, s) {
      const e = typeof lr === 'number' ? lr : lr(s.count);
      s.count++;
      const v = s.v;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const g = u[i]!;
        const vOld = v[i]!;
        u[i] = mu * mu * vOld - (1 + mu) * e * g;
        v[i] = mu * vOld - e * g;
      }
    },
  };
}
