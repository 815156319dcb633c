/**
 * `trust-ncg`: trust-region Newton-CG. The subproblem min m(p), ‖p‖ ≤ Δ is
 * solved by Steihaug's truncated conjugate gradients (Steihaug 1983; Nocedal &
 * Wright, Algorithm 7.2; SciPy's `CGSteihaugSubproblem`), from Hessian-vector
 * products only:
 *
 *   ε = min(½, √‖g‖) ‖g‖;  z₀ = 0, r₀ = g, d₀ = −g
 *   for j = 0, 1, …:
 *     if d_jᵀHd_j ≤ 0: p = z_j + τd_j on the boundary, the τ of lower m(p); stop
 *     α_j = r_jᵀr_j / d_jᵀHd_j;  z_{j+1} = z_j + α_j d_j
 *     if ‖z_{j+1}‖ ≥ Δ: p = z_j + τd_j with τ ≥ 0 and ‖p‖ = Δ; stop
 *     r_{j+1} = r_j + α_j Hd_j
 *     if ‖r_{j+1}‖ < ε: p = z_{j+1}; stop
 *     d_{j+1} = −r_{j+1} + (r_{j+1}ᵀr_{j+1} / r_jᵀr_j) d_j
 *
 * H·z is carried along (Hz_{j+1} = Hz_j + α_j Hd_j), so the model value of any
 * candidate is known without another product. Options: the trust-region ones
 * (`trustRegion.ts`) and `cgMaxIter` (inner iterations per step, default 20·n).
 */
import type { z } from 'zod';
import type { Objective } from '../objectives/types.js';
import { count, parseOptions } from '../options/index.js';
import { methodSchema } from './options.js';
import type { MinimizeResult } from './result.js';
import {
  boundaryIntersections,
  trustRegion,
  trustRegionSetup,
  trustRegionShape,
} from './trustRegion.js';
import { dot } from './vec.js';

/** The options of `trust-ncg` (the JSON spec's `"options"` are these without `callback`). */
export const trustNcgShape = {
  ...trustRegionShape,
  /** Most inner CG iterations per step, integer ≥ 1. Default 20·n. */
  cgMaxIter: count().optional(),
};
const trustNcgSchema = methodSchema(trustNcgShape);

export type TrustNcgOptions = z.input<typeof trustNcgSchema>;

/** Trust-region Newton-CG (see the module comment). */
export function trustNcg(
  objective: Objective,
  x0: ArrayLike<number>,
  options: TrustNcgOptions = {},
): MinimizeResult {
  const where = 'trust-ncg';
  const o = parseOptions(where, trustNcgSchema, options);
  const setup = trustRegionSetup(objective, o, where);
  const n = objective.dim;
  const cgMaxIter = o.cgMaxIter ?? 20 * n;
  const z = new Float64Array(n);
  const hz = new Float64Array(n);
  const r = new Float64Array(n);
  const d = new Float64Array(n);
  const hd = new Float64Array(n);

  return trustRegion(objective, x0, setup, (counted) => (x, g, radius, p) => {
    // m(z + τd) − m(0) = gᵀ(z+τd) + ½(z+τd)ᵀH(z+τd), from Hz and Hd
    const change = (tau: number): number => {
      let lin = 0;
      let quad = 0;
      for (let i = 0; i < n; i++) {
        const pi = z[i]! + tau * d[i]!;
        lin += g[i]! * pi;
        quad += pi * (hz[i]! + tau * hd[i]!);
      }
      return lin + 0.5 * quad;
    };
    const finish = (tau: number, hitsBoundary: boolean) => {
      const modelChange = change(tau);
      for (let i = 0; i < n; i++) p[i] = z[i]! + tau * d[i]!;
      return { modelChange, hitsBoundary };
    };
    const gNorm = Math.sqrt(dot(g, g));
    const tol = Math.min(0.5, Math.sqrt(gNorm)) * gNorm;
    z.fill(0);
    hz.fill(0);
    for (let i = 0; i < n; i++) {
      r[i] = g[i]!;
      d[i] = -g[i]!;
    }
    let rr = gNorm * gNorm;
    for (let j = 0; j < cgMaxIter; j++) {
      counted.hvp(x, d, hd);
      const dhd = dot(d, hd);
      if (!(dhd > 0)) {
        const [ta, tb] = boundaryIntersections(z, d, radius);
        return change(ta) < change(tb) ? finish(ta, true) : finish(tb, true);
      }
      const alpha = rr / dhd;
      let zz = 0;
      for (let i = 0; i < n; i++) {
        const zi = z[i]! + alpha * d[i]!;
        zz += zi * zi;
      }
      if (Math.sqrt(zz) >= radius) return finish(boundaryIntersections(z, d, radius)[1], true);
      let rrNew = 0;
      for (let i = 0; i < n; i++) {
        z[i] = z[i]! + alpha * d[i]!;
        hz[i] = hz[i]! + alpha * hd[i]!;
        r[i] = r[i]! + alpha * hd[i]!;
        rrNew += r[i]! * r[i]!;
      }
      if (Math.sqrt(rrNew) < tol) return finish(0, false);
      const beta = rrNew / rr;
      rr = rrNew;
      for (let i = 0; i < n; i++) d[i] = -r[i]! + beta * d[i]!;
    }
    return finish(0, false);
  });
}
