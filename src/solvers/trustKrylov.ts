/**
 * `trust-krylov`: trust-region Newton with the subproblem solved nearly exactly
 * in a growing Krylov space by the generalised Lanczos trust-region method
 * (GLTR: Gould, Lucidi, Roma & Toint, "Solving the trust-region subproblem
 * using the Lanczos method", SIAM J. Optim. 9, 1999; SciPy's `trust-krylov`
 * calls the TRLIB implementation of the same method). Unlike Steihaug's CG it
 * keeps going on the boundary, so negative curvature is followed properly.
 *
 *   q₁ = g/γ, γ = ‖g‖;  Lanczos: H Q_j = Q_j T_j + β_j q_{j+1} e_jᵀ
 *   h_j = argmin γe₁ᵀh + ½hᵀT_j h, ‖h‖ ≤ Δ      (`tridiagonalTrust.ts`)
 *   stop when the residual ‖(H + λI)Q_j h_j + g‖ = β_j |e_jᵀh_j| ≤ ε,
 *   ε = min(½, √γ)·γ, or when the space is invariant (β_j ≈ 0) or j = n
 *   p = Q_j h_j
 *
 * The Lanczos vectors are kept (and re-orthogonalised in full, for stability),
 * so memory is n·k for k Lanczos steps; `krylovMaxIter` (default min(n, 500))
 * bounds k. The model value comes from T_j, without another product.
 * Options: the trust-region ones (`trustRegion.ts`) and `krylovMaxIter`.
 */
import type { z } from 'zod';
import type { Objective } from '../objectives/types.js';
import { count, parseOptions } from '../options/index.js';
import { methodSchema } from './options.js';
import type { MinimizeResult } from './result.js';
import { tridiagonalTrust } from './tridiagonalTrust.js';
import { trustRegion, trustRegionSetup, trustRegionShape } from './trustRegion.js';
import { dot } from './vec.js';

/** The options of `trust-krylov` (the JSON spec's `"options"` are these without `callback`). */
export const trustKrylovShape = {
  ...trustRegionShape,
  /** Most Lanczos steps per subproblem, integer ≥ 1. Default min(n, 500). */
  krylovMaxIter: count().optional(),
};
const trustKrylovSchema = methodSchema(trustKrylovShape);

export type TrustKrylovOptions = z.input<typeof trustKrylovSchema>;

/** Trust-region method with the GLTR subproblem solver (see the module comment). */
export function trustKrylov(
  objective: Objective,
  x0: ArrayLike<number>,
  options: TrustKrylovOptions = {},
): MinimizeResult {
  const where = 'trust-krylov';
  const o = parseOptions(where, trustKrylovSchema, options);
  const setup = trustRegionSetup(objective, o, where);
  const n = objective.dim;
  const kMax = Math.min(n, o.krylovMaxIter ?? Math.min(n, 500));
  const Q: Float64Array[] = [];
  for (let j = 0; j < kMax; j++) Q.push(new Float64Array(n));
  const alpha = new Float64Array(kMax);
  const beta = new Float64Array(kMax);
  const h = new Float64Array(kMax);
  const work = new Float64Array(3 * kMax);
  const w = new Float64Array(n);

  return trustRegion(objective, x0, setup, (counted) => (x, g, radius, p) => {
    const gamma = Math.sqrt(dot(g, g));
    const tol = Math.min(0.5, Math.sqrt(gamma)) * gamma;
    const q0 = Q[0]!;
    for (let i = 0; i < n; i++) q0[i] = g[i]! / gamma;
    let k = 0;
    let result = { lambda: 0, modelChange: 0 };
    for (let j = 0; j < kMax; j++) {
      const q = Q[j]!;
      counted.hvp(x, q, w);
      alpha[j] = dot(q, w);
      // full re-orthogonalisation against every kept vector (Gram–Schmidt, twice)
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i <= j; i++) {
          const qi = Q[i]!;
          const c = dot(qi, w);
          for (let t = 0; t < n; t++) w[t] = w[t]! - c * qi[t]!;
        }
      }
      const b = Math.sqrt(dot(w, w));
      beta[j] = b;
      k = j + 1;
      result = tridiagonalTrust(alpha, beta, k, gamma, radius, h, work);
      const invariant = b <= 1e-14 * (Math.abs(alpha[j]!) + (j > 0 ? beta[j - 1]! : 0) + 1e-300);
      if (invariant || b * Math.abs(h[j]!) <= tol || k === kMax) break;
      const next = Q[j + 1]!;
      for (let t = 0; t < n; t++) next[t] = w[t]! / b;
    }
    p.fill(0);
    for (let j = 0; j < k; j++) {
      const qj = Q[j]!;
      const hj = h[j]!;
      for (let t = 0; t < n; t++) p[t] = p[t]! + hj * qj[t]!;
    }
    return { modelChange: result.modelChange, hitsBoundary: result.lambda > 0 };
  });
}
