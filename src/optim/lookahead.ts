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
import { z } from 'zod';
import { count, parseOptions, unit } from '../options/index.js';
import type { Transform, Vec } from './types.js';

/** `lookahead`'s options: `syncPeriod` k (an integer ≥ 1, default 5), `alpha` α ∈ [0, 1] (default 0.5). */
export const lookaheadSchema = z.strictObject({
  syncPeriod: count().default(5),
  alpha: unit().default(0.5),
});

export interface LookaheadState<S> {
  count: number;
  slow: Vec;
  inner: S;
}

export function lookahead<S>(
  inner: Transform<S>,
  o: z.input<typeof lookaheadSchema> = {},
): Transform<LookaheadState<S>> {
  const { syncPeriod: k, alpha } = parseOptions('lookahead', lookaheadSchema, o);
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
