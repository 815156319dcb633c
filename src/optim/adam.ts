/**
 * `scaleByAdam` — Adam's direction (Kingma & Ba 2015; Deep Learning Algorithm 8.7,
 * CORRECTIONS #1):
 *
 *     t ← t + 1
 *     s ← ρ1 s + (1 − ρ1) g            r ← ρ2 r + (1 − ρ2) g ⊙ g
 *     ŝ = s/(1 − ρ1ᵗ)                  r̂ = r/(1 − ρ2ᵗ)
 *     amsgrad (Reddi et al. 2018): r_max ← max(r_max, r), r̂ = r_max/(1 − ρ2ᵗ)
 *     u ← ŝ / (√(r̂ + epsRoot) + δ)
 *     nesterov (NAdam, Dozat 2016, in Optax's form):
 *       ŝ = ρ1 s/(1 − ρ1^{t+1}) + (1 − ρ1) g/(1 − ρ1ᵗ)
 *
 * then `scaleByLearningRate(ε)` gives Δθ = −ε ŝ/(√r̂ + δ) (book, PyTorch).
 *
 * Options: `b1` ρ1 ∈ [0, 1) (default 0.9), `b2` ρ2 ∈ [0, 1) (default 0.999),
 * `eps` δ (default 1e-8), `epsRoot` (default 0; Optax's ε inside the root),
 * `amsgrad` (default false), `nesterov` (default false). State: `count` t, `mu` s, `nu` r, `nuMax` (length 0
 * unless amsgrad).
 *
 * The bias corrections are applied as multiplications by 1/(1 − ρᵗ) (computed
 * once per step) — a last-bit difference from PyTorch's divisions.
 */
import { checkNumber, type Transform, type Vec, zerosLike } from './types.js';

export interface AdamOptions {
  b1?: number;
  b2?: number;
  eps?: number;
  epsRoot?: number;
  amsgrad?: boolean;
  nesterov?: boolean;
}

export interface AdamState {
  count: number;
  mu: Vec;
  nu: Vec;
  nuMax: Vec;
}

export interface AdamConfig {
  b1: number;
  b2: number;
  eps: number;
  epsRoot: number;
  amsgrad: boolean;
}

export function adamConfig(where: string, o: AdamOptions): AdamConfig {
  return {
    b1: checkNumber(where, 'b1', o.b1 ?? 0.9, 0, 1, { hiOpen: true }),
    b2: checkNumber(where, 'b2', o.b2 ?? 0.999, 0, 1, { hiOpen: true }),
    eps: checkNumber(where, 'eps', o.eps ?? 1e-8, 0, Number.POSITIVE_INFINITY),
    epsRoot: checkNumber(where, 'epsRoot', o.epsRoot ?? 0, 0, Number.POSITIVE_INFINITY),
    amsgrad: o.amsgrad ?? false,
  };
}

export function initAdamState(p: Vec, amsgrad: boolean): AdamState {
  return {
    count: 0,
    mu: zerosLike(p),
    nu: zerosLike(p),
    nuMax: amsgrad ? zerosLike(p) : zerosLike(p.subarray(0, 0)),
  };
}

export function scaleByAdam(o: AdamOptions = {}): Transform<AdamState> {
  const { b1, b2, eps, epsRoot, amsgrad } = adamConfig('scaleByAdam', o);
  const nesterov = o.nesterov ?? false;
  const a1 = 1 - b1;
  const a2 = 1 - b2;
  return {
    init: (p) => initAdamState(p, amsgrad),
    update(u, s) {
      const t = ++s.count;
      const c1 = 1 / (1 - b1 ** t);
      const c2 = 1 / (1 - b2 ** t);
      // NAdam: ŝ = b1·s·n1 + a1·g·c1 with n1 = 1/(1 − b1^{t+1})
      const n1 = 1 / (1 - b1 ** (t + 1));
      const m = s.mu;
      const v = s.nu;
      const vMax = s.nuMax;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const g = u[i]!;
        m[i] = b1 * m[i]! + a1 * g;
        v[i] = b2 * v[i]! + a2 * (g * g);
        let vi = v[i]!;
        if (amsgrad) {
          if (vi < vMax[i]!) vi = vMax[i]!;
          else vMax[i] = vi;
        }
        const mHat = nesterov ? b1 * m[i]! * n1 + a1 * g * c1 : m[i]! * c1;
        u[i] = mHat / (Math.sqrt(vi * c2 + epsRoot) + eps);
      }
    },
  };
}
