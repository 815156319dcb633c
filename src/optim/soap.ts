/**
 * `soap` — SOAP, "ShampoO with Adam in the Preconditioner's eigenbasis" (Vyas,
 * Morwani, Zhao, Shapira, Brandfonbrener, Janson & Kakade, ICLR 2025,
 * Algorithm 3) for the 2-D weight matrices of θ; Adam for the rest:
 *
 *   L ← β_s L + (1 − β_s)GGᵀ,  R ← β_s R + (1 − β_s)GᵀG   (Shampoo's statistics, EMA)
 *   every `interval` steps:  Q_L, Q_R ← eigenvectors of L, R
 *   G' = Q_Lᵀ G Q_R;  M ← β₁M + (1 − β₁)G;  M' = Q_Lᵀ M Q_R
 *   V ← β₂V + (1 − β₂) G'⊙G'                                  (Adam's second moment, rotated)
 *   N = Q_L (M' / (√V + ε)) Q_Rᵀ
 *   W ← W − η·(√(1 − β₂ᵗ)/(1 − β₁ᵗ))·N − ηλW
 *
 * The first step computes the eigenbases from its own gradient before updating
 * (the reference implementation instead skips the update on its first step). The
 * bases come from a full symmetric eigen-decomposition (the reference refreshes
 * them by one power iteration and QR). A side longer than `maxPreconditionerDim`
 * (default 256) keeps Q = I. Defaults as the reference: `lr` 3e-3, `b1` 0.95,
 * `b2` 0.95, `shampooBeta` β_s = b2, `eps` 1e-8, `weightDecay` 0.01, `interval` 10.
 * State: `count`, `mu` (over θ), `nu` (over θ; rotated for matrices), `blocks`
 * ([L, R, Q_L, Q_R], empty for an identity side).
 */

import { z } from 'zod';
import { symmetricEigen } from '../linalg/index.js';
import { count, decay, nonnegative, parseOptions } from '../options/index.js';
import { matrices, rate } from './fields.js';
import { coverOf, matmul } from './matrixBlocks.js';
import { hyperAt, type Transform, type Vec, zerosLike } from './types.js';

/** `soap`'s options and their defaults (`matrices` required; `shampooBeta` defaults to `b2`). */
export const soapSchema = z.strictObject({
  lr: rate().default(3e-3),
  b1: decay().default(0.95),
  b2: decay().default(0.95),
  shampooBeta: decay().optional(),
  eps: nonnegative().default(1e-8),
  /** Decoupled, a number. */
  weightDecay: nonnegative().default(0.01),
  /** Updates between eigenbasis refreshes. */
  interval: count().default(10),
  maxPreconditionerDim: count().default(256),
  matrices: matrices(),
});

export type SoapOptions = z.input<typeof soapSchema>;

export interface SoapBlockState {
  L: Float64Array;
  R: Float64Array;
  QL: Float64Array;
  QR: Float64Array;
}

export interface SoapState {
  count: number;
  mu: Vec;
  nu: Vec;
  blocks: SoapBlockState[];
}

/** out = Aᵀ X B for square A (m×m, or identity when empty) and B (n×n, or identity). */
function rotate(
  A: Float64Array,
  X: Float64Array,
  B: Float64Array,
  m: number,
  n: number,
  back: boolean,
): Float64Array {
  let Y = X;
  if (A.length > 0) {
    const t = new Float64Array(m * n);
    matmul(A, Y, m, m, n, t, !back, false);
    Y = t;
  }
  if (B.length > 0) {
    const t = new Float64Array(m * n);
    matmul(Y, B, m, n, n, t, false, back);
    Y = t;
  }
  return Y;
}

export function soap(options: SoapOptions): Transform<SoapState> {
  const w = 'soap';
  const o = parseOptions(w, soapSchema, options);
  const { lr, b1, b2, eps, interval } = o;
  const bs = o.shampooBeta ?? b2;
  const wd = o.weightDecay;
  const maxDim = o.maxPreconditionerDim;
  let covered: Uint8Array = new Uint8Array(0);
  const eigenbasis = (S: Float64Array, n: number, out: Float64Array) =>
    out.set(symmetricEigen(S, n).vectors);
  return {
    init: (p) => {
      covered = coverOf(o.matrices, p.length, w);
      return {
        count: 0,
        mu: zerosLike(p),
        nu: zerosLike(p),
        blocks: o.matrices.map((m) => {
          const l = m.rows <= maxDim;
          const r = m.cols <= maxDim;
          return {
            L: new Float64Array(l ? m.rows * m.rows : 0),
            R: new Float64Array(r ? m.cols * m.cols : 0),
            QL: new Float64Array(l ? m.rows * m.rows : 0),
            QR: new Float64Array(r ? m.cols * m.cols : 0),
          };
        }),
      };
    },
    update(u, s, p) {
      if (covered.length !== u.length) covered = coverOf(o.matrices, p.length, w);
      const t = s.count + 1;
      const eta = hyperAt(lr, s.count);
      const stepSize = (eta * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
      o.matrices.forEach((m, b) => {
        const st = s.blocks[b]!;
        const { rows, cols, offset } = m;
        const size = rows * cols;
        const G = Float64Array.from(u.subarray(offset, offset + size));
        const updateStats = () => {
          if (st.L.length > 0) {
            const ggt = new Float64Array(rows * rows);
            matmul(G, G, rows, cols, rows, ggt, false, true);
            for (let i = 0; i < ggt.length; i++) st.L[i] = bs * st.L[i]! + (1 - bs) * ggt[i]!;
          }
          if (st.R.length > 0) {
            const gtg = new Float64Array(cols * cols);
            matmul(G, G, cols, rows, cols, gtg, true, false);
            for (let i = 0; i < gtg.length; i++) st.R[i] = bs * st.R[i]! + (1 - bs) * gtg[i]!;
          }
        };
        const refresh = () => {
          if (st.L.length > 0) eigenbasis(st.L, rows, st.QL);
          if (st.R.length > 0) eigenbasis(st.R, cols, st.QR);
        };
        if (t === 1) {
          updateStats();
          refresh();
        }
        const Gr = rotate(st.QL, G, st.QR, rows, cols, false);
        for (let i = 0; i < size; i++) {
          const j = offset + i;
          s.mu[j] = b1 * s.mu[j]! + (1 - b1) * G[i]!;
          s.nu[j] = b2 * s.nu[j]! + (1 - b2) * Gr[i]! * Gr[i]!;
        }
        const Mr = rotate(
          st.QL,
          Float64Array.from(s.mu.subarray(offset, offset + size)),
          st.QR,
          rows,
          cols,
          false,
        );
        for (let i = 0; i < size; i++) Mr[i] = Mr[i]! / (Math.sqrt(s.nu[offset + i]!) + eps);
        const N = rotate(st.QL, Mr, st.QR, rows, cols, true);
        for (let i = 0; i < size; i++)
          u[offset + i] = -stepSize * N[i]! - eta * wd * p[offset + i]!;
        if (t > 1) {
          updateStats();
          if (t % interval === 0) refresh();
        }
      });
      for (let i = 0; i < u.length; i++) {
        if (covered[i]) continue;
        const g = u[i]!;
        s.mu[i] = b1 * s.mu[i]! + (1 - b1) * g;
        s.nu[i] = b2 * s.nu[i]! + (1 - b2) * g * g;
        u[i] = (-stepSize * s.mu[i]!) / (Math.sqrt(s.nu[i]!) + eps) - eta * wd * p[i]!;
      }
      s.count = t;
    },
  };
}
