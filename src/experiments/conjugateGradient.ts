/**
 * Experiment 11 — line search, conjugate gradients and Newton on a quadratic
 * (Goodfellow et al. §8.6.2, fig 8.6; §8.6.1).
 *
 * On f(x) = ½ xᵀAx − bᵀx with A symmetric positive definite:
 * - steepest descent with an exact line search, x_{t+1} = x_t − ε_t g_t with
 *   ε_t = g_tᵀg_t / g_tᵀAg_t, makes each new gradient orthogonal to the previous
 *   direction (the minimum along a line is where the gradient is perpendicular to
 *   it), so successive directions are orthogonal and the path zig-zags;
 * - conjugate gradients, ρ_t = −g_t + β_t ρ_{t−1} with Fletcher–Reeves
 *   β_t = g_tᵀg_t / g_{t−1}ᵀg_{t−1} and the same exact line search, is linear CG:
 *   it reaches the minimum of a k-dimensional quadratic in at most k line searches;
 * - Newton's step x − A⁻¹g lands on the minimum at once.
 *
 * All three run through `minimize` (methods 'gd', 'cg', 'newton'); Powell's
 * restart test is switched off so CG keeps its conjugate directions.
 */
import { householderQ } from '../init/orthogonal.js';
import { norm } from '../linalg/index.js';
import { type Objective, quadratic } from '../objectives/index.js';
import type { Rng } from '../random/index.js';
import { contourPlotSpec, lineChartSpec } from '../report/index.js';
import { type MinimizeOptions, minimize } from '../solvers/index.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

/** A = Q diag(λ) Qᵀ with λ log-spaced from 1 to `cond` and Q a random orthogonal matrix. */
function spdMatrix(k: number, cond: number, rng: Rng): Float64Array {
  const g = new Float64Array(k * k);
  rng.fillNormal(g, 0, 1);
  const q = householderQ(g, k, k);
  const A = new Float64Array(k * k);
  for (let m = 0; m < k; m++) {
    const lam = k === 1 ? 1 : cond ** (m / (k - 1));
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) A[i * k + j]! += lam * q[i * k + m]! * q[j * k + m]!;
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) A[i * k + j] = A[j * k + i]!; // exact symmetry
  return A;
}

interface Path {
  x: Float64Array[];
  /** ‖∇f‖₂ at each iterate. */
  g: number[];
  nit: number;
}

/** Runs `minimize` and records every iterate and gradient norm (iterate 0 is x0). */
function tracked(obj: Objective, x0: Float64Array, o: MinimizeOptions): Path {
  const g0 = new Float64Array(obj.dim);
  obj.valueAndGrad(x0, g0);
  const xs = [Float64Array.from(x0)];
  const gs = [norm(g0)];
  const r = minimize(obj, x0, {
    ...o,
    callback: (info) => {
      xs.push(Float64Array.from(info.x));
      gs.push(norm(info.grad));
    },
  } as MinimizeOptions);
  return { x: xs, g: gs, nit: r.nit };
}

/** Largest |cos| between successive steps d_t = x_{t+1} − x_t, over the steps taken while ‖g‖ > 1e-8‖g₀‖. */
function maxSuccessiveCos(p: Path): number {
  let worst = 0;
  for (let t = 0; t + 2 < p.x.length && p.g[t + 1]! > 1e-8 * p.g[0]!; t++) {
    const a = p.x[t]!;
    const b = p.x[t + 1]!;
    const c = p.x[t + 2]!;
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < a.length; i++) {
      const d1 = b[i]! - a[i]!;
      const d2 = c[i]! - b[i]!;
      dot += d1 * d2;
      na += d1 * d1;
      nb += d2 * d2;
    }
    worst = Math.max(worst, Math.abs(dot) / Math.sqrt(na * nb));
  }
  return worst;
}

/** The three methods, with the options that make them the book's algorithms. */
function methods(k: number, g0inf: number): { label: string; options: MinimizeOptions }[] {
  const gtol = 1e-10 * g0inf;
  return [
    {
      label: 'steepest descent (exact line search)',
      options: { method: 'gd', lineSearch: 'exact', gtol, maxIter: 5000 },
    },
    {
      label: 'conjugate gradients (Fletcher–Reeves)',
      options: {
        method: 'cg',
        lineSearch: 'exact',
        beta: 'fr',
        restartThreshold: Number.POSITIVE_INFINITY,
        restartEvery: k + 1,
        gtol,
        maxIter: 10 * k,
      },
    },
    { label: 'Newton', options: { method: 'newton', regularize: false, gtol, maxIter: 10 } },
  ];
}

// ---- Settings

/** Condition number of the drawn 2-D quadratic. */
const COND2 = 10;
/**
 * Condition number of the k-dimensional ones. In float64, rounding delays CG's finite
 * termination on large ill-conditioned problems (κ = 100: 23 line searches for k = 20
 * instead of ≤ 20); κ = 30 keeps it within k up to k = 50.
 */
const COND_K = 30;

const dimsOf = (quick: boolean) => (quick ? [2, 10] : [2, 5, 10, 20, 50]);

// ---- Compute

/** The 2-D picture: A with eigenvalues 1 and 10, axes rotated by 30°, and the three methods from (−8, −1). */
function twoD() {
  const cond2 = COND2;
  const th = Math.PI / 6;
  const [c, s] = [Math.cos(th), Math.sin(th)];
  const A2 = [
    c * c + cond2 * s * s,
    (1 - cond2) * c * s,
    (1 - cond2) * c * s,
    s * s + cond2 * c * c,
  ];
  const q2 = quadratic(A2, [0, 0]);
  const x02 = Float64Array.from([-8, -1]);
  const runs2 = methods(2, 0).map((m) => ({
    ...m,
    path: tracked(q2, x02, { ...m.options, gtol: 1e-9 } as MinimizeOptions),
  }));
  const [sd2, cg2, nt2] = runs2 as [(typeof runs2)[0], (typeof runs2)[0], (typeof runs2)[0]];
  return { A2, x02, runs2, sd2, cg2, nt2, cos2: maxSuccessiveCos(sd2.path) };
}

type TwoD = ReturnType<typeof twoD>;

/** Line searches to reach ‖g‖ ≤ tol·‖g₀‖ (2-norm), or −1. */
const reach = (p: Path, tol: number) => p.g.findIndex((v) => v <= tol * p.g[0]!);

/** A k-dimensional quadratic (the 2-D one for k = 2) from a random start: the three methods. */
function kDim(ctx: ExperimentContext, k: number, A2: number[]) {
  const A = k === 2 ? Float64Array.from(A2) : spdMatrix(k, COND_K, ctx.rng);
  const obj = quadratic(A, new Float64Array(k));
  const x0 = new Float64Array(k);
  ctx.rng.fillNormal(x0, 0, 1);
  const g0 = new Float64Array(k);
  obj.valueAndGrad(x0, g0);
  const g0inf = Math.max(...Array.from(g0, Math.abs));
  const runs = methods(k, g0inf).map((m) => ({ ...m, path: tracked(obj, x0, m.options) }));
  const [sd, cgr, nt] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
  return {
    k,
    runs,
    sd,
    cgr,
    nt,
    cgReach: reach(cgr.path, 1e-6),
    ntReach: reach(nt.path, 1e-10),
    sdReach: reach(sd.path, 1e-8),
    sdCos: maxSuccessiveCos(sd.path),
  };
}

type KDim = ReturnType<typeof kDim>;

// ---- Checks

function checksOf(t: TwoD, ks: KDim[]): Check[] {
  const cond2 = COND2;
  const condK = COND_K;
  const { sd2, cos2 } = t;
  return [
    {
      name: 'steepest descent on the drawn 2-D path: successive directions are orthogonal',
      expected: 'max |cos(d_t, d_{t+1})| < 1e-8',
      observed: `${cos2.toExponential(2)} over ${sd2.path.nit} steps from (-8, -1)`,
      passed: cos2 < 1e-8 && sd2.path.nit > 10,
    },
    ...ks.flatMap(({ k, cgr, nt, sd, cgReach, ntReach, sdCos }) => [
      {
        name: `CG reaches the minimum of a ${k}-dimensional quadratic in ≤ ${k} line searches`,
        expected: `‖g‖ ≤ 1e-6‖g₀‖ after at most ${k} line searches (condition number ${k === 2 ? cond2 : condK})`,
        observed: cgReach < 0 ? `not reached in ${cgr.path.nit}` : `${cgReach} line searches`,
        passed: cgReach >= 1 && cgReach <= k,
      },
      {
        name: `Newton solves the ${k}-dimensional quadratic in one step`,
        expected: '‖g₁‖ ≤ 1e-10‖g₀‖',
        observed: `‖g₁‖/‖g₀‖ = ${(nt.path.g[1]! / nt.path.g[0]!).toExponential(2)}`,
        passed: ntReach === 1,
      },
      {
        name: `steepest descent (${k}-D, random start): successive directions are orthogonal`,
        expected: 'max |cos(d_t, d_{t+1})| < 1e-8',
        observed: `${sdCos.toExponential(2)} over ${sd.path.nit} steps`,
        passed: sdCos < 1e-8,
      },
    ]),
  ];
}

// ---- Tables and figures

function summaryOf(ks: KDim[]): ExperimentResult['summary'] {
  return ks.map(({ k, sd, cgReach, ntReach, sdReach, sdCos }) => ({
    k,
    'condition number': k === 2 ? COND2 : COND_K,
    'SD steps to 1e-8': sdReach < 0 ? `> ${sd.path.nit}` : sdReach,
    'CG steps to 1e-6': cgReach,
    'Newton steps to 1e-10': ntReach,
    'SD max |cos|': Number(sdCos.toExponential(2)),
  }));
}

function seriesOf(t: TwoD, ks: KDim[]): ExperimentResult['series'] {
  const series: ExperimentResult['series'] = {};
  for (const r of t.runs2) {
    series[`path2d-${r.options.method}`] = {
      iteration: r.path.x.map((_, t) => t),
      x: r.path.x.map((p) => p[0]!),
      y: r.path.x.map((p) => p[1]!),
      gradNorm: r.path.g,
    };
  }
  for (const { k, runs } of ks) {
    series[`convergence-k${k}`] = {
      method: runs.flatMap((r) => r.path.g.map(() => r.options.method)),
      iteration: runs.flatMap((r) => r.path.g.map((_, t) => t)),
      gradNorm: runs.flatMap((r) => r.path.g),
    };
  }
  return series;
}

function figuresOf(t: TwoD, ks: KDim[]): ExperimentResult['figures'] {
  const cond2 = COND2;
  const condK = COND_K;
  const { A2, runs2, sd2, cg2, nt2 } = t;
  const k10 = ks.find((r) => r.k === 10);
  const conv10 = k10 ? k10.runs.map((r) => ({ label: r.label, g: r.path.g })) : [];
  const maxIt =
    Math.max(...conv10.filter((r) => !r.label.startsWith('steepest')).map((r) => r.g.length)) * 6;
  return [
    {
      name: 'paths',
      title: 'Steepest descent zig-zags, CG and Newton do not',
      caption: `f(x) = ½ xᵀAx with eigenvalues 1 and ${cond2}, axes rotated by 30°, from (−8, −1). Steepest descent with exact line searches turns by 90° at every step; CG's first step is the same steepest-descent step, then it reaches the minimum in 2 line searches, Newton in 1 step.`,
      spec: contourPlotSpec({
        title: 'Exact line searches on a 2-D quadratic',
        subtitle: `eigenvalues 1 and ${cond2}; ${sd2.path.nit} steepest-descent steps, ${cg2.path.nit} CG steps, ${nt2.path.nit} Newton step`,
        f: (x, y) => 0.5 * (A2[0]! * x * x + 2 * A2[1]! * x * y + A2[3]! * y * y),
        xRange: [-9, 3],
        yRange: [-4, 4],
        equalAspect: true,
        width: 560,
        levelCount: 14,
        paths: runs2.map((r) => ({
          name: r.label,
          x: r.path.x.map((p) => p[0]!),
          y: r.path.x.map((p) => p[1]!),
        })),
        minimum: [0, 0],
        xTitle: 'x₁',
        yTitle: 'x₂',
        legend: 'bottom',
      }),
    },
    {
      name: 'convergence-k10',
      title: 'Gradient norm against iteration, k = 10',
      caption: `A 10-dimensional quadratic with condition number ${condK}: CG's gradient falls to rounding level after at most 10 line searches, Newton's after one step, while steepest descent creeps (shown up to ${maxIt} iterations).`,
      spec: lineChartSpec({
        title: 'Convergence on a 10-dimensional quadratic',
        subtitle: `condition number ${condK}, exact line searches`,
        series: conv10.map((r) => {
          const g = r.g.slice(0, maxIt + 1);
          return { name: r.label, x: g.map((_, t) => t), y: g };
        }),
        xTitle: 'iteration (line searches)',
        yTitle: '‖∇f‖₂',
        logY: true,
        points: true,
        legend: 'bottom',
      }),
    },
  ];
}

export const conjugateGradient: Experiment = {
  name: 'conjugate-gradient',
  title: 'Steepest descent, conjugate gradients and Newton on a quadratic',
  summary:
    'Exact-line-search steepest descent zig-zags; CG needs ≤ k line searches on a k-dimensional quadratic; Newton one step (DL fig 8.6)',
  description:
    "On quadratics f(x) = ½ xᵀAx with A = Q diag(λ) Qᵀ (λ log-spaced from 1 to the condition number, Q random orthogonal), steepest descent with an exact line search, nonlinear CG with Fletcher–Reeves β and exact line searches (which is linear CG on a quadratic), and Newton's method are run to ‖g‖ ≤ 1e-10‖g₀‖ (Deep Learning §8.6.1–8.6.2, fig 8.6). The 2-D case is drawn; higher dimensions count line searches. The finite termination of CG holds in exact arithmetic; in float64 rounding delays it on large ill-conditioned problems (with condition number 100, k = 20 needs 23 line searches to reach 1e-6), so the k-dimensional quadratics here have condition number 30.",
  expected:
    'Successive steepest-descent directions are orthogonal (zig-zag); CG reaches the minimum of a k-dimensional quadratic in at most k line searches; Newton in one step.',
  async run(ctx): Promise<ExperimentResult> {
    const dims = dimsOf(ctx.quick);
    const t = twoD();
    ctx.progress.start(dims.length, 'quadratics');
    const ks = dims.map((k) => {
      const r = kDim(ctx, k, t.A2);
      ctx.progress.tick(1, `k = ${k}`);
      return r;
    });
    return {
      settings: {
        twoD: { eigenvalues: [1, COND2], rotationDeg: 30, start: Array.from(t.x02) },
        dims,
        conditionNumber: COND_K,
        gtol: '1e-10·‖g₀‖∞',
      },
      summary: summaryOf(ks),
      series: seriesOf(t, ks),
      checks: checksOf(t, ks),
      figures: figuresOf(t, ks),
    };
  },
};
