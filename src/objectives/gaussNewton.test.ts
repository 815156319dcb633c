import { describe, expect, it } from 'vitest';
import { vjp } from '../autodiff/index.js';
import { Tensor } from '../tensor/index.js';
import { hasGaussNewton } from './gaussNewton.js';
import { type MlpProblem, mlpSplit, problemObjective } from './problems.js';
import { beale, bowl, himmelblau, powell, quadratic, rosenbrock } from './testFunctions.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i]!)));
  }
};

/** The Jacobian of z(x), row by row from exact vector-Jacobian products. */
function jacobian(outputs: (x: Tensor) => Tensor, x: Float64Array): number[][] {
  const [z, pull] = vjp(outputs, new Tensor(x, [x.length]));
  const rows: number[][] = [];
  for (let i = 0; i < z.size; i++) {
    const e = new Float64Array(z.size);
    e[i] = 1;
    rows.push(Array.from(pull(new Tensor(e, z.shape)).data));
  }
  return rows;
}

/** Jᵀ M J v for a dense m×m M. */
function sandwich(J: number[][], M: number[][], v: Float64Array): number[] {
  const m = J.length;
  const n = v.length;
  const jv = J.map((row) => row.reduce((s, a, j) => s + a * v[j]!, 0));
  const w = M.map((row) => row.reduce((s, a, j) => s + a * jv[j]!, 0));
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j] = out[j]! + J[i]![j]! * w[i]!;
  return out;
}

describe('generalised Gauss–Newton products', () => {
  it('rosenbrock: G = 2JᵀJ with J written out by hand', () => {
    const o = problemObjective({ name: 'rosenbrock' }, 2);
    expect(hasGaussNewton(o)).toBe(true);
    if (!hasGaussNewton(o)) return;
    const [x, y] = [-1.2, 1];
    // r = (10(y − x²), 1 − x):  J = [[−20x, 10], [−1, 0]]
    const J = [
      [-20 * x, 10],
      [-1, 0],
    ];
    const v = Float64Array.of(0.3, -0.7);
    const out = new Float64Array(2);
    o.ggnvp(Float64Array.of(x, y), v, out);
    const twoI = [
      [2, 0],
      [0, 2],
    ];
    close(out, sandwich(J, twoI, v), 1e-14);
    void y;
  });

  it.each([
    ['rosenbrock', [1, 1, 1, 1]],
    ['beale', [3, 0.5]],
    ['himmelblau', [3, 2]],
    ['powell', [0, 0, 0, 0]],
    ['bowl', [0, 0]],
  ] as const)('%s: G equals the Hessian where the residuals vanish', (name, xs) => {
    const o = problemObjective({ name }, xs.length);
    if (!hasGaussNewton(o)) throw new Error('no ggnvp');
    const x = Float64Array.from(xs);
    for (let k = 0; k < xs.length; k++) {
      const v = new Float64Array(xs.length);
      v[k] = 1;
      const g = new Float64Array(xs.length);
      const h = new Float64Array(xs.length);
      o.ggnvp(x, v, g);
      o.hvp(x, v, h);
      close(g, h, 1e-12);
    }
  });

  const inputs = [
    [0.5, -1, 0.25],
    [1.5, 0.2, -0.3],
    [-0.7, 0.9, 1.1],
    [0.1, 0.4, -1.2],
  ];
  const sizes = [3, 4, 2];
  const n = 3 * 4 + 4 + 4 * 2 + 2;
  const theta = Float64Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + 0.3) * 0.8);
  const v = Float64Array.from({ length: n }, (_, i) => Math.cos(0.9 * i));

  it('mlp with mse: G = Jᵀ (2/(m·k)) I J', () => {
    const p: MlpProblem = {
      name: 'mlp',
      sizes,
      activation: 'tanh',
      loss: 'mse',
      inputs,
      targets: inputs.map((r) => [r[0]! - r[1]!, r[2]! * 0.5]),
    };
    const o = problemObjective(p, n);
    if (!hasGaussNewton(o)) throw new Error('no ggnvp');
    const J = jacobian(mlpSplit(p).outputs, theta);
    const m = J.length;
    const M = J.map((_, i) => J.map((__, j) => (i === j ? 2 / m : 0)));
    const out = new Float64Array(n);
    o.ggnvp(theta, v, out);
    close(out, sandwich(J, M, v), 1e-12);
  });

  it('mlp with softmax cross-entropy: G = Jᵀ (1/m)(diag p − ppᵀ) J per sample', () => {
    const p: MlpProblem = {
      name: 'mlp',
      sizes,
      activation: 'relu',
      loss: 'softmax-cross-entropy',
      inputs,
      targets: [0, 1, 1, 0],
    };
    const o = problemObjective(p, n);
    if (!hasGaussNewton(o)) throw new Error('no ggnvp');
    const split = mlpSplit(p);
    const J = jacobian(split.outputs, theta);
    const z = split.outputs(new Tensor(theta, [n])).data;
    const samples = inputs.length;
    const k = 2;
    const M = J.map(() => new Array<number>(J.length).fill(0));
    for (let s = 0; s < samples; s++) {
      const a = z[s * k]!;
      const b = z[s * k + 1]!;
      const mx = Math.max(a, b);
      const ea = Math.exp(a - mx);
      const eb = Math.exp(b - mx);
      const pr = [ea / (ea + eb), eb / (ea + eb)];
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++)
          M[s * k + i]![s * k + j] = ((i === j ? pr[i]! : 0) - pr[i]! * pr[j]!) / samples;
    }
    const out = new Float64Array(n);
    o.ggnvp(theta, v, out);
    close(out, sandwich(J, M, v), 1e-12);
    // positive semi-definite: vᵀGv ≥ 0
    expect(out.reduce((s, g, i) => s + g * v[i]!, 0)).toBeGreaterThanOrEqual(0);
  });

  it('saddle and an indefinite quadratic offer no Gauss–Newton products; a convex one is its own model', () => {
    expect(hasGaussNewton(problemObjective({ name: 'saddle' }, 2))).toBe(false);
    expect(hasGaussNewton(quadratic([1, 0, 0, -1], [0, 0]))).toBe(false);
    const q = quadratic([2, 1, 1, 3], [0, 0]);
    if (!hasGaussNewton(q)) throw new Error('a positive definite quadratic has ggnvp');
    const out = new Float64Array(2);
    q.ggnvp(Float64Array.of(5, 7), Float64Array.of(1, -1), out);
    expect(Array.from(out)).toEqual([1, -2]);
    expect(hasGaussNewton(problemObjective({ name: 'quadratic', A: [[1]], b: [1] }, 1))).toBe(
      false,
    );
  });
});

describe('hand-written Gauss–Newton products of the test functions', () => {
  // each side checks the other: the analytic J of testFunctions.ts against the
  // autodiff residuals of problems.ts
  const points: Record<string, number[][]> = {
    bowl: [
      [-7, 2],
      [0.3, -0.1],
    ],
    rosenbrock: [
      [-1.2, 1, 0.5],
      [2, -1.5, 0.5],
    ],
    beale: [
      [1, 1],
      [-0.4, 2.2],
    ],
    himmelblau: [
      [-0.5, 0.5],
      [3.1, -1.4],
    ],
    powell: [
      [3, -1, 0, 1],
      [0.2, 0.4, -0.6, 1.1],
    ],
  };
  const fns = { bowl, beale, himmelblau, powell } as const;
  for (const [name, xs] of Object.entries(points)) {
    it.each(xs)(`${name} at %s`, (...x) => {
      const analytic = name === 'rosenbrock' ? rosenbrock(x.length) : fns[name as keyof typeof fns];
      const auto = problemObjective({ name: name as 'bowl' }, x.length);
      if (!hasGaussNewton(auto)) throw new Error('no ggnvp');
      const v = Float64Array.from(x, (_, i) => Math.cos(i + 0.5));
      const a = new Float64Array(x.length);
      const b = new Float64Array(x.length);
      analytic.ggnvp(Float64Array.from(x), v, a);
      auto.ggnvp(Float64Array.from(x), v, b);
      close(a, b, 1e-13);
    });
  }
});
