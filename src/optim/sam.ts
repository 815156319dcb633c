/**
 * `sam` — sharpness-aware minimisation (Foret, Kleiner, Mobahi & Neyshabur,
 * "Sharpness-Aware Minimization for Efficiently Improving Generalization",
 * ICLR 2021, Algorithm 1): the base optimizer steps with the gradient taken at
 * the worst nearby point of a ρ-ball,
 *
 *   ε̂ = ρ g / ‖g‖₂                   (adaptive, ASAM: ε̂ = ρ T²g / ‖Tg‖₂, T = |θ|)
 *   g_SAM = ∇f(θ + ε̂)                 (same data as g: from the `Oracle`)
 *   θ ← base step with g_SAM
 *
 * Each step costs two gradients. Options: `rho` ρ > 0 (default 0.05),
 * `adaptive` (default false; Kwon et al. 2021). State: `{ base }`, the base
 * optimizer's state. A zero gradient leaves g unchanged (ε̂ = 0).
 */
import { z } from 'zod';
import { parseOptions, positive } from '../options/index.js';
import type { Oracle, Transform, Vec } from './types.js';

/** `sam`'s options: the radius `rho` > 0 (default 0.05) and `adaptive` (ASAM, default false). */
export const samSchema = z.strictObject({
  rho: positive().default(0.05),
  adaptive: z.boolean().default(false),
});
export type SamOptions = z.input<typeof samSchema>;

export interface SamState<S> {
  base: S;
}

/** Wraps `base` so that it sees the gradient at the adversarial point. */
export function sam<S>(base: Transform<S>, o: SamOptions = {}): Transform<SamState<S>> {
  const { rho, adaptive } = parseOptions('sam', samSchema, o);
  let xAdv: Vec | null = null;
  return {
    init: (p) => ({ base: base.init(p) }),
    update(u, s, p, oracle?: Oracle) {
      if (!oracle) throw new Error('sam: needs a gradient oracle (runTrace and fit supply one)');
      const n = u.length;
      if (!xAdv || xAdv.length !== n || xAdv.constructor !== p.constructor) xAdv = p.slice();
      let norm2 = 0;
      for (let i = 0; i < n; i++) {
        const t = adaptive ? Math.abs(p[i]!) : 1;
        norm2 += (t * u[i]!) ** 2;
      }
      const scale = norm2 > 0 ? rho / Math.sqrt(norm2) : 0;
      for (let i = 0; i < n; i++) {
        const t = adaptive ? p[i]! * p[i]! : 1;
        xAdv[i] = p[i]! + scale * t * u[i]!;
      }
      oracle.grad(xAdv, u);
      base.update(u, s.base, p, oracle);
    },
  };
}
