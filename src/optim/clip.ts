/**
 * Gradient clipping (Deep Learning §10.11.1; CORRECTIONS #11).
 *
 * - `clipByValue(c)`: each component clamped to [−c, c] (element-wise clipping).
 * - `clipByGlobalNorm(v)`: if ‖g‖₂ > v then g ← g·v/‖g‖₂ (exact, no +1e-6 in the
 *   denominator as PyTorch's `clip_grad_norm_` adds).
 * - `adaptiveGradClip(λ, {eps = 1e-3, unitSize})`: Brock et al. (2021), "High-
 *   performance large-scale image recognition without normalization", §4.1: per
 *   unit i, if ‖G_i‖/max(‖W_i‖, eps) > λ then G_i ← λ·max(‖W_i‖, eps)/‖G_i‖ · G_i.
 *   Units are consecutive blocks of `unitSize` elements of the flat vector
 *   (default: the whole vector is one unit); a shorter last block is its own unit.
 *
 * All are stateless (state: empty object).
 */
import { z } from 'zod';
import { count, nonnegative, parseOptions, positive } from '../options/index.js';
import type { Transform } from './types.js';

const bound = (name: string) => z.strictObject({ [name]: positive() });
/** `adaptiveGradClip`'s options (besides `clipping` > 0): `eps` (default 1e-3), `unitSize`. */
export const agcSchema = z.strictObject({
  /** Small floor on the parameter norm so that zero-initialised units can move. */
  eps: nonnegative().default(1e-3),
  /** Elements per unit (consecutive). Default: the whole vector. */
  unitSize: count().optional(),
});

type Empty = Record<string, never>;

export function clipByValue(c: number): Transform<Empty> {
  parseOptions('clipByValue', bound('value'), { value: c });
  const lo = -c;
  return {
    init: () => ({}),
    update(u) {
      const n = u.length;
      for (let i = 0; i < n; i++) {
        const x = u[i]!;
        if (x > c) u[i] = c;
        else if (x < lo) u[i] = lo;
      }
    },
  };
}

export function clipByGlobalNorm(maxNorm: number): Transform<Empty> {
  parseOptions('clipByGlobalNorm', bound('globalNorm'), { globalNorm: maxNorm });
  return {
    init: () => ({}),
    update(u) {
      const n = u.length;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += u[i]! * u[i]!;
      const norm = Math.sqrt(ss);
      if (norm > maxNorm) {
        const c = maxNorm / norm;
        for (let i = 0; i < n; i++) u[i] = u[i]! * c;
      }
    },
  };
}

export type AgcOptions = z.input<typeof agcSchema>;

export function adaptiveGradClip(clipping: number, opts: AgcOptions = {}): Transform<Empty> {
  parseOptions('adaptiveGradClip', bound('clipping'), { clipping });
  const { eps, unitSize: unit } = parseOptions('adaptiveGradClip', agcSchema, opts);
  return {
    init: () => ({}),
    update(u, _s, p) {
      const n = u.length;
      const size = unit ?? Math.max(n, 1);
      for (let start = 0; start < n; start += size) {
        const end = Math.min(start + size, n);
        let gg = 0;
        let pp = 0;
        for (let i = start; i < end; i++) {
          gg += u[i]! * u[i]!;
          pp += p[i]! * p[i]!;
        }
        const gNorm = Math.sqrt(gg);
        const maxNorm = clipping * Math.max(Math.sqrt(pp), eps);
        if (gNorm > maxNorm) {
          const c = maxNorm / gNorm;
          for (let i = start; i < end; i++) u[i] = u[i]! * c;
        }
      }
    },
  };
}
