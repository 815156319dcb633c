/**
 * The methods beyond the books against outside references (torch.optim.Muon)
 * or naive transcriptions of their papers' algorithms, written here from the
 * papers independently of the library's loops.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runTrace } from '../contract/trace.js';
import { quadratic } from '../objectives/testFunctions.js';
import { Rng } from '../random/index.js';
import { step } from './base.js';
import { muon, muonWithAdamw } from './muon.js';
import { sgd } from './optimizers.js';
import { sam } from './sam.js';
import { scheduleFreeAdamw, scheduleFreeSgd } from './scheduleFree.js';
import { sophia } from './sophia.js';
import type { Oracle, Transform } from './types.js';

const A = [3, 0.5, 0, 0.5, 1, 0.2, 0, 0.2, 2];
const b = [1, -2, 0.5];
const q = quadratic(A, b);
const X0 = [1.5, -0.5, 2];
const grad = (x: ArrayLike<number>) => {
  const g = new Float64Array(3);
  q.valueAndGrad(Float64Array.from(x), g);
  return Array.from(g);
};
const hv = (v: number[]) =>
  [0, 1, 2].map((i) => A[3 * i]! * v[0]! + A[3 * i + 1]! * v[1]! + A[3 * i + 2]! * v[2]!);
const oracle: Oracle = {
  grad(x, out) {
    const g = new Float64Array(x.length);
    const f = q.valueAndGrad(Float64Array.from(x), g);
    out.set(g);
    return f;
  },
  hvp(x, v, out) {
    const o = new Float64Array(x.length);
    q.hvp(Float64Array.from(x), Float64Array.from(v), o);
    out.set(o);
  },
};

function run<S>(t: Transform<S>, steps: number): number[][] {
  const theta = Float64Array.from(X0);
  const s = t.init(theta);
  const rows = [Array.from(theta)];
  for (let k = 0; k < steps; k++) {
    const g = Float64Array.from(grad(theta));
    step(t, theta, g, s, oracle);
    rows.push(Array.from(theta));
  }
  return rows;
}

const expectRows = (got: number[][], want: number[][], tol: number) => {
  expect(got.length).toBe(want.length);
  for (let k = 0; k < got.length; k++) {
    for (let i = 0; i < got[k]!.length; i++) {
      const w = want[k]![i]!;
      expect(Math.abs(got[k]![i]! - w)).toBeLessThanOrEqual(tol * (1 + Math.abs(w)));
    }
  }
};

describe('schedule-free (Defazio et al. 2024, Algorithm 1)', () => {
  function naive(
    adam: boolean,
    lr: number,
    beta: number,
    wd: number,
    warmup: number,
    steps: number,
  ) {
    let x = X0.slice();
    let z = X0.slice();
    const v = [0, 0, 0];
    let sum = 0;
    const ys: number[][] = [];
    const xs: number[][] = [];
    for (let t = 1; t <= steps; t++) {
      const y = z.map((zi, i) => (1 - beta) * zi + beta * x[i]!);
      ys.push(y);
      const g = grad(y);
      const gammaT =
        lr * Math.min(1, warmup > 0 ? t / warmup : 1) * (adam ? Math.sqrt(1 - 0.999 ** t) : 1);
      const d = g.map((gi, i) => {
        if (!adam) return gi;
        v[i] = 0.999 * v[i]! + 0.001 * gi * gi;
        return gi / (Math.sqrt(v[i]!) + 1e-8);
      });
      z = z.map((zi, i) => zi - gammaT * d[i]! - gammaT * wd * y[i]!);
      sum += gammaT * gammaT;
      const c = (gammaT * gammaT) / sum;
      x = x.map((xi, i) => (1 - c) * xi + c * z[i]!);
      xs.push(x);
    }
    ys.push(z.map((zi, i) => (1 - beta) * zi + beta * x[i]!));
    return { ys, xs };
  }

  it.each([
    ['sgd', false, 0.1, 0.9, 0, 0],
    ['sgd with warm-up and decay', false, 0.2, 0.5, 0.01, 5],
    ['adamw', true, 0.05, 0.9, 0.01, 3],
  ] as const)(
    '%s: stored parameters are y, evaluationPoint is x',
    (_n, adam, lr, beta, wd, warmup) => {
      const t = adam
        ? scheduleFreeAdamw({ lr, momentum: beta, weightDecay: wd, warmupSteps: warmup })
        : scheduleFreeSgd({ lr, momentum: beta, weightDecay: wd, warmupSteps: warmup });
      const want = naive(adam, lr, beta, wd, warmup, 30);
      expectRows(run(t, 30), want.ys, 1e-13);
      const theta = Float64Array.from(X0);
      const s = t.init(theta);
      for (let k = 0; k < 30; k++) step(t, theta, Float64Array.from(grad(theta)), s);
      expectRows([Array.from(t.evaluationPoint!(s))], [want.xs[29]!], 1e-13);
    },
  );

  it('without warm-up, schedule-free SGD’s x is the running mean of z', () => {
    const t = scheduleFreeSgd({ lr: 0.05, momentum: 0.9 });
    const theta = Float64Array.from(X0);
    const s = t.init(theta);
    const zs: number[][] = [];
    for (let k = 0; k < 10; k++) {
      step(t, theta, Float64Array.from(grad(theta)), s);
      zs.push(Array.from(s.z));
    }
    const mean = [0, 1, 2].map((i) => zs.reduce((a, z) => a + z[i]!, 0) / zs.length);
    expectRows([Array.from(s.x)], [mean], 1e-14);
  });
});

describe('SAM (Foret et al. 2021, Algorithm 1)', () => {
  it('steps with the gradient at θ + ρg/‖g‖', () => {
    const lr = 0.1;
    const rho = 0.05;
    const want = [X0.slice()];
    let x = X0.slice();
    for (let k = 0; k < 20; k++) {
      const g = grad(x);
      const nrm = Math.hypot(...g);
      const gs = grad(x.map((xi, i) => xi + (rho * g[i]!) / nrm));
      x = x.map((xi, i) => xi - lr * gs[i]!);
      want.push(x);
    }
    expectRows(run(sam(sgd({ lr }), { rho }), 20), want, 1e-14);
  });

  it('through the trace command, with the oracle from the objective', () => {
    const r = runTrace(q, Float64Array.from(X0), {
      optimizer: { name: 'sam', lr: 0.1, rho: 0.05 },
      steps: 20,
    });
    expectRows(r.x, run(sam(sgd({ lr: 0.1 }), { rho: 0.05 }), 20), 0);
  });
});

describe('Sophia-H (Liu et al. 2024, Algorithm 3)', () => {
  it('matches a transcription with the same Rademacher draws', () => {
    const o = {
      lr: 0.05,
      b1: 0.965,
      b2: 0.99,
      rho: 0.04,
      eps: 1e-15,
      weightDecay: 0.1,
      interval: 3,
      seed: 7,
    };
    const rng = new Rng(7);
    let x = X0.slice();
    const m = [0, 0, 0];
    const h = [0, 0, 0];
    const want = [x.slice()];
    for (let t = 0; t < 25; t++) {
      const g = grad(x);
      if (t % o.interval === 0) {
        const zv = [0, 1, 2].map(() => (rng.uniform() < 0.5 ? -1 : 1));
        const hz = hv(zv);
        for (let i = 0; i < 3; i++) h[i] = o.b2 * h[i]! + (1 - o.b2) * zv[i]! * hz[i]!;
      }
      for (let i = 0; i < 3; i++) m[i] = o.b1 * m[i]! + (1 - o.b1) * g[i]!;
      x = x.map((xi, i) => {
        const decayed = xi - o.lr * o.weightDecay * xi;
        const r = Math.max(-1, Math.min(1, m[i]! / Math.max(o.rho * h[i]!, o.eps)));
        return decayed - o.lr * r;
      });
      want.push(x);
    }
    expectRows(run(sophia(o), 25), want, 1e-13);
  });
});

describe('AdaHessian (Yao et al. 2021, Algorithm 1)', () => {
  it('on a diagonal quadratic z⊙Hz is the exact diagonal: Adam with v from diag(H)²', () => {
    const d = [4, 0.5, 2];
    const qd = quadratic([4, 0, 0, 0, 0.5, 0, 0, 0, 2], [1, 1, 1]);
    const o = { lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-4 };
    let x = X0.slice();
    const m = [0, 0, 0];
    const v = [0, 0, 0];
    const want = [x.slice()];
    for (let t = 1; t <= 30; t++) {
      const g = x.map((xi, i) => d[i]! * xi - 1);
      x = x.map((xi, i) => {
        m[i] = o.b1 * m[i]! + (1 - o.b1) * g[i]!;
        v[i] = o.b2 * v[i]! + (1 - o.b2) * d[i]! * d[i]!;
        const mh = m[i]! / (1 - o.b1 ** t);
        const vh = v[i]! / (1 - o.b2 ** t);
        return xi - (o.lr * mh) / (Math.sqrt(vh) + o.eps);
      });
      want.push(x);
    }
    const r = runTrace(qd, Float64Array.from(X0), {
      optimizer: { name: 'adahessian', ...o },
      steps: 30,
    });
    expectRows(r.x, want, 1e-13);
  });
});

describe('Muon against torch.optim.Muon (float64 parameters, Newton–Schulz in bfloat16)', () => {
  interface MuonCase {
    name: string;
    M: number[][];
    T: number[][];
    W0: number[];
    steps: number;
    W: number[][];
    source: string;
  }
  // test/reference/outside-references.json (see its README)
  const cases = (
    JSON.parse(
      readFileSync(
        new URL('../../test/reference/outside-references.json', import.meta.url),
        'utf8',
      ),
    ) as { cases: MuonCase[] }
  ).cases.filter((c) => c.name.startsWith('muon'));

  it('has the two torch cases', () => expect(cases.length).toBe(2));

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const wd = /weight_decay': ([0-9.]+)/.exec(c.source)![1]!;
    const nesterov = !/nesterov': False/.test(c.source);
    // f(W) = ½‖MW − T‖²_F, ∇f = Mᵀ(MW − T); W 4×3 row-major
    const gradW = (w: Float64Array) => {
      const g = new Float64Array(12);
      for (let r = 0; r < c.M.length; r++) {
        for (let j = 0; j < 3; j++) {
          let res = -c.T[r]![j]!;
          for (let k = 0; k < 4; k++) res += c.M[r]![k]! * w[k * 3 + j]!;
          for (let i = 0; i < 4; i++) g[i * 3 + j] = g[i * 3 + j]! + c.M[r]![i]! * res;
        }
      }
      return g;
    };
    const t = muon({
      lr: 0.02,
      weightDecay: Number(wd),
      nesterov,
      nsPrecision: 'bfloat16',
      matrices: [{ offset: 0, rows: 4, cols: 3 }],
    });
    const w = Float64Array.from(c.W0);
    const s = t.init(w);
    const rows = [Array.from(w)];
    for (let k = 0; k < c.steps; k++) {
      step(t, w, gradW(w), s);
      rows.push(Array.from(w));
    }
    expectRows(rows, c.W, 1e-12);
  });

  it('in float64 makes the steps of a transcription (the polar factor as the paper writes it)', () => {
    // one step from momentum 0: O = NS₅(G) (nesterov on a zero buffer is a
    // multiple of G, and NS₅ is invariant to positive scaling)
    const G = [0.3, -1.2, 0.5, 2, 0.1, -0.4];
    let X = [G.slice(0, 3), G.slice(3)]; // 2×3: no transpose
    const nrm = Math.hypot(...G);
    X = X.map((r) => r.map((v) => v / nrm));
    for (let s = 0; s < 5; s++) {
      const A = [0, 1].map((i) =>
        [0, 1].map((j) => X[i]!.reduce((acc, v, k) => acc + v * X[j]![k]!, 0)),
      );
      const AA = [0, 1].map((i) =>
        [0, 1].map((j) => A[i]![0]! * A[0]![j]! + A[i]![1]! * A[1]![j]!),
      );
      const B = [0, 1].map((i) => [0, 1].map((j) => -4.775 * A[i]![j]! + 2.0315 * AA[i]![j]!));
      X = [0, 1].map((i) =>
        [0, 1, 2].map((j) => 3.4445 * X[i]![j]! + B[i]![0]! * X[0]![j]! + B[i]![1]! * X[1]![j]!),
      );
    }
    const t = muon({ lr: 0.1, weightDecay: 0, matrices: [{ offset: 0, rows: 2, cols: 3 }] });
    const theta = new Float64Array(6);
    step(t, theta, Float64Array.from(G), t.init(theta));
    const flat = X.flat();
    for (let i = 0; i < 6; i++) expect(theta[i]!).toBeCloseTo(-0.1 * flat[i]!, 14);
  });

  it('muonWithAdamw leaves no element without an optimizer', () => {
    // θ = [W (2×3), b (3)]: W by Muon, b by AdamW (its first step moves every coordinate by ≈ lr)
    const t = muonWithAdamw(
      {
        lr: 0.02,
        matrices: [{ offset: 0, rows: 2, cols: 3 }],
        adamw: { lr: 0.01, weightDecay: 0 },
      },
      9,
    );
    const theta = new Float64Array(9).fill(0.5);
    const s = t.init(theta);
    const g = Float64Array.from([1, -2, 3, 0.5, 0.1, -1, 2, -3, 4]);
    step(t, theta, g, s);
    for (let i = 6; i < 9; i++) expect(Math.abs(theta[i]! - 0.5)).toBeCloseTo(0.01, 6);
    for (let i = 0; i < 6; i++) expect(theta[i]).not.toBe(0.5);
  });
});
