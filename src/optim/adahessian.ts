/**
 * `adahessian` — AdaHessian (Yao, Gholami, Shen, Mustafa, Keutzer & Mahoney,
 * "ADAHESSIAN: An Adaptive Second Order Optimizer for Machine Learning", AAAI
 * 2021, Algorithm 1): Adam with the squared gradient replaced by the square of
 * Hutchinson's Hessian-diagonal estimate:
 *
 *   D = z ⊙ Hz, z Rademacher (averaged over blocks of `blockSize` coordinates:
 *       the paper's spatial averaging; 1 = none)
 *   m ← β₁m + (1 − β₁)g;   v ← β₂v + (1 − β₂)D ⊙ D
 *   θ ← θ − η (m/(1 − β₁ᵗ)) / ((√(v/(1 − β₂ᵗ)))^k + ε) − ηλθ
 *
 * Options: `lr` η (default 0.15), `b1` (0.9), `b2` (0.999), `eps` (1e-4),
 * `hessianPower` k ∈ (0, 1] (1), `weightDecay` λ (0, decoupled), `blockSize` (1),
 * `seed` (0). Hessian products come from the `Oracle`. State: `count`, `mu`,
 * `nu`, `rng`.
 */

import { z } from 'zod';
import { count, decay, nonnegative, parseOptions, seed } from '../options/index.js';
import { Rng, type RngState } from '../random/index.js';
import { rate } from './fields.js';
import { hutchinsonDiagonal } from './hutchinson.js';
import { hyperAt, type Transform, type Vec, zerosLike } from './types.js';

/** `adahessian`'s options and their defaults. */
export const adahessianSchema = z.strictObject({
  lr: rate().default(0.15),
  b1: decay().default(0.9),
  b2: decay().default(0.999),
  eps: nonnegative().default(1e-4),
  /** k ∈ (0, 1]. */
  hessianPower: z.number().gt(0).max(1).default(1),
  /** Decoupled, a number. */
  weightDecay: nonnegative().default(0),
  /** Spatial averaging block of the Hessian diagonal. */
  blockSize: count().default(1),
  /** Seed of the Hutchinson probes. */
  seed: seed().default(0),
});
export type AdahessianOptions = z.input<typeof adahessianSchema>;

export interface AdahessianState {
  count: number;
  mu: Vec;
  nu: Vec;
  rng: RngState;
}

export function adahessian(o: AdahessianOptions = {}): Transform<AdahessianState> {
  const c = parseOptions('adahessian', adahessianSchema, o);
  const { lr, b1, b2, eps, seed } = c;
  const power = c.hessianPower;
  const wd = c.weightDecay;
  const block = c.blockSize;
  let z: Vec | null = null;
  let d: Vec | null = null;
  return {
    init: (p) => ({ count: 0, mu: zerosLike(p), nu: zerosLike(p), rng: new Rng(seed).getState() }),
    update(u, s, p, oracle) {
      if (!oracle)
        throw new Error('adahessian: needs a Hessian-vector oracle (runTrace and fit supply one)');
      const n = u.length;
      if (!z || z.length !== n) {
        z = zerosLike(p);
        d = zerosLike(p);
      }
      const D = d!;
      s.rng = hutchinsonDiagonal(oracle, p, s.rng, z, D);
      if (block > 1) {
        for (let start = 0; start < n; start += block) {
          const end = Math.min(n, start + block);
          let mean = 0;
          for (let i = start; i < end; i++) mean += D[i]!;
          mean /= end - start;
          for (let i = start; i < end; i++) D[i] = mean;
        }
      }
      const t = s.count + 1;
      const c1 = 1 / (1 - b1 ** t);
      const c2 = 1 / (1 - b2 ** t);
      const eta = hyperAt(lr, s.count);
      for (let i = 0; i < n; i++) {
        s.mu[i] = b1 * s.mu[i]! + (1 - b1) * u[i]!;
        s.nu[i] = b2 * s.nu[i]! + (1 - b2) * D[i]! * D[i]!;
        const den = Math.sqrt(s.nu[i]! * c2) ** power + eps;
        u[i] = -eta * ((s.mu[i]! * c1) / den) - eta * wd * p[i]!;
      }
      s.count = t;
    },
  };
}
