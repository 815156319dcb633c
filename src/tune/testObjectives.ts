/**
 * The standard test objectives of hyper-parameter search, over their standard
 * domains (docs/commands.md, `optlab tune`). Parameters are named x1, x2, …, xn.
 *
 * - branin (Dixon & Szegő 1978; as in Jones et al. 1998):
 *   f = (x2 − 5.1/(4π²) x1² + (5/π) x1 − 6)² + 10 (1 − 1/(8π)) cos x1 + 10,
 *   x1 ∈ [−5, 10], x2 ∈ [0, 15]; minimum 0.397887 at (−π, 12.275), (π, 2.275),
 *   (9.42478, 2.475).
 * - hartmann6: f = −Σ_{i=1}^{4} α_i exp(−Σ_{j=1}^{6} A_ij (x_j − P_ij)²) on
 *   [0, 1]⁶; minimum −3.32237 at (0.20169, 0.150011, 0.476874, 0.275332,
 *   0.311652, 0.6573).
 * - rosenbrock(n): Σ_{i<n} 100 (x_{i+1} − x_i²)² + (1 − x_i)² on [−2, 2]ⁿ;
 *   minimum 0 at (1, …, 1).
 */
import { rosenbrock as rosenbrockObjective } from '../objectives/testFunctions.js';
import type { TuneObjective } from './objective.js';
import type { Params, SearchSpace } from './space.js';

function box(lo: number[], hi: number[]): SearchSpace {
  const s: SearchSpace = {};
  lo.forEach((l, i) => {
    s[`x${i + 1}`] = { type: 'uniform', low: l, high: hi[i]! };
  });
  return s;
}

function vector(params: Params, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = params[`x${i + 1}`] as number;
  return x;
}

/** Branin–Hoo at (x1, x2). */
export function braninValue(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI * Math.PI);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const H_ALPHA = [1.0, 1.2, 3.0, 3.2];
const H_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => v * 1e-4));

/** Hartmann-6 at x (length 6). */
export function hartmann6Value(x: ArrayLike<number>): number {
  let f = 0;
  for (let i = 0; i < 4; i++) {
    let s = 0;
    for (let j = 0; j < 6; j++) s += H_A[i]![j]! * (x[j]! - H_P[i]![j]!) ** 2;
    f -= H_ALPHA[i]! * Math.exp(-s);
  }
  return f;
}

export const branin: TuneObjective = {
  name: 'branin',
  space: box([-5, 0], [10, 15]),
  evaluate: (p) => braninValue(p.x1 as number, p.x2 as number),
};

export const hartmann6: TuneObjective = {
  name: 'hartmann6',
  space: box([0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1]),
  evaluate: (p) => hartmann6Value(vector(p, 6)),
};

/** Rosenbrock in `dim` ≥ 2 dimensions on [−2, 2]^dim. */
export function rosenbrock(dim = 2): TuneObjective {
  const f = rosenbrockObjective(dim);
  return {
    name: 'rosenbrock',
    space: box(new Array(dim).fill(-2), new Array(dim).fill(2)),
    evaluate: (p) => f.value(vector(p, dim)),
  };
}

/** Known minima of the test objectives (for tests and reports). */
export const TEST_MINIMA = { branin: 0.397887, hartmann6: -3.32237, rosenbrock: 0 } as const;
