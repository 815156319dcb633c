/**
 * Experiment 15 — saddle points (Goodfellow et al. §8.2.3, §8.6.1; CORRECTIONS #15).
 *
 * Near a saddle the gradient is small and the Hessian has a negative eigenvalue.
 * - Gradient descent, θ ← θ − εg, multiplies the component along an eigenvector
 *   of eigenvalue λ < 0 by (1 − ελ) > 1 each step: it escapes in practice.
 * - Newton's method, θ ← θ − H⁻¹g, jumps to the critical point of the local
 *   quadratic model, which near a saddle IS the saddle: it is attracted.
 * - Regularised Newton, θ ← θ − (H + αI)⁻¹g with α > |λmin|, makes the model
 *   convex; along the negative direction the step is multiplied by
 *   −1/(λ + α) < 0 against the gradient, i.e. it moves away from the saddle.
 *
 * Two functions: the 2-D f(x, y) = x² + y⁴/4 − y²/2 (saddle at the origin with
 * H = diag(2, −1), minima at (0, ±1), f = −1/4), and an n-dimensional
 * f(θ) = ½ θᵀMθ + ¼ (θᵀθ)² with M = Q diag(−1, λ₂…λₙ) Qᵀ (λ log-spaced in
 * [0.5, 10], Q random orthogonal): saddle at 0, minima at ±v (v = Q e₁, f = −1/4).
 * The negative eigenvalue and its direction are found by Lanczos on exact
 * Hessian-vector products (diagnostics' `negativeCurvature`), and checked
 * against the construction. Gradients and Hessian-vector products come from
 * the autodiff engine (`tensorObjective`).
 */
import * as ad from '../autodiff/index.js';
import { negativeCurvature } from '../diagnostics/index.js';
import { householderQ } from '../init/orthogonal.js';
import { dot, norm } from '../linalg/index.js';
import { type Objective, tensorObjective } from '../objectives/index.js';
import { contourPlotSpec, lineChartSpec } from '../report/index.js';
import { formHessian, luSolve } from '../solvers/dense.js';
import { Tensor } from '../tensor/index.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

/** f(x, y) = x² + y⁴/4 − y²/2 as a function of the flat vector [x, y]. */
const f2 = (t: Tensor): Tensor => {
  const x = ad.slice(t, [0], [1]);
  const y = ad.slice(t, [1], [1]);
  return ad.sum(
    ad.add(ad.square(x), ad.sub(ad.mul(ad.powScalar(y, 4), 0.25), ad.mul(ad.square(y), 0.5))),
  );
};
const f2plain = (x: number, y: number) => x * x + y ** 4 / 4 - (y * y) / 2;

/** f(θ) = ½ θᵀMθ + ¼ (θᵀθ)². */
function quarticSaddle(M: Float64Array, n: number): Objective {
  const Mt = new Tensor(M, [n, n]);
  return tensorObjective((t) => {
    const col = ad.reshape(t, [n, 1]);
    const quad = ad.mul(ad.sum(ad.mul(col, ad.matmul(Mt, col))), 0.5);
    return ad.add(quad, ad.mul(ad.square(ad.sum(ad.square(t))), 0.25));
  }, n);
}

type Method = 'gd' | 'newton' | 'reg-newton';
const LABELS: Record<Method, string> = {
  gd: 'gradient descent',
  newton: 'Newton',
  'reg-newton': 'regularised Newton (H + αI)',
};

/** Runs a method for `steps` iterations; returns every iterate. */
function runMethod(
  obj: Objective,
  x0: Float64Array,
  m: Method,
  steps: number,
  lr: number,
  alpha: number,
): Float64Array[] {
  const n = obj.dim;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  const H = new Float64Array(n * n);
  const W = new Float64Array(n * n);
  const e = new Float64Array(n);
  const col = new Float64Array(n);
  const out = [Float64Array.from(x)];
  for (let k = 0; k < steps; k++) {
    obj.valueAndGrad(x, g);
    if (m === 'gd') {
      for (let i = 0; i < n; i++) x[i]! -= lr * g[i]!;
    } else {
      formHessian(obj, x, H, e, col);
      if (m === 'reg-newton') for (let i = 0; i < n; i++) H[i * n + i]! += alpha;
      for (let i = 0; i < n; i++) g[i] = -g[i]!;
      if (!luSolve(H, W, g, n)) break; // singular: stop this path
      for (let i = 0; i < n; i++) x[i]! += g[i]!;
    }
    out.push(Float64Array.from(x));
  }
  return out;
}

// ---- Settings

/** Step size of gradient descent on the 2-D saddle, its steps, and Newton's steps (both cases). */
const LR = 0.1;
const STEPS_2D = 200;
const NEWTON_STEPS = 40;

const end = (xs: Float64Array[]) => xs[xs.length - 1]!;

// ---- Compute

/** x² + y⁴/4 − y²/2: Lanczos at the saddle, and the three methods from near it. */
function twoD(ctx: ExperimentContext) {
  const lr = LR;
  const steps2 = STEPS_2D;
  const newtonSteps = NEWTON_STEPS;
  const obj2 = tensorObjective(f2, 2);
  const nc2 = negativeCurvature(obj2, [0, 0], { rng: ctx.rng.split() });
  const x02 = Float64Array.from([0.9, 0.02]);
  const alpha2 = 2 * Math.abs(nc2.eigenvalue);
  const paths2 = (['gd', 'newton', 'reg-newton'] as Method[]).map((m) => ({
    m,
    xs: runMethod(obj2, x02, m, m === 'gd' ? steps2 : newtonSteps, lr, alpha2),
  }));
  const [gd2, nt2, rn2] = paths2.map((p) => end(p.xs)) as [
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  return { obj2, nc2, x02, alpha2, paths2, gd2, nt2, rn2 };
}

/** ½θᵀMθ + ¼(θᵀθ)² with one eigenvalue −1 of M: Lanczos, and the three methods from ‖θ₀‖ = 1e-3. */
function nD(ctx: ExperimentContext) {
  const newtonSteps = NEWTON_STEPS;
  const n = ctx.quick ? 20 : 100;
  const gq = new Float64Array(n * n);
  ctx.rng.fillNormal(gq, 0, 1);
  const Q = householderQ(gq, n, n);
  const lams = [
    -1,
    ...Array.from({ length: n - 1 }, (_, i) => 0.5 * 20 ** (i / Math.max(1, n - 2))),
  ];
  const M = new Float64Array(n * n);
  for (let m = 0; m < n; m++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) M[i * n + j]! += lams[m]! * Q[i * n + m]! * Q[j * n + m]!;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) M[i * n + j] = M[j * n + i]!;
  const v = Float64Array.from({ length: n }, (_, i) => Q[i * n]!);
  const objN = quarticSaddle(M, n);
  const ncN = negativeCurvature(objN, new Float64Array(n), { rng: ctx.rng.split() });
  const cosV = Math.abs(dot(ncN.direction, v));
  const x0N = new Float64Array(n);
  ctx.rng.fillNormal(x0N, 0, 1e-3 / Math.sqrt(n));
  const alphaN = 2 * Math.abs(ncN.eigenvalue);
  const stepsN = ctx.quick ? 300 : 500;
  ctx.progress.start(3, `${n}-D saddle`);
  const pathsN = (['gd', 'newton', 'reg-newton'] as Method[]).map((m) => {
    const xs = runMethod(objN, x0N, m, m === 'gd' ? stepsN : newtonSteps, 0.09, alphaN);
    ctx.progress.tick(1, LABELS[m]);
    return { m, xs };
  });
  const ntPath = pathsN.find((p) => p.m === 'newton')!;
  const zeroK = ntPath.xs.findIndex((q) => norm(q) === 0);
  const newtonZeroAt = zeroK < 0 ? null : zeroK;
  const smallestNewton = Math.min(...ntPath.xs.map((q) => norm(q)).filter((d) => d > 0));
  const [gdN, ntN, rnN] = pathsN.map((p) => end(p.xs)) as [
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  return {
    n,
    v,
    objN,
    ncN,
    cosV,
    alphaN,
    stepsN,
    pathsN,
    newtonZeroAt,
    smallestNewton,
    gdN,
    ntN,
    rnN,
  };
}

type Outcome = ReturnType<typeof twoD> & ReturnType<typeof nD>;

// ---- Checks

const dMin = (p: Float64Array) =>
  Math.min(Math.hypot(p[0]!, p[1]! - 1), Math.hypot(p[0]!, p[1]! + 1));

function checksOf(o: Outcome): Check[] {
  const { nc2, alpha2, gd2, nt2, rn2, n, v, ncN, cosV, stepsN, gdN, ntN, rnN } = o;
  const lr = LR;
  const steps2 = STEPS_2D;
  const newtonSteps = NEWTON_STEPS;
  const atMin = (p: Float64Array) =>
    Math.min(norm(p.map((a, i) => a - v[i]!)), norm(p.map((a, i) => a + v[i]!)));
  return [
    {
      name: '2-D: the Hessian at the saddle has eigenvalues 2 and −1 (Lanczos)',
      expected: 'λmin = −1, λmax = 2 within 1e-10; direction ±(0, 1)',
      observed: `λmin ${nc2.eigenvalue.toFixed(12)}, λmax ${nc2.largest.toFixed(12)}, direction (${Array.from(nc2.direction, (v) => v.toFixed(6)).join(', ')})`,
      passed:
        Math.abs(nc2.eigenvalue + 1) < 1e-10 &&
        Math.abs(nc2.largest - 2) < 1e-10 &&
        Math.abs(Math.abs(nc2.direction[1]!) - 1) < 1e-10,
    },
    {
      name: '2-D: gradient descent escapes the saddle to a minimum',
      expected: `after ${steps2} steps (ε = ${lr}) within 1e-3 of (0, ±1), f ≈ −0.25`,
      observed: `(${gd2[0]!.toExponential(2)}, ${gd2[1]!.toFixed(6)}), f = ${f2plain(gd2[0]!, gd2[1]!).toFixed(6)}`,
      passed: dMin(gd2) < 1e-3,
    },
    {
      name: '2-D: plain Newton converges to the saddle',
      expected: `after ${newtonSteps} steps ‖θ − saddle‖ < 1e-10 (from y₀ = 0.02)`,
      observed: `‖θ‖ = ${norm(nt2).toExponential(2)}`,
      passed: norm(nt2) < 1e-10,
    },
    {
      name: `2-D: regularised Newton (α = ${alpha2}) moves away to a minimum`,
      expected: `after ${newtonSteps} steps within 1e-6 of (0, ±1) (linear rate α/(λ + α) near the minimum)`,
      observed: `(${rn2[0]!.toExponential(2)}, ${rn2[1]!.toFixed(8)})`,
      passed: dMin(rn2) < 1e-6,
    },
    {
      name: `${n}-D: Lanczos finds the negative eigenvalue and its direction`,
      expected: 'λmin = −1 within 1e-8 and |cos(d, v)| > 1 − 1e-8',
      observed: `λmin ${ncN.eigenvalue.toFixed(10)} (λmax ${ncN.largest.toFixed(4)}), |cos| = 1 − ${(1 - cosV).toExponential(1)}, ${ncN.matvecs} Hessian-vector products`,
      passed: ncN.found && Math.abs(ncN.eigenvalue + 1) < 1e-8 && cosV > 1 - 1e-8,
    },
    {
      name: `${n}-D: gradient descent escapes along the negative-curvature direction`,
      expected: `from ‖θ₀‖ = 1e-3, after ${stepsN} steps within 1e-3 of a minimum ±v`,
      observed: `distance to ±v ${atMin(gdN).toExponential(2)}, |cos(θ, v)| = ${(Math.abs(dot(gdN, v)) / norm(gdN)).toFixed(6)}`,
      passed: atMin(gdN) < 1e-3,
    },
    {
      name: `${n}-D: plain Newton converges to the saddle`,
      expected: `‖θ‖ < 1e-10 after ${newtonSteps} steps`,
      observed: `‖θ‖ = ${norm(ntN).toExponential(2)}`,
      passed: norm(ntN) < 1e-10,
    },
    {
      name: `${n}-D: regularised Newton (α = 2|λmin|) reaches a minimum`,
      expected: `within 1e-6 of ±v after ${newtonSteps} steps`,
      observed: `distance ${atMin(rnN).toExponential(2)}`,
      passed: atMin(rnN) < 1e-6,
    },
  ];
}

// ---- Tables and figures

function tablesOf(o: Outcome) {
  const { obj2, paths2, n, pathsN, objN, v, nc2, ncN } = o;
  const fOf = (obj: Objective, xs: Float64Array[]) => xs.map((x) => obj.value(x));
  const summary: ExperimentResult['summary'] = [];
  for (const [dim, paths, obj] of [
    [2, paths2, obj2],
    [n, pathsN, objN],
  ] as const) {
    for (const p of paths) {
      const last = end(p.xs);
      summary.push({
        problem: dim === 2 ? 'x² + y⁴/4 − y²/2' : `${n}-D quartic`,
        method: LABELS[p.m],
        steps: p.xs.length - 1,
        'final ‖θ − saddle‖': Number(norm(last).toPrecision(3)),
        'final f': Number(obj.value(last).toFixed(6)),
        outcome: norm(last) < 1e-6 ? 'saddle' : 'minimum',
      });
    }
  }
  const series: ExperimentResult['series'] = {};
  for (const p of paths2)
    series[`path2d-${p.m}`] = {
      step: p.xs.map((_, k) => k),
      x: p.xs.map((q) => q[0]!),
      y: p.xs.map((q) => q[1]!),
      f: fOf(obj2, p.xs),
    };
  for (const p of pathsN) {
    series[`nd-${p.m}`] = {
      step: p.xs.map((_, k) => k),
      distanceToSaddle: p.xs.map(norm),
      alongV: p.xs.map((q) => dot(q, v)),
      f: fOf(objN, p.xs),
    };
  }
  series.lanczos = {
    problem: ['2-D', `${n}-D`],
    lambdaMin: [nc2.eigenvalue, ncN.eigenvalue],
    lambdaMax: [nc2.largest, ncN.largest],
    matvecs: [nc2.matvecs, ncN.matvecs],
  };
  return { summary, series };
}

function figuresOf(o: Outcome): ExperimentResult['figures'] {
  const { x02, alpha2, nc2, paths2, n, smallestNewton, newtonZeroAt, ntN, alphaN, pathsN, stepsN } =
    o;
  const lr = LR;
  return [
    {
      name: 'paths',
      title: 'Three methods from near the saddle of x² + y⁴/4 − y²/2',
      caption: `Start (${x02[0]}, ${x02[1]}). Gradient descent (ε = ${lr}) shrinks x by 0.8× per step while the small y offset grows by 1.1× per step (1 − ελmin with λmin = −1): it escapes along the negative-curvature direction to the minimum (0, 1). Newton's method lands on the saddle (0, 0) and stays. Regularised Newton with α = ${alpha2} > |λmin| = 1 moves away to the minimum. Lanczos on exact Hessian-vector products at the saddle gives λmin = −1 with eigenvector (0, ±1), the escape direction.`,
      spec: contourPlotSpec({
        title: 'Gradient descent escapes the saddle, Newton is attracted',
        subtitle: `x² + y⁴/4 − y²/2: saddle (0, 0), minima (0, ±1); Lanczos at the saddle: λmin = ${nc2.eigenvalue.toFixed(3)}, direction (${Array.from(nc2.direction, (d) => Math.abs(d).toFixed(2)).join(', ')})`,
        f: f2plain,
        xRange: [-1, 1],
        yRange: [-1.5, 1.5],
        levelCount: 18,
        levelSpacing: 'linear',
        equalAspect: true,
        width: 440,
        paths: [
          ...paths2.map((p) => ({
            name: `${LABELS[p.m]}${p.m === 'reg-newton' ? `, α = ${alpha2}` : ''}`,
            x: p.xs.map((q) => q[0]!),
            y: p.xs.map((q) => q[1]!),
          })),
        ],
        markers: true,
        minimum: [0, 1],
        saddles: [[0, 0]],
        valueTitle: 'f(x, y)',
        xTitle: 'x',
        yTitle: 'y',
        legend: 'bottom',
      }),
    },
    {
      name: 'distance-nd',
      title: `Distance from the saddle, ${n}-D quartic`,
      caption: `‖θ‖ for f(θ) = ½θᵀMθ + ¼(θᵀθ)² (n = ${n}, one eigenvalue −1) from ‖θ₀‖ = 1e-3, over every iteration the table reports: gradient descent grows the component along the negative-curvature direction by (1 + ε) per step and settles on a minimum at distance 1; Newton converges to the saddle quadratically, leaving the bottom of the frame (its smallest non-zero distance is ${smallestNewton.toExponential(0)}), and ${newtonZeroAt === null ? `ends at ‖θ‖ = ${norm(ntN).toExponential(1)}` : `is exactly at it (‖θ‖ = 0, which a log axis cannot show) from iteration ${newtonZeroAt}: its line stops there, at the dotted mark`}; regularised Newton (α = ${alphaN.toFixed(2)}) leaves at once.`,
      spec: lineChartSpec({
        title: 'Escaping (or not) an n-dimensional saddle',
        subtitle: `n = ${n}; minima at distance 1 from the saddle`,
        series: pathsN.map((p) => ({
          name: LABELS[p.m],
          x: p.xs.map((_, k) => k),
          // ‖θ‖ = 0 cannot be drawn on a log axis: it is left out (and marked), not floored.
          y: p.xs.map((q) => norm(q)),
        })),
        xDomain: [0, stepsN],
        yDomain: [1e-18, 3],
        xTitle: 'iteration',
        yTitle: '‖θ − θ_{saddle}‖',
        logY: true,
        hlines: [{ y: 1, label: 'minima' }],
        ...(newtonZeroAt === null
          ? {}
          : { vlines: [{ x: newtonZeroAt, label: 'Newton: ‖θ‖ = 0 exactly from here' }] }),
        legend: 'bottom',
      }),
    },
  ];
}

export const saddle: Experiment = {
  name: 'saddle',
  title: 'Saddle points: gradient descent escapes, Newton is attracted',
  summary:
    'GD, Newton and regularised Newton near the saddles of x² + y⁴/4 − y²/2 and of an n-D quartic; λmin by Lanczos (DL §8.2.3)',
  description:
    "From a point near a saddle with a tiny offset along the direction of negative curvature, gradient descent amplifies that offset by (1 − ελmin) > 1 per step and escapes to a minimum; Newton's method jumps to the critical point of its quadratic model, which is the saddle, and converges to it; regularised Newton with α > |λmin| moves away (Deep Learning §8.2.3 and §8.6.1; CORRECTIONS #15: gradient descent escapes saddles in practice). The negative eigenvalue and its eigenvector are computed by Lanczos from exact Hessian-vector products. Two cases: f(x, y) = x² + y⁴/4 − y²/2 and f(θ) = ½θᵀMθ + ¼(θᵀθ)² in n dimensions with one negative eigenvalue of M.",
  expected:
    'Gradient descent escapes x² − y²-type saddles; plain Newton is attracted to them; regularised Newton (H + αI, α > |λmin|) moves away; Lanczos finds the negative eigenvalue and the escape direction.',
  async run(ctx): Promise<ExperimentResult> {
    const o: Outcome = { ...twoD(ctx), ...nD(ctx) };
    const { x02, alpha2, n, alphaN, stepsN } = o;
    const lr = LR;
    const steps2 = STEPS_2D;
    const newtonSteps = NEWTON_STEPS;
    const { summary, series } = tablesOf(o);
    return {
      settings: {
        twoD: {
          f: 'x² + y⁴/4 − y²/2',
          start: Array.from(x02),
          lr,
          alpha: alpha2,
          gdSteps: steps2,
          newtonSteps,
        },
        nD: {
          n,
          f: '½θᵀMθ + ¼(θᵀθ)²',
          spectrum: 'one −1, others log-spaced in [0.5, 10]',
          startNorm: 1e-3,
          lr: 0.09,
          alpha: alphaN,
          gdSteps: stepsN,
          newtonSteps,
        },
      },
      summary,
      series,
      checks: checksOf(o),
      figures: figuresOf(o),
    };
  },
};
