/**
 * `trace` — momentum as a transform (Optax's name; Polyak 1964 heavy ball,
 * Sutskever et al. 2013 Nesterov; Deep Learning Algorithms 8.2 and 8.3):
 *
 *     v ← μ_k v + u
 *     u ← v                    (heavy ball)
 *     u ← μ_k v + u            (nesterov: look-ahead form)
 *
 * Placed AFTER `scaleByLearningRate(ε)` it is the book's velocity
 * (v ← αv − εg; θ ← θ + v): the rate multiplies the gradient inside v, so a
 * schedule acts as in the book. Placed BEFORE, it is PyTorch's buffer
 * (b ← μb + g; θ ← θ − ε b). The two agree for a constant rate.
 *
 * Nesterov in look-ahead form: with φ = θ_book + αv stored in place of θ, the
 * book's "gradient at θ + αv" is the gradient at the stored φ and
 * φ ← φ + αv' − εg (v' the new velocity) — docs/commands.md `nesterov`.
 *
 * Options: `decay` μ ∈ [0, 1] (default 0.9; a number or a schedule of k),
 * `nesterov` (default false). State: `count`, `trace` v (zeros initially).
 */
import { z } from 'zod';
import { hyper, parseOptions, unit } from '../options/index.js';
import type { Transform, Vec } from './types.js';
import { zerosLike } from './types.js';

/** `trace`'s options: `decay` μ ∈ [0, 1] or a schedule (default 0.9), `nesterov` (default false). */
export const traceSchema = z.strictObject({
  decay: hyper(unit()).default(0.9),
  nesterov: z.boolean().default(false),
});
export type TraceOptions = z.input<typeof traceSchema>;

export interface TraceState {
  count: number;
  trace: Vec;
}

export function trace(o: TraceOptions = {}): Transform<TraceState> {
  const { decay, nesterov } = parseOptions('trace', traceSchema, o);
  return {
    init: (p) => ({ count: 0, trace: zerosLike(p) }),
    update(u, s) {
      const mu = typeof decay === 'number' ? decay : decay(s.count);
      s.count++;
      const v = s.trace;
      const n = u.length;
      if (nesterov) {
        for (let i = 0; i < n; i++) {
          const ui = u[i]!;
          v[i] = mu * v[i]! + ui;
          u[i] = mu * v[i]! + ui;
        }
      } else {
        for (let i = 0; i < n; i++) {
          v[i] = mu * v[i]! + u[i]!;
          u[i] = v[i]!;
        }
      }
    },
  };
}
