/**
 * `lookahead(inner, {syncPeriod, alpha})` — Lookahead (Zhang, Lucas, Hinton & Ba
 * 2019, Algorithm 1): the inner optimizer moves the fast weights θ; every k
 * updates the slow weights follow, φ ← φ + α(θ − φ), and θ is reset to φ.
 *
 * As a transform: u is the inner update; on a synchronisation step the update
 * is replaced by φ_new − θ, so that θ + u = φ_new. The stored parameters are the
 * fast weights; evaluate with `state.slow` (the slow weights) between syncs if
 * wanted.
 *
 * Options: `syncPeriod` k (integer ≥ 1, default 5), `alpha` α ∈ [0, 1] (default 0.5).
 * State: `{count, slow, inner}` with `slow` initialised to a copy of θ₀.
 */
import type { Transform, Vec } from './types.js';
import { checkNumber } from './types.js';

export interface LookaheadState<S> {
  count: number;
  slow: Vec;
  inner: S;
}

export function lookahead<S>(
  inner: Transform<S>,
  o: { syncPeriod?: number; alpha?: number } = {},
): Transform<LookaheadState<S>> {
  const k = o.syncPeriod ?? 5;
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`lookahead: option syncPeriod must be an integer ≥ 1, got ${k}`);
  }
  const alpha = checkNumber('lookahead', 'alpha', o.alpha ?? 0.5, 0, 1);
  return {
    init: (p) => ({ count: 0, slow: p.slice(), inner: inner.init(p) }),
    update(u, s, p) {
      inner.update(u, s.inner, p);
      s.count++;
      if (s.count % k !== 0) return;
      const slow = s.slow;
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const fast = p[i]! + u[i]!;
        slow[i] = slow[i]! + alpha * (fast - slow[i]!);
        u[i] = slow[i]! - p[i]!;
      }
    },
  };
}
