import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { beale, bowl, himmelblau, powell, quadratic, rosenbrock, saddle } from './testFunctions.js';
import type { HvpObjective as Objective } from './types.js';

// ---------------------------------------------------------------------------
// Finite-difference checkers
//
// Points and directions are drawn on the dyadic grid k/1024 and the step is
// h = 2⁻²⁰ ≈ 9.5e-7, so x ± h·v is exact in float64 (≤ 32 significant bits):
// the only errors of the central difference are truncation, h²/6·|∇³f| ≲ 1e-9
// here, and rounding in the two evaluations, ≈ eps·(size of the terms)/h ≲ 1e-9 ×
// that size. Both are far below rtol = 1e-6 of the scale used, which includes
// the size of the quantities differenced.

const H = 2 ** -20;
const RTOL = 1e-6;

const normInf = (a: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
};

/** Max |∇f − central difference| and the scale it is judged against (‖∇f‖∞ + |f| + 1). */
function gradError(obj: Objective, x: Float64Array): { err: number; scale: number } {
  const n = obj.dim;
  const g = new Float64Array(n);
  const f = obj.valueAndGrad(x, g);
  const y = x.slice();
  let err = 0;
  for (let i = 0; i < n; i++) {
    y[i] = x[i]! + H;
    const fp = obj.value(y);
    y[i] = x[i]! - H;
    const fm = obj.value(y);
    y[i] = x[i]!;
    err = Math.max(err, Math.abs((fp - fm) / (2 * H) - g[i]!));
  }
  return { err, scale: normInf(g) + Math.abs(f) + 1 };
}

/** Max |H v − (∇f(x + hv) − ∇f(x − hv))/(2h)| and its scale (‖Hv‖∞ + ‖∇f(x)‖∞ + 1). */
function hvpError(
  obj: Objective,
  x: Float64Array,
  v: Float64Array,
): { err: number; scale: number } {
  const n = obj.dim;
  const hv = new Float64Array(n);
  obj.hvp(x, v, hv);
  const g0 = new Float64Array(n);
  const gp = new Float64Array(n);
  const gm = new Float64Array(n);
  obj.valueAndGrad(x, g0);
  const xp = x.map((xi, i) => xi + H * v[i]!);
  const xm = x.map((xi, i) => xi - H * v[i]!);
  obj.valueAndGrad(xp, gp);
  obj.valueAndGrad(xm, gm);
  let err = 0;
  for (let i = 0; i < n; i++) err = Math.max(err, Math.abs((gp[i]! - gm[i]!) / (2 * H) - hv[i]!));
  return { err, scale: normInf(hv) + normInf(g0) + 1 };
}

/** The columns H eⱼ of the Hessian at x, from n Hessian-vector products. */
function hessian(obj: Objective, x: Float64Array): Float64Array[] {
  return Array.from({ length: obj.dim }, (_, j) => {
    const e = new Float64Array(obj.dim);
    e[j] = 1;
    const col = new Float64Array(obj.dim);
    obj.hvp(x, e, col);
    return col;
  });
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

/** A vector of length n on the grid k/1024 with |x_i| ≤ r. */
const gridVec = (n: number, r: number) =>
  fc
    .array(fc.integer({ min: -1024 * r, max: 1024 * r }), { minLength: n, maxLength: n })
    .map((ks) => Float64Array.from(ks, (k) => k / 1024));

const nonZero = (v: Float64Array) => v.some((x) => x !== 0);

function checkGradAndHvp(obj: Objective, r: number, seed: number, numRuns = 60): void {
  const n = obj.dim;
  fc.assert(
    fc.property(gridVec(n, r), gridVec(n, 1), (x, v) => {
      const g = gradError(obj, x);
      expect(g.err).toBeLessThanOrEqual(RTOL * g.scale);
      fc.pre(nonZero(v));
      const h = hvpError(obj, x, v);
      expect(h.err).toBeLessThanOrEqual(RTOL * h.scale);
      // H (columns H eⱼ from n products) is symmetric
      const Hm = hessian(obj, x);
      const hs = Math.max(...Hm.map(normInf), 1);
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < a; b++) {
          expect(Math.abs(Hm[a]![b]! - Hm[b]![a]!)).toBeLessThanOrEqual(1e-13 * hs);
        }
      }
    }),
    { seed, numRuns },
  );
}

/** A random symmetric n×n matrix with entries in [−1, 1] (row-major). */
function randomSymmetric(n: number, rng: Rng): Float64Array {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = rng.uniformIn(-1, 1);
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  }
  return a;
}

// ---------------------------------------------------------------------------

describe('gradients and Hessian-vector products against central differences', () => {
  it('bowl', () => checkGradAndHvp(bowl, 4, 1));
  it('saddle', () => checkGradAndHvp(saddle, 4, 2));
  it.each([2, 3, 5, 10])('rosenbrock(%i)', (n) => checkGradAndHvp(rosenbrock(n), 2, 10 + n, 40));
  it('beale', () => checkGradAndHvp(beale, 3, 3));
  it('himmelblau', () => checkGradAndHvp(himmelblau, 5, 4));
  it('powell', () => checkGradAndHvp(powell, 2, 5));
  it('quadratic with a random symmetric A (n = 6)', () => {
    const rng = new Rng(6);
    const n = 6;
    const b = Float64Array.from({ length: n }, () => rng.uniformIn(-1, 1));
    checkGradAndHvp(quadratic(randomSymmetric(n, rng), b), 3, 6);
  });

  it('the checker is not vacuous: a Hessian off by 0.1% or a gradient off by 1e-4 fails', () => {
    const r = rosenbrock(3);
    const badHvp: Objective = {
      ...r,
      value: (x) => r.value(x),
      valueAndGrad: (x, g) => r.valueAndGrad(x, g),
      hvp(x, v, out) {
        r.hvp(x, v, out);
        for (let i = 0; i < out.length; i++) out[i] = out[i]! * 1.001;
      },
    };
    const badGrad: Objective = {
      ...r,
      value: (x) => r.value(x),
      valueAndGrad(x, g) {
        const f = r.valueAndGrad(x, g);
        g[0] = g[0]! + 1e-4 * (Math.abs(f) + 1) * 10;
        return f;
      },
      hvp: (x, v, out) => r.hvp(x, v, out),
    };
    expect(() => checkGradAndHvp(badHvp, 2, 7, 10)).toThrow();
    expect(() => checkGradAndHvp(badGrad, 2, 7, 10)).toThrow();
  });
});

describe('quadratic: exact Hessian and minimiser', () => {
  it('hvp is A v, the gradient is A x − b', () => {
    const rng = new Rng(8);
    const n = 5;
    const A = randomSymmetric(n, rng);
    const b = Float64Array.from({ length: n }, () => rng.normal());
    const q = quadratic(A, b);
    const x = Float64Array.from({ length: n }, () => rng.normal());
    const out = new Float64Array(n);
    const g = new Float64Array(n);
    q.hvp(x, x, out);
    const f = q.valueAndGrad(x, g);
    let xAx = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A[i * n + j]! * x[j]!;
      expect(out[i]).toBeCloseTo(s, 13);
      expect(g[i]).toBeCloseTo(s - b[i]!, 13);
      xAx += x[i]! * s;
    }
    expect(f).toBeCloseTo(0.5 * xAx - dot(b, x), 12);
    expect(q.value(x)).toBe(f);
  });

  it('for SPD A the minimiser x* = A⁻¹b has ∇f = 0 and f = −½ bᵀx*', () => {
    const rng = new Rng(9);
    const n = 6;
    // A = MᵀM + I is symmetric positive definite
    const M = Float64Array.from({ length: n * n }, () => rng.normal());
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = i === j ? 1 : 0;
        for (let k = 0; k < n; k++) s += M[k * n + i]! * M[k * n + j]!;
        A[i * n + j] = s;
      }
    }
    const b = Float64Array.from({ length: n }, () => rng.normal());
    // naive Gaussian elimination with partial pivoting on [A | b]
    const a = Array.from({ length: n }, (_, i) => [...A.subarray(i * n, i * n + n), b[i]!]);
    for (let c = 0; c < n; c++) {
      let p = c;
      for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
      [a[c], a[p]] = [a[p]!, a[c]!];
      for (let r = c + 1; r < n; r++) {
        const m = a[r]![c]! / a[c]![c]!;
        for (let k = c; k <= n; k++) a[r]![k] = a[r]![k]! - m * a[c]![k]!;
      }
    }
    const xs = new Float64Array(n);
    for (let r = n - 1; r >= 0; r--) {
      let s = a[r]![n]!;
      for (let k = r + 1; k < n; k++) s -= a[r]![k]! * xs[k]!;
      xs[r] = s / a[r]![r]!;
    }
    const q = quadratic(A, b);
    const g = new Float64Array(n);
    const f = q.valueAndGrad(xs, g);
    expect(normInf(g)).toBeLessThan(1e-10 * (normInf(A) * normInf(xs) + normInf(b)));
    expect(f).toBeCloseTo(-0.5 * dot(b, xs), 10);
  });
});

describe('known minima and stationary points', () => {
  function expectStationary(obj: Objective, x: number[], fTol = 0, gTol = 0): void {
    const xx = Float64Array.from(x);
    const g = new Float64Array(obj.dim);
    const f = obj.valueAndGrad(xx, g);
    expect(Math.abs(f)).toBeLessThanOrEqual(fTol);
    expect(obj.value(xx)).toBe(f);
    expect(normInf(g)).toBeLessThanOrEqual(gTol);
  }

  it('bowl at (0, 0) and saddle at (0, 0): f = 0, ∇f = 0', () => {
    expectStationary(bowl, [0, 0]);
    expectStationary(saddle, [0, 0]);
    // saddle: Hessian diag(2, −2), one negative curvature direction
    const out = new Float64Array(2);
    saddle.hvp(new Float64Array(2), Float64Array.from([0, 1]), out);
    expect([...out]).toEqual([0, -2]);
  });

  it.each([2, 3, 5, 10])('rosenbrock(%i) at (1, …, 1)', (n) => {
    expectStationary(rosenbrock(n), new Array(n).fill(1));
  });

  it('beale at (3, 0.5): every residual is 0 exactly (1.5 − 3 + 1.5, 2.25 − 3 + 0.75, 2.625 − 3 + 0.375)', () => {
    expectStationary(beale, [3, 0.5]);
  });

  it('himmelblau at (3, 2) exactly and at its three other minima', () => {
    expectStationary(himmelblau, [3, 2]);
    // The other minima are known to 6 decimals: f ≈ ½ δᵀHδ with δ ≲ 5e-7 and
    // ‖H‖ ≲ 150, so f < 1e-10 and ‖∇f‖ ≲ 1e-4.
    for (const m of [
      [-2.805118, 3.131312],
      [-3.77931, -3.283186],
      [3.584428, -1.848126],
    ]) {
      expectStationary(himmelblau, m, 1e-10, 1e-3);
    }
  });

  it('powell at the origin, where its Hessian is singular', () => {
    expectStationary(powell, [0, 0, 0, 0]);
    // H(0) = 2∇a∇aᵀ + 10∇b∇bᵀ with ∇a = (1, 10, 0, 0), ∇b = (0, 0, 1, −1):
    // v = (10, −1, 0, 0) ⟂ both, so Hv = 0; and H e₁ = 2∇a·1 = (2, 20, 0, 0).
    const out = new Float64Array(4);
    powell.hvp(new Float64Array(4), Float64Array.from([10, -1, 0, 0]), out);
    expect(normInf(out)).toBe(0);
    powell.hvp(new Float64Array(4), Float64Array.from([1, 0, 0, 0]), out);
    expect([...out].map((y) => y + 0)).toEqual([2, 20, 0, 0]); // + 0 turns −0 into 0
  });
});

describe('against PyTorch autograd (test/reference/eval-torch.json)', () => {
  interface Case {
    problem: { name: string };
    x: number[];
    v: number[];
    expected: { f: number; grad: number[]; hvp: number[]; eigenvalues: number[]; trace: number };
  }
  const file = new URL('../../test/reference/eval-torch.json', import.meta.url);
  const cases = (JSON.parse(readFileSync(file, 'utf8')) as { cases: Case[] }).cases.filter(
    (c) => c.problem.name === 'rosenbrock' || c.problem.name === 'beale',
  );

  it('has the rosenbrock and beale cases', () => {
    expect(cases.map((c) => c.problem.name).sort()).toEqual(['beale', 'rosenbrock']);
  });

  it.each(cases.map((c) => [c.problem.name, c] as const))(
    '%s: f, ∇f, Hv and trace H to 1e-9',
    (_, c) => {
      const obj = c.problem.name === 'beale' ? beale : rosenbrock(c.x.length);
      const n = obj.dim;
      const x = Float64Array.from(c.x);
      const g = new Float64Array(n);
      const f = obj.valueAndGrad(x, g);
      const rel = (a: number, b: number, s: number) => Math.abs(a - b) / Math.max(s, 1e-300);
      expect(rel(f, c.expected.f, Math.abs(c.expected.f))).toBeLessThan(1e-9);
      const gs = normInf(c.expected.grad);
      for (let i = 0; i < n; i++) expect(rel(g[i]!, c.expected.grad[i]!, gs)).toBeLessThan(1e-9);
      const hv = new Float64Array(n);
      obj.hvp(x, Float64Array.from(c.v), hv);
      const hs = normInf(c.expected.hvp);
      for (let i = 0; i < n; i++) expect(rel(hv[i]!, c.expected.hvp[i]!, hs)).toBeLessThan(1e-9);
      // trace H = Σ eᵢᵀ H eᵢ from n products; for n = 2 the eigenvalues from trace and det
      const Hm = Array.from({ length: n }, (_, i) => {
        const e = new Float64Array(n);
        e[i] = 1;
        const col = new Float64Array(n);
        obj.hvp(x, e, col);
        return col;
      });
      const tr = Hm.reduce((s, col, i) => s + col[i]!, 0);
      expect(rel(tr, c.expected.trace, Math.abs(c.expected.trace))).toBeLessThan(1e-9);
      if (n === 2) {
        const det = Hm[0]![0]! * Hm[1]![1]! - Hm[0]![1]! * Hm[1]![0]!;
        const disc = Math.sqrt((tr * tr) / 4 - det);
        const eig = [tr / 2 - disc, tr / 2 + disc];
        const es = normInf(c.expected.eigenvalues);
        for (let i = 0; i < 2; i++)
          expect(rel(eig[i]!, c.expected.eigenvalues[i]!, es)).toBeLessThan(1e-9);
      }
    },
  );
});

describe('dimension errors', () => {
  const cases: [string, Objective][] = [
    ['bowl', bowl],
    ['saddle', saddle],
    ['rosenbrock', rosenbrock(3)],
    ['beale', beale],
    ['himmelblau', himmelblau],
    ['powell', powell],
    ['quadratic', quadratic([2, 0, 0, 2], [1, 1])],
  ];

  it.each(cases)('%s: value and valueAndGrad reject a vector of the wrong length', (name, obj) => {
    for (const len of [obj.dim - 1, obj.dim + 1]) {
      const x = new Float64Array(len);
      const g = new Float64Array(Math.max(len, obj.dim));
      const msg = new RegExp(`${name}: expected a vector of length ${obj.dim}, got ${len}`);
      expect(() => obj.value(x)).toThrow(RangeError);
      expect(() => obj.value(x)).toThrow(msg);
      expect(() => obj.valueAndGrad(x, g)).toThrow(msg);
    }
  });

  it('rosenbrock: hvp rejects a wrong length too', () => {
    const r = rosenbrock(4);
    expect(() => r.hvp(new Float64Array(3), new Float64Array(4), new Float64Array(4))).toThrow(
      /rosenbrock: expected a vector of length 4, got 3/,
    );
  });

  it('rosenbrock(n) needs an integer n ≥ 2; quadratic needs A of size n²', () => {
    expect(() => rosenbrock(1)).toThrow(/n must be an integer ≥ 2, got 1/);
    expect(() => rosenbrock(2.5)).toThrow(RangeError);
    expect(() => quadratic([1, 0, 0], [1, 1])).toThrow(/A must be 2×2 to match b, got 3 entries/);
    expect(rosenbrock().dim).toBe(2);
  });
});
