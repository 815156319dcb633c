/**
 * Edge of stability (Cohen, Kaur, Li, Kolter & Talwalkar, "Gradient Descent on
 * Neural Networks Typically Occurs at the Edge of Stability", ICLR 2021): full-
 * batch gradient descent θ ← θ − η∇L(θ) on a tanh MLP (two spirals, MSE loss on
 * one-hot targets). On a
 * quadratic, GD diverges once λmax(H) > 2/η; on networks the sharpness λmax
 * first rises during training (progressive sharpening) until it reaches 2/η,
 * then hovers just above it while the loss keeps falling, non-monotonically.
 *
 * λmax is computed exactly from Hessian-vector products (Lanczos) every few
 * steps, for two step sizes, and drawn against 2/η (Cohen et al. fig 1).
 */
import { spirals } from '../data/index.js';
import { hessianOperator, lanczosExtremes } from '../diagnostics/index.js';
import { sortedAscending, upperMedian } from '../linalg/index.js';
import { type MlpProblem, problemObjective } from '../objectives/index.js';
import { Rng } from '../random/index.js';
import { lineChartSpec } from '../report/index.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

interface Run {
  lr: number;
  steps: number[];
  loss: number[];
  sharpStep: number[];
  sharpness: number[];
}

// ---- Settings

interface Setting {
  perClass: number;
  hidden: number;
  /** 2/η = c·λ₀ for each factor c: every run starts below its edge and must sharpen by c to reach it. */
  factors: number[];
  steps: number;
  /** Steps between sharpness measurements, and Lanczos steps per measurement. */
  every: number;
  lanczos: number;
}

const QUICK: Setting = {
  perClass: 100,
  hidden: 32,
  factors: [1.5, 2.5],
  steps: 1000,
  every: 25,
  lanczos: 20,
};
const FULL: Setting = {
  perClass: 200,
  hidden: 64,
  factors: [1.5, 2.5, 4],
  steps: 6000,
  every: 40,
  lanczos: 30,
};

/** Two spirals, the tanh MLP with MSE loss, θ₀, its sharpness λ₀ and the step sizes set from it. */
function problem(ctx: ExperimentContext, cfg: Setting) {
  const data = spirals({
    rng: new Rng(ctx.rng.int(2 ** 31)),
    perClass: cfg.perClass,
    classes: 2,
    noise: 0.1,
  });
  const f = data.features;
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < data.n; i++) {
    inputs.push(Array.from(data.x.subarray(i * f, (i + 1) * f)));
    targets.push(Array.from({ length: data.classes }, (_, c) => (c === data.y[i] ? 1 : 0)));
  }
  const spec: MlpProblem = {
    name: 'mlp',
    sizes: [f, cfg.hidden, data.classes],
    activation: 'tanh',
    loss: 'mse',
    inputs,
    targets,
  };
  const layers = [
    [f, cfg.hidden],
    [cfg.hidden, cfg.hidden],
    [cfg.hidden, data.classes],
  ] as const;
  spec.sizes = [f, cfg.hidden, cfg.hidden, data.classes];
  const n = layers.reduce((a, [i, o]) => a + i * o + o, 0);
  const objective = problemObjective(spec, n);
  const init = new Rng(ctx.rng.int(2 ** 31));
  const theta0 = new Float64Array(n);
  // LeCun-normal weights, zero biases
  let off = 0;
  for (const [nin, nout] of layers) {
    for (let i = 0; i < nin * nout; i++) theta0[off + i] = init.normal() / Math.sqrt(nin);
    off += nin * nout + nout;
  }
  const lambda0 = lanczosExtremes(hessianOperator(objective, theta0), {
    k: 1,
    maxSteps: cfg.lanczos,
    rng: new Rng(1),
  }).largest[0]!;
  const lrs = cfg.factors.map((c) => 2 / (c * lambda0));
  return { objective, theta0, n, lambda0, lrs };
}

type Problem = ReturnType<typeof problem>;

// ---- Compute

/** Full-batch gradient descent at step size lr, the sharpness measured every `every` steps. */
function descend(
  ctx: ExperimentContext,
  cfg: Setting,
  { objective, theta0, n }: Problem,
  lr: number,
): Run {
  const theta = Float64Array.from(theta0);
  const g = new Float64Array(n);
  const r: Run = { lr, steps: [], loss: [], sharpStep: [], sharpness: [] };
  for (let k = 0; k <= cfg.steps; k++) {
    const loss = objective.valueAndGrad(theta, g);
    r.steps.push(k);
    r.loss.push(loss);
    if (k % cfg.every === 0) {
      const op = hessianOperator(objective, theta);
      const e = lanczosExtremes(op, { k: 1, maxSteps: cfg.lanczos, rng: new Rng(k + 1) });
      r.sharpStep.push(k);
      r.sharpness.push(e.largest[0]!);
    }
    if (k === cfg.steps) break;
    for (let i = 0; i < n; i++) theta[i] = theta[i]! - lr * g[i]!;
    ctx.progress.tick();
  }
  ctx.log(
    `η = ${lr.toPrecision(3)}: λmax ${r.sharpness[0]!.toFixed(2)} → ${r.sharpness.at(-1)!.toFixed(2)} (2/η = ${(2 / lr).toFixed(1)})`,
  );
  return r;
}

/** Where a run reaches 0.9·2/η, and how its sharpness and loss behave after. */
function atTheEdge(r: Run) {
  const edge = 2 / r.lr;
  const reach = r.sharpness.findIndex((s) => s >= 0.9 * edge);
  const after = reach >= 0 ? sortedAscending(r.sharpness.slice(reach)) : [];
  const median = upperMedian(after);
  const top = after.length ? after[after.length - 1]! : Number.NaN;
  const lossAtEdge = reach >= 0 ? r.loss[r.sharpStep[reach]!]! : Number.NaN;
  const lossEnd = r.loss.at(-1)!;
  return { edge, reach, median, top, lossAtEdge, lossEnd };
}

// ---- Checks

function checksOf(runs: Run[]): Check[] {
  return runs.flatMap((r) => {
    const { edge, reach, median, top, lossAtEdge, lossEnd } = atTheEdge(r);
    return [
      {
        name: `η = ${r.lr.toPrecision(3)}: sharpening to the edge`,
        expected: `λmax starts below 2/η = ${edge.toFixed(1)} and reaches ≥ 0.9·2/η`,
        observed: `start ${r.sharpness[0]!.toFixed(2)}, ${reach >= 0 ? `reached at step ${r.sharpStep[reach]}` : `max ${Math.max(...r.sharpness).toFixed(2)}`}`,
        passed: r.sharpness[0]! < edge && reach >= 0,
      },
      {
        name: `η = ${r.lr.toPrecision(3)}: hovering at 2/η`,
        expected:
          'after reaching it, λmax hovers at 2/η: median within [0.85, 1.15]·2/η, never above 1.5·2/η',
        observed: `median ${(median / edge).toFixed(2)}·2/η, max ${(top / edge).toFixed(2)}·2/η`,
        passed: reach >= 0 && Math.abs(median / edge - 1) <= 0.15 && top <= 1.5 * edge,
      },
      {
        name: `η = ${r.lr.toPrecision(3)}: the loss keeps falling at the edge`,
        expected: 'final loss below the loss when the edge was reached',
        observed: `${lossAtEdge.toPrecision(4)} → ${lossEnd.toPrecision(4)}`,
        passed: reach >= 0 && lossEnd < lossAtEdge,
      },
    ];
  });
}

// ---- Tables and figures

function summaryOf(runs: Run[]): ExperimentResult['summary'] {
  return runs.map((r) => {
    const { edge, reach, lossEnd } = atTheEdge(r);
    return {
      lr: r.lr,
      'two over lr': edge,
      'λmax start': r.sharpness[0]!,
      'λmax end': r.sharpness.at(-1)!,
      'edge reached at step': reach >= 0 ? r.sharpStep[reach]! : null,
      'loss end': lossEnd,
    };
  });
}

function seriesOf(runs: Run[]): ExperimentResult['series'] {
  const series: ExperimentResult['series'] = {};
  for (const r of runs) {
    series[`sharpness-lr${r.lr.toPrecision(3)}`] = { step: r.sharpStep, sharpness: r.sharpness };
    series[`loss-lr${r.lr.toPrecision(3)}`] = { step: r.steps, loss: r.loss };
  }
  return series;
}

function figuresOf(runs: Run[]): ExperimentResult['figures'] {
  return [
    {
      name: 'sharpness',
      title: 'Sharpness λmax against 2/η (dashed)',
      caption:
        'Full-batch GD; λmax from Lanczos on exact Hessian-vector products. Dashed lines: 2/η of the run of the same colour.',
      spec: lineChartSpec({
        title: 'Sharpness λmax against 2/η (dashed)',
        series: runs.map((r) => ({
          name: `η = ${r.lr.toPrecision(3)}`,
          x: r.sharpStep,
          y: r.sharpness,
        })),
        hlines: runs.map((r) => ({ y: 2 / r.lr, label: `2/η = ${(2 / r.lr).toFixed(0)}` })),
        xTitle: 'step',
        yTitle: 'λmax of the Hessian',
      }),
    },
    {
      name: 'loss',
      title: 'Training loss under full-batch GD',
      spec: lineChartSpec({
        title: 'Training loss under full-batch GD',
        series: runs.map((r) => ({
          name: `η = ${r.lr.toPrecision(3)}`,
          x: r.steps,
          y: r.loss,
        })),
        xTitle: 'step',
        yTitle: 'training loss (MSE)',
        logY: true,
      }),
    },
  ];
}

export const edgeOfStability: Experiment = {
  name: 'edge-of-stability',
  title: 'Edge of stability: sharpness under full-batch gradient descent',
  summary:
    'Full-batch GD on a tanh MLP (two spirals, MSE): λmax of the Hessian rises to 2/η and hovers there while the loss keeps falling (Cohen et al. 2021)',
  description:
    'Cohen et al. (2021): classical optimisation theory says gradient descent with step η is stable only while the sharpness λmax(∇²L) stays below 2/η. Training a network with full-batch GD, they found the sharpness rising during training (progressive sharpening) until it reaches 2/η, after which it hovers at or just above 2/η — the edge of stability — while the loss goes on decreasing over long horizons, though not monotonically. Here a tanh MLP is trained on two spirals with the MSE loss on one-hot targets (as in their experiments), λmax computed every few steps by Lanczos from exact Hessian-vector products. The step sizes are set from the initial sharpness λ₀ so that 2/η is 1.5 and 2.5 (and 4 in the full run) times λ₀: each run has to sharpen by that factor to reach its edge.',
  expected:
    'For each step size, λmax starts below 2/η, rises to it, and then stays near 2/η (within a band, not growing past it) for the rest of training, while the training loss at the end is below the loss when the edge was reached.',
  async run(ctx): Promise<ExperimentResult> {
    const cfg = ctx.quick ? QUICK : FULL;
    const p = problem(ctx, cfg);
    const { lambda0, lrs } = p;
    ctx.progress.start(lrs.length * cfg.steps, 'gradient descent');
    const runs = lrs.map((lr) => descend(ctx, cfg, p, lr));
    ctx.progress.stop();
    return {
      settings: { ...cfg, data: 'two spirals', loss: 'mse', activation: 'tanh', lambda0, lrs },
      summary: summaryOf(runs),
      series: seriesOf(runs),
      checks: checksOf(runs),
      figures: figuresOf(runs),
    };
  },
};
