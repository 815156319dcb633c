/**
 * Schedule-free SGD and AdamW (Defazio, Yang, Mehta, Mishchenko, Khaled &
 * Cutkosky, "The Road Less Scheduled", NeurIPS 2024, Algorithm 1): no learning
 * rate schedule, the iterate is an online average instead. Three sequences:
 *
 *   y_t = (1 − β) z_t + β x_t                   (the gradient is taken here)
 *   z_{t+1} = z_t − γ_t d_t − γ_t λ y_t         (SGD: d_t = g_t;
 *                                                AdamW: v_t = β₂v + (1−β₂)g², d_t = g_t/(√v_t + ε))
 *   c_{t+1} = γ_t² / Σ_{i≤t} γ_i²               (weight_lr_power 2)
 *   x_{t+1} = (1 − c_{t+1}) x_t + c_{t+1} z_{t+1}   (the point to evaluate)
 *
 * γ_t = γ·min(1, t/T_warmup), times √(1 − β₂ᵗ) for AdamW (its bias correction).
 * With no warm-up, schedule-free SGD's c_{t+1} = 1/t: x is the plain average of z.
 *
 * As a `Transform` the stored parameters are y (where gradients are taken, as in
 * the reference implementation's train mode); the state holds z and x, and
 * `evaluationPoint` gives x — what `fit` evaluates, and what batch-norm
 * statistics must be recomputed for. Options: `lr` γ, `momentum` β (0.9),
 * `weightDecay` λ (0), `warmupSteps` (0); AdamW also `b2` β₂ (0.999) and `eps`
 * ε (1e-8). State: `count` t, `z`, `x`, `nu` (AdamW), `weightSum` Σγ².
 */
import { z } from 'zod';
import { decay, index, nonnegative, parseOptions } from '../options/index.js';
import { rate } from './fields.js';
import { type Hyper, hyperAt, type Transform, type Vec } from './types.js';

/** `scheduleFreeSgd`'s options: `lr` (required), `momentum` β ∈ [0, 1) 0.9, decoupled `weightDecay` 0, `warmupSteps` 0. */
export const scheduleFreeSgdSchema = z.strictObject({
  lr: rate(),
  momentum: decay().default(0.9),
  weightDecay: nonnegative().default(0),
  warmupSteps: index().default(0),
});
export type ScheduleFreeOptions = z.input<typeof scheduleFreeSgdSchema>;
/** `scheduleFreeAdamw`'s options: `scheduleFreeSgd`'s with `lr` 0.0025, and `b2` 0.999, `eps` 1e-8. */
export const scheduleFreeAdamwSchema = scheduleFreeSgdSchema.extend({
  lr: rate().default(0.0025),
  b2: decay().default(0.999),
  eps: nonnegative().default(1e-8),
});
export type ScheduleFreeAdamwOptions = z.input<typeof scheduleFreeAdamwSchema>;

export interface ScheduleFreeState {
  count: number;
  z: Vec;
  x: Vec;
  nu: Vec;
  weightSum: number;
}

interface Config {
  lr: Hyper;
  beta: number;
  wd: number;
  warmup: number;
  adam: boolean;
  b2: number;
  eps: number;
}

function config(o: z.output<typeof scheduleFreeAdamwSchema>, adam: boolean): Config {
  return {
    lr: o.lr,
    beta: o.momentum,
    wd: o.weightDecay,
    warmup: o.warmupSteps,
    adam,
    b2: o.b2,
    eps: o.eps,
  };
}

function scheduleFree(c: Config): Transform<ScheduleFreeState> {
  return {
    init: (p) => ({
      count: 0,
      z: p.slice(),
      x: p.slice(),
      nu: c.adam
        ? p instanceof Float32Array
          ? new Float32Array(p.length)
          : new Float64Array(p.length)
        : p.slice(0, 0),
      weightSum: 0,
    }),
    update(u, s, y) {
      const t = s.count + 1;
      const warm = c.warmup > 0 ? Math.min(1, t / c.warmup) : 1;
      const gamma = hyperAt(c.lr, s.count) * warm * (c.adam ? Math.sqrt(1 - c.b2 ** t) : 1);
      s.weightSum += gamma * gamma;
      const ck = s.weightSum > 0 ? (gamma * gamma) / s.weightSum : 0;
      const { z, x, nu } = s;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const g = u[i]!;
        let d = g;
        if (c.adam) {
          const v = c.b2 * nu[i]! + (1 - c.b2) * g * g;
          nu[i] = v;
          d = g / (Math.sqrt(nu[i]!) + c.eps);
        }
        const yi = y[i]!;
        z[i] = z[i]! - gamma * d - gamma * c.wd * yi;
        x[i] = (1 - ck) * x[i]! + ck * z[i]!;
        u[i] = (1 - c.beta) * z[i]! + c.beta * x[i]! - yi;
      }
      s.count = t;
    },
    evaluationPoint: (s) => s.x,
  };
}

/** Schedule-free SGD (see the module comment). */
export function scheduleFreeSgd(o: ScheduleFreeOptions): Transform<ScheduleFreeState> {
  const c = parseOptions('schedule-free-sgd', scheduleFreeSgdSchema, o);
  return scheduleFree(config({ ...c, b2: 0.999, eps: 1e-8 }, false));
}

/** Schedule-free AdamW (see the module comment). */
export function scheduleFreeAdamw(o: ScheduleFreeAdamwOptions = {}): Transform<ScheduleFreeState> {
  return scheduleFree(
    config(parseOptions('schedule-free-adamw', scheduleFreeAdamwSchema, o), true),
  );
}
