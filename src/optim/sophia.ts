/**
 * `sophia` — Sophia-H (Liu, Li, Hall, Liang & Ma, "Sophia: A Scalable
 * Stochastic Second-order Optimizer for Language Model Pre-training", ICLR
 * 2024, Algorithm 3): momentum preconditioned by an EMA of Hutchinson's
 * Hessian-diagonal estimate, refreshed every k steps, with per-coordinate
 * clipping:
 *
 *   m ← β₁m + (1 − β₁)g
 *   every k steps (the first included): ĥ = z ⊙ Hz, z Rademacher;  h ← β₂h + (1 − β₂)ĥ
 *   θ ← θ − ηλθ                                 (decoupled weight decay)
 *   θ ← θ − η·clip(m / max(γh, ε), −1, 1)
 *
 * Options: `lr` η (default 1e-4), `b1` β₁ (0.965), `b2` β₂ (0.99), `rho` γ (0.04),
 * `eps` ε (1e-15), `weightDecay` λ (0; the paper uses 0.1 for language models),
 * `interval` k (10), `seed` of the Rademacher draws (0). The Hessian products
 * come from the `Oracle` (exact, by automatic differentiation). State: `count`,
 * `mu` m, `hess` h, `rng`.
 */

import { z } from 'zod';
import { count, decay, nonnegative, parseOptions, positive, seed } from '../options/index.js';
import { Rng, type RngState } from '../random/index.js';
import { rate } from './fields.js';
import { hutchinsonDiagonal } from './hutchinson.js';
import { hyperAt, type Transform, type Vec, zerosLike } from './types.js';

/** `sophia`'s options and their defaults. */
export const sophiaSchema = z.strictObject({
  lr: rate().default(1e-4),
  b1: decay().default(0.965),
  b2: decay().default(0.99),
  rho: positive().default(0.04),
  eps: positive().default(1e-15),
  /** Decoupled, a number. */
  weightDecay: nonnegative().default(0),
  /** Updates between Hessian estimates. */
  interval: count().default(10),
  /** Seed of the Hutchinson probes. */
  seed: seed().default(0),
});
export type SophiaOptions = z.input<typeof sophiaSchema>;

export interface SophiaState {
  count: number;
  mu: Vec;
  hess: Vec;
  rng: RngState;
}

export function sophia(o: SophiaOptions = {}): Transform<SophiaState> {
  const c = parseOptions('sophia', sophiaSchema, o);
  const { lr, b1, b2, rho, eps, seed } = c;
  const wd = c.weightDecay;
  const k = c.interval;
  let z: Vec | null = null;
  let hz: Vec | null = null;
  return {
    init: (p) => ({
      count: 0,
      mu: zerosLike(p),
      hess: zerosLike(p),
      rng: new Rng(seed).getState(),
    }),
    update(u, s, p, oracle) {
      const n = u.length;
      if (s.count % k === 0) {
        if (!oracle)
          throw new Error('sophia: needs a Hessian-vector oracle (runTrace and fit supply one)');
        if (!z || z.length !== n) {
          z = zerosLike(p);
          hz = zerosLike(p);
        }
        s.rng = hutchinsonDiagonal(oracle, p, s.rng, z, hz!);
        for (let i = 0; i < n; i++) s.hess[i] = b2 * s.hess[i]! + (1 - b2) * hz![i]!;
      }
      const eta = hyperAt(lr, s.count);
      for (let i = 0; i < n; i++) {
        const m = b1 * s.mu[i]! + (1 - b1) * u[i]!;
        s.mu[i] = m;
        const ratio = Math.max(-1, Math.min(1, s.mu[i]! / Math.max(rho * s.hess[i]!, eps)));
        u[i] = -eta * wd * p[i]! - eta * ratio;
      }
      s.count++;
    },
  };
}
