/**
 * Experiment 16 — coordinate descent on a coupled quadratic (Goodfellow et al.
 * §8.7.2):
 *
 *   f(x) = (x₁ − x₂)² + a(x₁² + x₂²),   a > 0.
 *
 * Minimising exactly over one coordinate with the other fixed gives
 * x₁ ← x₂/(1 + a), then x₂ ← x₁/(1 + a): each sweep shrinks the iterate by
 * 1/(1 + a)² once it is on the diagonal, so reaching ‖x‖ ≤ tol·‖x₀‖ takes about
 *
 *   n(a) ≈ ln(1/tol) / (2 ln(1 + a)) ≈ ln(1/tol) / (2a)   sweeps,
 *
 * which grows like 1/a: the first term couples the coordinates strongly and the
 * method can only creep along the valley x₁ = x₂. Newton's method, x − H⁻¹∇f,
 * solves this quadratic in one step whatever a is.
 *
 * Runs through `minimize` ('coordinate-descent' with exact line searches, which
 * on a quadratic with blocks of one coordinate is exact coordinate minimisation;
 * 'newton').
 */
import { linearFit } from '../linalg/index.js';
import { quadratic } from '../objectives/index.js';
import { contourPlotSpec, lineChartSpec } from '../report/index.js';
import { minimize } from '../solvers/index.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

/** f = ½ xᵀAx with A = [[2 + 2a, −2], [−2, 2 + 2a]]. */
const objectiveFor = (a: number) => quadratic([2 + 2 * a, -2, -2, 2 + 2 * a], [0, 0]);
const fValue = (a: number, x: number, y: number) => (x - y) ** 2 + a * (x * x + y * y);

interface CdRun {
  a: number;
  sweeps: number;
  /** Iterates after each coordinate update (2 per sweep), starting with x₀. */
  steps: [number, number][];
  /** ‖x‖/‖x₀‖ after each sweep (index 0 = start). */
  dist: number[];
}

function runCd(a: number, x0: [number, number], tol: number, keepSteps: boolean): CdRun {
  const n0 = Math.hypot(...x0);
  const dist = [1];
  const steps: [number, number][] = [x0];
  const r = minimize(objectiveFor(a), x0, {
    method: 'coordinate-descent',
    lineSearch: 'exact',
    gtol: 0,
    maxIter: 1_000_000,
    callback: (info) => {
      const [x, y] = [info.x[0]!, info.x[1]!];
      if (keepSteps) {
        // The sweep updated x₁ then x₂: the intermediate point has the new x₁ and the old x₂.
        const prev = steps[steps.length - 1]!;
        steps.push([x, prev[1]], [x, y]);
      }
      dist.push(Math.hypot(x, y) / n0);
      return dist[dist.length - 1]! <= tol ? 'stop' : undefined;
    },
  });
  return { a, sweeps: r.nit, steps, dist };
}

// ---- Settings

const TOL = 1e-6;
const X0: [number, number] = [2, 1.6];
/** The value of a whose path is drawn. */
const A_PATH = 0.1;

const asOf = (quick: boolean) =>
  quick ? [1, 0.1, 0.01, 0.001] : [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001];

/** Theory: after the first sweep lands on the diagonal, each sweep scales x by 1/(1 + a)². */
const theory = (a: number) => Math.log(1 / TOL) / (2 * Math.log(1 + a));
/**
 * Exactly: sweep n ends at (x₂⁰/(1 + a)^(2n−1), x₂⁰/(1 + a)^(2n)), so the first n with
 * |x₂⁰|·√(1 + (1 + a)⁻²)/(1 + a)^(2n−1) ≤ tol·‖x₀‖ is the count to expect.
 */
const exact = (a: number) => {
  const q = 1 + a;
  const c = (Math.abs(X0[1]) * Math.sqrt(1 + q ** -2)) / (TOL * Math.hypot(...X0));
  return Math.max(1, Math.ceil((Math.log(c) / Math.log(q) + 1) / 2));
};

// ---- Compute

/** Exact cyclic coordinate descent for every a (the path kept for A_PATH), and one Newton step each. */
function compute(ctx: ExperimentContext, as: number[]) {
  const tol = TOL;
  const x0 = X0;
  const aPath = A_PATH;
  ctx.progress.start(as.length, 'values of a');
  const runs = as.map((a) => {
    const r = runCd(a, x0, tol, a === aPath);
    ctx.progress.tick(1, `a = ${a}: ${r.sweeps} sweeps`);
    return r;
  });
  const newtons = as.map((a) => {
    const r = minimize(objectiveFor(a), x0, {
      method: 'newton',
      regularize: false,
      gtol: 0,
      maxIter: 1,
    });
    return { a, dist: Math.hypot(r.x[0]!, r.x[1]!) / Math.hypot(...x0), nit: r.nit };
  });
  return { runs, newtons };
}

type Outcome = ReturnType<typeof compute> & { as: number[] };

// ---- Checks

function checksOf({ runs, newtons, as }: Outcome): Check[] {
  const sweeps = runs.map((r) => r.sweeps);
  // Least-squares slope of log(sweeps) against log(a).
  const { slope } = linearFit(as.map(Math.log), sweeps.map(Math.log));
  return [
    {
      name: 'coordinate descent needs more sweeps as a shrinks',
      expected: 'sweeps strictly increase as a decreases',
      observed: runs.map((r) => `a=${r.a}: ${r.sweeps}`).join(', '),
      passed: sweeps.every((s, i) => i === 0 || s > sweeps[i - 1]!),
    },
    {
      name: 'sweeps grow like 1/a',
      expected: 'log-log slope of sweeps against a in [−1.1, −0.85] (1/ln(1 + a) → −1 as a → 0)',
      observed: slope.toFixed(3),
      passed: slope >= -1.1 && slope <= -0.85,
    },
    {
      name: 'sweeps match the contraction 1/(1 + a)² per sweep',
      expected:
        'sweeps = first n with |x₂⁰|·√(1 + (1+a)⁻²)/(1+a)^(2n−1) ≤ tol·‖x₀‖ (±1 for rounding)',
      observed: runs.map((r) => `${r.sweeps} vs ${exact(r.a)}`).join(', '),
      passed: runs.every((r) => Math.abs(r.sweeps - exact(r.a)) <= 1),
    },
    {
      name: 'Newton solves it in one step for every a',
      expected: '‖x₁‖ ≤ 1e-12‖x₀‖ after one Newton step',
      observed: newtons.map((n) => `a=${n.a}: ${n.dist.toExponential(1)}`).join(', '),
      passed: newtons.every((n) => n.nit === 1 && n.dist <= 1e-12),
    },
  ];
}

// ---- Tables and figures

function figuresOf({ runs, newtons, as }: Outcome): ExperimentResult['figures'] {
  const x0 = X0;
  const aPath = A_PATH;
  const sweeps = runs.map((r) => r.sweeps);
  const pathRun = runs.find((r) => r.a === aPath)!;
  const newtonPath = minimize(objectiveFor(aPath), x0, {
    method: 'newton',
    regularize: false,
    gtol: 0,
    maxIter: 1,
  });
  const shownRuns = runs.filter((r) => [1, 0.1, 0.01, 0.001].includes(r.a));
  return [
    {
      name: 'paths',
      title: `Coordinate descent and Newton, a = ${aPath}`,
      caption: `Each coordinate step moves parallel to an axis to the exact minimum along it; on the valley x₁ = x₂ the steps shrink by 1/(1 + a) each, so reaching ‖x‖ ≤ 1e-6‖x₀‖ takes ${pathRun.sweeps} sweeps. Newton's step goes straight to the minimum.`,
      spec: contourPlotSpec({
        title: `Coordinate descent on (x₁ − x₂)² + ${aPath}(x₁² + x₂²)`,
        subtitle: `${pathRun.sweeps} sweeps of exact coordinate minimisation vs one Newton step`,
        f: (x, y) => fValue(aPath, x, y),
        xRange: [-0.3, 2.2],
        yRange: [-0.3, 1.8],
        equalAspect: true,
        width: 560,
        levelCount: 16,
        paths: [
          {
            name: 'coordinate descent (exact)',
            x: pathRun.steps.map((p) => p[0]),
            y: pathRun.steps.map((p) => p[1]),
          },
          { name: 'Newton', x: [x0[0], newtonPath.x[0]!], y: [x0[1], newtonPath.x[1]!] },
        ],
        markers: true,
        minimum: [0, 0],
        xTitle: 'x₁',
        yTitle: 'x₂',
        legend: 'bottom',
      }),
    },
    {
      name: 'sweeps-vs-a',
      title: 'Sweeps to convergence against a',
      caption: `Sweeps of exact coordinate descent to reach ‖x‖ ≤ 1e-6‖x₀‖ from (${x0.join(', ')}), and the prediction ln(10⁶)/(2 ln(1 + a)); the slope tends to −1 on the log-log scale (sweeps ∝ 1/a). Newton needs one step for every a.`,
      spec: lineChartSpec({
        title: 'Coordinate descent slows down like 1/a',
        subtitle: 'sweeps to reach ‖x‖ ≤ 1e-6·‖x₀‖',
        series: [
          { name: 'coordinate descent (measured)', x: as, y: sweeps },
          { name: 'theory ln(10⁶)/(2 ln(1 + a))', x: as, y: as.map(theory), dashed: true },
          { name: 'Newton', x: as, y: newtons.map((n) => n.nit) },
        ],
        xTitle: 'a',
        yTitle: 'iterations (sweeps)',
        yDomain: [0.5, 2 * Math.max(...sweeps)],
        logX: true,
        logY: true,
        points: true,
        legend: 'bottom',
      }),
    },
    {
      name: 'distance',
      title: 'Distance to the minimum per sweep',
      caption:
        'Relative distance ‖x‖/‖x₀‖ after each sweep: a straight line on the log scale with slope 2 log₁₀(1/(1 + a)) per sweep.',
      spec: lineChartSpec({
        title: 'Coordinate descent: distance to the minimum',
        subtitle: 'one curve per a',
        series: shownRuns.map((r) => ({
          name: `a = ${r.a}`,
          x: r.dist.map((_, k) => k),
          y: r.dist,
        })),
        xTitle: 'sweep',
        yTitle: '‖x‖ / ‖x₀‖',
        logY: true,
        logX: false,
        legend: 'bottom',
      }),
    },
  ];
}

export const coordinateDescent: Experiment = {
  name: 'coordinate-descent',
  title: 'Coordinate descent on f = (x₁ − x₂)² + a(x₁² + x₂²)',
  summary:
    'Exact coordinate minimisation needs ~1/a sweeps on a coupled quadratic; Newton one step (DL §8.7.2)',
  description:
    "Coordinate descent minimises over one variable at a time. On f(x) = (x₁ − x₂)² + a(x₁² + x₂²) the two variables are strongly coupled when a is small: each exact coordinate step moves only to x₁ = x₂/(1 + a) or x₂ = x₁/(1 + a), so the iterate creeps down the valley x₁ = x₂ and the number of sweeps grows like 1/a (Deep Learning §8.7.2). Newton's method solves the quadratic in one step.",
  expected: 'Coordinate descent is slow for small a (sweeps ∝ 1/a); Newton solves it in one step.',
  async run(ctx): Promise<ExperimentResult> {
    const as = asOf(ctx.quick);
    const o: Outcome = { ...compute(ctx, as), as };
    const { runs, newtons } = o;
    const sweeps = runs.map((r) => r.sweeps);
    const pathRun = runs.find((r) => r.a === A_PATH)!;
    const aPath = A_PATH;
    const checks = checksOf(o);
    return {
      settings: {
        start: X0,
        tol: `‖x‖ ≤ ${TOL}·‖x₀‖`,
        a: as,
        lineSearch: 'exact',
        order: 'cyclic',
      },
      summary: runs.map((r, i) => ({
        a: r.a,
        'CD sweeps': r.sweeps,
        'exact count': exact(r.a),
        'ln(1/tol)/(2 ln(1+a))': Number(theory(r.a).toFixed(1)),
        'Newton steps': newtons[i]!.nit,
        'Newton ‖x₁‖/‖x₀‖': Number(newtons[i]!.dist.toExponential(2)),
      })),
      series: {
        sweeps: { a: as, sweeps, theory: as.map(theory) },
        [`path-a${aPath}`]: {
          x1: pathRun.steps.map((p) => p[0]),
          x2: pathRun.steps.map((p) => p[1]),
        },
        distance: {
          a: runs.flatMap((r) => r.dist.map(() => r.a)),
          sweep: runs.flatMap((r) => r.dist.map((_, k) => k)),
          relativeDistance: runs.flatMap((r) => r.dist),
        },
      },
      checks,
      figures: figuresOf(o),
    };
  },
};
