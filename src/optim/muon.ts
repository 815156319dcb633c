/**
 * `muon` — MomentUm Orthogonalized by Newton–Schulz (Jordan et al. 2024;
 * `torch.optim.Muon`, PyTorch 2.9; Optax contrib `muon`) for the 2-D weight
 * matrices of a model. For each matrix W (rows × cols) with gradient G:
 *
 *   B ← μB + (1 − μ)G                      (PyTorch's `lerp` form of momentum)
 *   U = (1 − μ)G + μB if nesterov else B
 *   O = NS₅(U): X = U/max(‖U‖_F, ε) (transposed when rows > cols), then 5 times
 *       A = XXᵀ;  X ← aX + (bA + cA²)X,  (a, b, c) = (3.4445, −4.775, 2.0315)
 *   W ← W(1 − ηλ) − η·√max(1, rows/cols)·O   ("original" lr adjustment; or
 *       0.2·√max(rows, cols) for "match-rms-adamw")
 *
 * NS₅ is a quintic iteration that drives U's singular values towards ≈1 (an
 * approximate polar factor UVᵀ). PyTorch (and Keller Jordan's reference) runs
 * it in bfloat16 with float32 accumulation; optlab runs it in float64 by default
 * (Optax's choice) and reproduces PyTorch bit for bit with `nsPrecision:
 * 'bfloat16'` (each product accumulated in float32, each result rounded to
 * bfloat16, as PyTorch's CPU kernels do). Elements that are not in a matrix are left
 * to another optimizer: `muonWithAdamw` partitions θ (Muon for the matrices,
 * AdamW for biases and the rest), as PyTorch's Muon documentation prescribes.
 *
 * Options: `lr` η (default 0.02), `momentum` μ (0.95), `nesterov` (true),
 * `nsSteps` (5), `nsCoefficients` ([3.4445, −4.775, 2.0315]), `eps` (1e-7),
 * `weightDecay` λ (0.1, decoupled), `adjustLr` ('original'), `nsPrecision`
 * ('float64' | 'bfloat16', default 'float64'), `matrices`: the
 * blocks {offset, rows, cols} of θ that are row-major matrices. State:
 * `count`, `momentum` (one buffer over θ).
 */

import { z } from 'zod';
import { decay, finite, nonnegative, parseOptions } from '../options/index.js';
import { matrices, rate } from './fields.js';
import { coverOf } from './matrixBlocks.js';
import { adamw } from './optimizers.js';
import { partition } from './partition.js';
import { hyperAt, type Transform, type Vec, zerosLike } from './types.js';

/** `muon`'s options and their defaults (`matrices` required). */
export const muonSchema = z.strictObject({
  lr: rate().default(0.02),
  momentum: decay().default(0.95),
  nesterov: z.boolean().default(true),
  /** Newton–Schulz iterations. */
  nsSteps: z.number().int().min(0).max(100).default(5),
  nsCoefficients: z.tuple([finite(), finite(), finite()]).default([3.4445, -4.775, 2.0315]),
  eps: nonnegative().default(1e-7),
  /** Decoupled, a number. */
  weightDecay: nonnegative().default(0.1),
  adjustLr: z.enum(['original', 'match-rms-adamw']).default('original'),
  nsPrecision: z.enum(['float64', 'bfloat16']).default('float64'),
  matrices: matrices(),
});
/** The AdamW half of `muonWithAdamw` (PyTorch's suggested pairing) and its defaults. */
export const muonAdamwSchema = z.strictObject({
  lr: rate().default(3e-4),
  b1: decay().default(0.9),
  b2: decay().default(0.999),
  eps: nonnegative().default(1e-8),
  weightDecay: nonnegative().default(0.01),
});

export type MuonOptions = z.input<typeof muonSchema>;

export interface MuonState {
  count: number;
  momentum: Vec;
}

/**
 * Newton–Schulz orthogonalisation of the rows×cols matrix `u` (row-major), in
 * float64, into `out` (see the module comment).
 */
export function newtonSchulz(
  u: ArrayLike<number>,
  rows: number,
  cols: number,
  steps: number,
  coef: readonly [number, number, number],
  eps: number,
  out: Float64Array,
): void {
  const tr = rows > cols;
  const r = tr ? cols : rows; // X is r×c with r ≤ c
  const c = tr ? rows : cols;
  let X = new Float64Array(r * c);
  let norm = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = u[i * cols + j]!;
      norm += v * v;
      if (tr) X[j * c + i] = v;
      else X[i * c + j] = v;
    }
  }
  const scale = 1 / Math.max(Math.sqrt(norm), eps);
  for (let i = 0; i < X.length; i++) X[i] = X[i]! * scale;
  const [a, b, cc] = coef;
  const A = new Float64Array(r * r);
  const B = new Float64Array(r * r);
  let next = new Float64Array(r * c);
  for (let s = 0; s < steps; s++) {
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < r; j++) {
        let sum = 0;
        for (let k = 0; k < c; k++) sum += X[i * c + k]! * X[j * c + k]!;
        A[i * r + j] = sum;
      }
    }
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < r; j++) {
        let sum = 0;
        for (let k = 0; k < r; k++) sum += A[i * r + k]! * A[k * r + j]!;
        B[i * r + j] = b * A[i * r + j]! + cc * sum;
      }
    }
    for (let i = 0; i < r; i++) {
      for (let j = 0; j < c; j++) {
        let sum = 0;
        for (let k = 0; k < r; k++) sum += B[i * r + k]! * X[k * c + j]!;
        next[i * c + j] = a * X[i * c + j]! + sum;
      }
    }
    [X, next] = [next, X];
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = tr ? X[j * c + i]! : X[i * c + j]!;
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** x rounded to bfloat16 (round to nearest, ties to even), as a number. */
export function bfloat16(x: number): number {
  f32[0] = x;
  const i = u32[0]!;
  u32[0] = ((i + 0x7fff + ((i >>> 16) & 1)) & 0xffff0000) >>> 0;
  return f32[0]!;
}

/** C = op(A)·op(B) accumulated in float32 (r×k times k×c, row-major; Bt: B given as c×k). */
function matmulF32(
  A: Float64Array,
  B: Float64Array,
  r: number,
  k: number,
  c: number,
  bTransposed: boolean,
  out: Float64Array,
): void {
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) {
        s = Math.fround(s + A[i * k + t]! * (bTransposed ? B[j * k + t]! : B[t * c + j]!));
      }
      out[i * c + j] = s;
    }
  }
}

/**
 * Newton–Schulz as PyTorch computes it: bfloat16 values, float32 accumulation,
 * one rounding to bfloat16 per `addmm` (products of bfloat16 numbers are exact
 * in float32, so the order of the sums is the only freedom).
 */
export function newtonSchulzBfloat16(
  u: ArrayLike<number>,
  rows: number,
  cols: number,
  steps: number,
  coef: readonly [number, number, number],
  eps: number,
  out: Float64Array,
): void {
  const tr = rows > cols;
  const r = tr ? cols : rows;
  const c = tr ? rows : cols;
  const X = new Float64Array(r * c);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = bfloat16(u[i * cols + j]!);
      if (tr) X[j * c + i] = v;
      else X[i * c + j] = v;
    }
  }
  let ss = 0;
  for (let i = 0; i < X.length; i++) ss = Math.fround(ss + X[i]! * X[i]!);
  const norm = Math.max(bfloat16(Math.sqrt(ss)), eps);
  for (let i = 0; i < X.length; i++) X[i] = bfloat16(X[i]! / norm);
  const [a, b, cc] = coef.map((v) => Math.fround(v)) as [number, number, number];
  const A = new Float64Array(r * r);
  const AA = new Float64Array(r * r);
  const BX = new Float64Array(r * c);
  for (let s = 0; s < steps; s++) {
    matmulF32(X, X, r, c, r, true, A);
    for (let i = 0; i < A.length; i++) A[i] = bfloat16(A[i]!);
    matmulF32(A, A, r, r, r, false, AA);
    for (let i = 0; i < A.length; i++) {
      A[i] = bfloat16(Math.fround(Math.fround(b * A[i]!) + Math.fround(cc * AA[i]!)));
    }
    matmulF32(A, X, r, r, c, false, BX);
    for (let i = 0; i < X.length; i++)
      X[i] = bfloat16(Math.fround(Math.fround(a * X[i]!) + BX[i]!));
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = tr ? X[j * c + i]! : X[i * c + j]!;
  }
}

export type { MatrixBlock } from './matrixBlocks.js';

/** Muon over the given matrix blocks; other elements get a zero update. */
export function muon(options: MuonOptions): Transform<MuonState> {
  const w = 'muon';
  const o = parseOptions(w, muonSchema, options);
  const { lr, nesterov, eps } = o;
  const mu = o.momentum;
  const steps = o.nsSteps;
  const coef = o.nsCoefficients;
  const wd = o.weightDecay;
  const adjust = o.adjustLr;
  const ns = o.nsPrecision === 'bfloat16' ? newtonSchulzBfloat16 : newtonSchulz;
  let scratch = new Float64Array(0);
  let ortho = new Float64Array(0);
  return {
    init: (p) => {
      coverOf(o.matrices, p.length, w);
      return { count: 0, momentum: zerosLike(p) };
    },
    update(u, s, p) {
      const eta = hyperAt(lr, s.count);
      const covered = new Uint8Array(u.length);
      for (const m of o.matrices) {
        const size = m.rows * m.cols;
        if (scratch.length < size) {
          scratch = new Float64Array(size);
          ortho = new Float64Array(size);
        }
        for (let i = 0; i < size; i++) {
          const j = m.offset + i;
          const g = u[j]!;
          const b = s.momentum[j]! + (1 - mu) * (g - s.momentum[j]!);
          s.momentum[j] = b;
          scratch[i] = nesterov ? g + mu * (s.momentum[j]! - g) : s.momentum[j]!;
        }
        ns(scratch, m.rows, m.cols, steps, coef, eps, ortho);
        const ratio =
          adjust === 'original'
            ? Math.sqrt(Math.max(1, m.rows / m.cols))
            : 0.2 * Math.sqrt(Math.max(m.rows, m.cols));
        for (let i = 0; i < size; i++) {
          const j = m.offset + i;
          u[j] = -eta * wd * p[j]! - eta * ratio * ortho[i]!;
          covered[j] = 1;
        }
      }
      for (let j = 0; j < u.length; j++) if (!covered[j]) u[j] = 0;
      s.count++;
    },
  };
}

export type MuonAdamwOptions = z.input<typeof muonAdamwSchema>;

/**
 * Muon for the matrix blocks and AdamW for every other element of a θ of
 * length `n` (biases, batch-norm scales, …).
 */
export function muonWithAdamw(
  o: MuonOptions & { adamw?: MuonAdamwOptions },
  n: number,
): Transform<{ groups: unknown[] }> {
  coverOf(o.matrices, n, 'muon');
  const labels = new Uint8Array(n).fill(1);
  for (const m of o.matrices) labels.fill(0, m.offset, m.offset + m.rows * m.cols);
  // inside the partition Muon sees only its group, gathered in index order
  let at = 0;
  const local = [...o.matrices]
    .sort((x, y) => x.offset - y.offset)
    .map((m) => {
      const b = { offset: at, rows: m.rows, cols: m.cols };
      at += m.rows * m.cols;
      return b;
    });
  const { adamw: a, ...m } = o;
  return partition(labels, [
    muon({ ...m, matrices: local }),
    adamw(parseOptions('muon (adamw)', muonAdamwSchema, a)),
  ]);
}
