/**
 * `shampoo` — Shampoo (Gupta, Koren & Singer, "Shampoo: Preconditioned
 * Stochastic Tensor Optimization", ICML 2018, Algorithm 1) for the 2-D weight
 * matrices of θ; diagonal (AdaGrad, the order-1 case of the paper) for the rest:
 *
 *   L ← L + GGᵀ,   R ← R + GᵀG,        L₀ = εI_m, R₀ = εI_n
 *   W ← W − η L^{−1/4} G R^{−1/4}
 *   other elements:  h ← h + g²;  θ ← θ − η g/√(ε + h)
 *
 * The inverse roots cost O(m³ + n³) (a symmetric eigen-decomposition each), so
 * they are recomputed every `interval` steps (default 10; the paper's algorithm
 * is interval 1) and the stale ones used between. A side longer than
 * `maxPreconditionerDim` (default 256) is left unpreconditioned and the other
 * side then takes the root −1/2 (one preconditioned dimension, as the paper's
 * tensor case with k = 1). Options: `lr` η (default 0.01), `eps` ε (1e-4),
 * `interval`, `maxPreconditionerDim`, `matrices`. State: `count`, `blocks`
 * ([L, R, L^{−1/p}, R^{−1/p}] per block, empty arrays for an identity side), `acc` h.
 */

import { z } from 'zod';
import { matrixFunction, symmetricEigen } from '../linalg/index.js';
import { count, parseOptions, positive } from '../options/index.js';
import { matrices, rate } from './fields.js';
import { coverOf, matmul } from './matrixBlocks.js';
import { hyperAt, type Transform, type Vec, zerosLike } from './types.js';

/** `shampoo`'s options and their defaults (`matrices` required). */
export const shampooSchema = z.strictObject({
  lr: rate().default(0.01),
  eps: positive().default(1e-4),
  /** Updates between preconditioner roots. */
  interval: count().default(10),
  /** Larger sides get a diagonal preconditioner. */
  maxPreconditionerDim: count().default(256),
  matrices: matrices(),
});
export type ShampooOptions = z.input<typeof shampooSchema>;

export interface ShampooBlockState {
  L: Float64Array;
  R: Float64Array;
  Lroot: Float64Array;
  Rroot: Float64Array;
}

export interface ShampooState {
  count: number;
  blocks: ShampooBlockState[];
  acc: Vec;
}

function eye(n: number, c: number): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = c;
  return a;
}

export function shampoo(options: ShampooOptions): Transform<ShampooState> {
  const w = 'shampoo';
  const o = parseOptions(w, shampooSchema, options);
  const { lr, eps, interval } = o;
  const maxDim = o.maxPreconditionerDim;
  let covered: Uint8Array = new Uint8Array(0);
  const sides = o.matrices.map((m) => ({ left: m.rows <= maxDim, right: m.cols <= maxDim }));
  return {
    init: (p) => {
      covered = coverOf(o.matrices, p.length, w);
      return {
        count: 0,
        blocks: o.matrices.map((m, b) => ({
          L: sides[b]!.left ? eye(m.rows, eps) : new Float64Array(0),
          R: sides[b]!.right ? eye(m.cols, eps) : new Float64Array(0),
          Lroot: sides[b]!.left ? eye(m.rows, 1) : new Float64Array(0),
          Rroot: sides[b]!.right ? eye(m.cols, 1) : new Float64Array(0),
        })),
        acc: zerosLike(p),
      };
    },
    update(u, s, p) {
      if (covered.length !== u.length) covered = coverOf(o.matrices, p.length, w);
      const eta = hyperAt(lr, s.count);
      const refresh = s.count % interval === 0;
      o.matrices.forEach((m, b) => {
        const st = s.blocks[b]!;
        const { rows, cols, offset } = m;
        const G = Float64Array.from(u.subarray(offset, offset + rows * cols));
        const side = sides[b]!;
        const power = side.left && side.right ? -0.25 : -0.5;
        if (side.left) {
          const ggt = new Float64Array(rows * rows);
          matmul(G, G, rows, cols, rows, ggt, false, true);
          for (let i = 0; i < ggt.length; i++) st.L[i] = st.L[i]! + ggt[i]!;
          if (refresh)
            matrixFunction(
              symmetricEigen(st.L, rows),
              rows,
              (l) => Math.max(l, eps) ** power,
              st.Lroot,
            );
        }
        if (side.right) {
          const gtg = new Float64Array(cols * cols);
          matmul(G, G, cols, rows, cols, gtg, true, false);
          for (let i = 0; i < gtg.length; i++) st.R[i] = st.R[i]! + gtg[i]!;
          if (refresh)
            matrixFunction(
              symmetricEigen(st.R, cols),
              cols,
              (l) => Math.max(l, eps) ** power,
              st.Rroot,
            );
        }
        let P = G;
        if (side.left) {
          const t = new Float64Array(rows * cols);
          matmul(st.Lroot, P, rows, rows, cols, t);
          P = t;
        }
        if (side.right) {
          const t = new Float64Array(rows * cols);
          matmul(P, st.Rroot, rows, cols, cols, t);
          P = t;
        }
        for (let i = 0; i < rows * cols; i++) u[offset + i] = -eta * P[i]!;
      });
      for (let i = 0; i < u.length; i++) {
        if (covered[i]) continue;
        const g = u[i]!;
        s.acc[i] = s.acc[i]! + g * g;
        u[i] = (-eta * g) / Math.sqrt(eps + s.acc[i]!);
      }
      s.count++;
    },
  };
}
