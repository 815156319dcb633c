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
import { Rng, type RngState } from '../random/index.js';
import { hutchinsonDiagonal } from './hutchinson.js';
import { checkNumber, type Hyper, hyperAt, type Transform, type Vec, zerosLike } from './types.js';

export interface SophiaOptions {
  lr?: Hyper;
  b1?: number;
  b2?: number;
  rho?: number;
  eps?: number;
  weightDecay?: number;
  interval?: number;
  seed?: number;
}

export interface SophiaState {
  count: number;
  mu: Vec;
  hess: Vec;
  rng: RngState;
}

export function sophia(o: SophiaOptions = {}): Transform<SophiaState> {
  const w = 'sophia';
  const lr = o.lr ?? 1e-4;
  const b1 = checkNumber(w, 'b1', o.b1 ?? 0.965, 0, 1, { hiOpen: true });
  const b2 = checkNumber(w, 'b2', o.b2 ?? 0.99, 0, 1, { hiOpen: true });
  const rho = checkNumber(w, 'rho', o.rho ?? 0.04, 0, Number.POSITIVE_INFINITY, { loOpen: true });
  const eps = checkNumber(w, 'eps', o.eps ?? 1e-15, 0, Number.POSITIVE_INFINITY, { loOpen: true });
  const wd = checkNumber(w, 'weightDecay', o.weightDecay ?? 0, 0, Number.POSITIVE_INFINITY);
  const k = checkNumber(w, 'interval', o.interval ?? 10, 1, Number.MAX_SAFE_INTEGER);
  const seed = o.seed ?? 0;
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
