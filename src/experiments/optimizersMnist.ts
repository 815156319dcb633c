/**
 * Experiment 2 — optimizers on MNIST (DLFS §6.1.8, fig 6-9,
 * `ch06/optimizer_compare_mnist.py`). A 784-100-100-100-100-10 ReLU network
 * with DLFS He initialisation N(0, 2/n_in) is trained for 2000 iterations of
 * batch 128 by each of SGD (lr 0.01), Momentum (lr 0.01, α 0.9), AdaGrad
 * (lr 0.01, DLFS form: θ ← θ − lr g/(√h + 1e-7)) and Adam (lr 0.001, DLFS
 * form with the folded bias correction and ε = 1e-7 — `dlfsAdam`).
 *
 * As in DLFS every optimizer sees the SAME minibatch at each iteration (drawn
 * with replacement by one sampler seed), and here they also start from the
 * same θ₀ (DLFS draws a fresh network per optimizer). The training loss of
 * every update is recorded and drawn after DLFS's `smooth_curve` (Kaiser
 * window of 11).
 *
 * Quick form: batch 32 and 150 iterations — the early part of the race, where
 * the order is already set; absolute late-loss bands are checked only in the
 * full form.
 */
import { mlp } from '../nn/index.js';
import {
  dlfsAdagrad,
  dlfsAdam,
  momentum,
  type Optimizer,
  sgd,
  type Transform,
} from '../optim/index.js';
import { lineChartSpec } from '../report/index.js';
import { fx, loadMnist, lossCurve, tailMean } from './mnistCommon.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

const SIZES = [784, 100, 100, 100, 100, 10];

interface Method {
  key: string;
  label: string;
  make: () => Transform<unknown> | Optimizer;
  hyper: Record<string, number | string>;
}

const METHODS: Method[] = [
  { key: 'sgd', label: 'SGD', make: () => sgd({ lr: 0.01 }), hyper: { lr: 0.01 } },
  {
    key: 'momentum',
    label: 'Momentum',
    make: () => momentum({ lr: 0.01, momentum: 0.9 }),
    hyper: { lr: 0.01, momentum: 0.9 },
  },
  {
    key: 'adagrad',
    label: 'AdaGrad',
    make: () => dlfsAdagrad({ lr: 0.01 }),
    hyper: { lr: 0.01, variant: 'DLFS (1e-7 outside √)' },
  },
  {
    key: 'adam',
    label: 'Adam',
    make: () => dlfsAdam({ lr: 0.001 }),
    hyper: { lr: 0.001, b1: 0.9, b2: 0.999, variant: 'DLFS (folded lr_t, ε 1e-7)' },
  },
];

// ---- Settings

const settingsOf = (quick: boolean) => ({
  iterations: quick ? 150 : 2000,
  batchSize: quick ? 32 : 128,
});

type Setting = ReturnType<typeof settingsOf>;

interface Run {
  m: Method;
  loss: number[];
  smooth: Float64Array;
  test: number;
}

// ---- Compute

/** Every optimizer from the same initial weights on the same minibatches: loss per iteration, test accuracy. */
async function trainAll(
  ctx: ExperimentContext,
  st: Setting,
  data: ReturnType<typeof loadMnist>,
  samplerSeed: number,
  initSeed: number,
): Promise<Run[]> {
  const { iterations, batchSize } = st;
  const runs: Run[] = [];
  for (const m of METHODS) {
    const model = mlp({ sizes: SIZES, activation: 'relu', init: 'he', seed: initSeed });
    const { loss, smooth, test } = await lossCurve(
      ctx,
      data,
      model,
      m.make() as Transform<unknown>,
      { label: m.label, iterations, batchSize, samplerSeed },
    );
    runs.push({ m, loss, smooth, test });
    ctx.log(
      `${m.label}: last-10% smoothed loss ${fx(tailMean(smooth, 0.1))}, test accuracy ${fx(test)}`,
    );
  }
  return runs;
}

const late = (r: Run) => tailMean(r.smooth, 0.1);

// ---- Checks

function checksOf(runs: Run[], st: Setting, quick: boolean): Check[] {
  const { iterations } = st;
  const early = (r: Run) =>
    r.smooth.slice(0, Math.max(1, Math.round(iterations * 0.05))).reduce((a, b) => a + b, 0) /
    Math.max(1, Math.round(iterations * 0.05));
  const sgdRun = runs[0]!;
  const others = runs.slice(1);
  const worstOther = Math.max(...others.map(late));
  const checks: Check[] = [
    {
      name: 'every optimizer lowers the training loss',
      expected:
        'mean smoothed loss of the last 10% < that of the first 5% of iterations, for all four',
      observed: runs.map((r) => `${r.m.label} ${fx(early(r), 2)}→${fx(late(r))}`).join(', '),
      passed: runs.every((r) => late(r) < early(r)),
    },
    {
      name: 'SGD is clearly the slowest',
      expected:
        'SGD’s late loss (mean of the last 10%, smoothed) ≥ 1.5 × the worst of the other three',
      observed: `SGD ${fx(late(sgdRun))}, worst other ${fx(worstOther)} (×${fx(late(sgdRun) / worstOther, 2)})`,
      passed: late(sgdRun) >= 1.5 * worstOther,
    },
  ];
  if (!quick) {
    checks.push(
      {
        name: 'Momentum, AdaGrad and Adam end below ≈0.13',
        expected: 'late loss < 0.15 for each (book: below ≈0.13)',
        observed: others.map((r) => `${r.m.label} ${fx(late(r))}`).join(', '),
        passed: others.every((r) => late(r) < 0.15),
      },
      {
        name: 'SGD ends in the book’s band',
        expected: 'late loss in [0.1, 0.5] (book: ≈0.15–0.4)',
        observed: fx(late(sgdRun)),
        passed: late(sgdRun) >= 0.1 && late(sgdRun) <= 0.5,
      },
    );
  }
  return checks;
}

// ---- Tables and figures

function seriesOf(runs: Run[], st: Setting): ExperimentResult['series'] {
  const { iterations } = st;
  const iter = Array.from({ length: iterations }, (_, k) => k + 1);
  const raw: Record<string, number[]> = { iteration: iter };
  const sm: Record<string, Float64Array | number[]> = { iteration: iter };
  for (const r of runs) {
    raw[r.m.key] = r.loss;
    sm[r.m.key] = r.smooth;
  }
  return { loss: raw, 'loss-smoothed': sm };
}

function figuresOf(
  runs: Run[],
  st: Setting,
  note: string,
  quick: boolean,
): ExperimentResult['figures'] {
  const { iterations, batchSize } = st;
  const iter = Array.from({ length: iterations }, (_, k) => k + 1);
  // DLFS fig 6-9 shows loss 0..1; the short quick run needs the whole range.
  const yMax = quick ? Math.ceil(2 * Math.max(...runs.map((r) => r.smooth[0]!))) / 2 : 1;
  return [
    {
      name: 'loss',
      title: 'Training loss by optimizer',
      caption: `Per-iteration training loss on minibatches of ${batchSize}, smoothed with DLFS’s smooth_curve; the same minibatches and initial weights for every optimizer. ${note}.`,
      spec: lineChartSpec({
        title: 'Optimizers on MNIST (784-100-100-100-100-10, ReLU, He init)',
        subtitle: `batch ${batchSize}, ${iterations} iterations, same minibatches for all; smoothed as DLFS fig 6-9`,
        series: runs.map((r) => ({ name: r.m.label, x: iter, y: r.smooth })),
        xTitle: 'iteration',
        yTitle: 'training loss (cross-entropy)',
        yDomain: [0, yMax],
        xDomain: [0, iterations],
        legend: 'top-right',
      }),
    },
  ];
}

export const optimizersMnist: Experiment = {
  name: 'optimizers-mnist',
  title: 'SGD, Momentum, AdaGrad and Adam on MNIST',
  summary:
    'Training loss of a 5-layer ReLU network under four optimizers, same minibatches (DLFS fig 6-9)',
  description:
    'Deep Learning from Scratch §6.1.8 (fig 6-9): a 784-100-100-100-100-10 ReLU network with He initialisation N(0, 2/n_in), batch 128, 2000 iterations, trained by SGD (lr 0.01), Momentum (lr 0.01, α = 0.9), AdaGrad (lr 0.01) and Adam (lr 0.001) in DLFS’s own forms. All four see the same minibatch sequence (drawn with replacement from one sampler seed) and start from the same weights; the curves are the per-iteration training losses smoothed with DLFS’s smooth_curve. Data: by default the built-in 10k MNIST subset (8000 training images), where the book used all 60000. The quick form runs 150 iterations of batch 32.',
  expected:
    'SGD clearly slowest (≈0.15–0.4 late); Momentum, AdaGrad and Adam below ≈0.13 late. Quick form: the same order (SGD clearly behind the others).',
  async run(ctx): Promise<ExperimentResult> {
    const st = settingsOf(ctx.quick);
    const { iterations, batchSize } = st;
    const data = loadMnist(ctx);
    const samplerSeed = ctx.rng.int(2 ** 31);
    const initSeed = ctx.rng.int(2 ** 31);
    ctx.progress.start(iterations * METHODS.length, 'training');
    const runs = await trainAll(ctx, st, data, samplerSeed, initSeed);
    ctx.progress.stop();
    return {
      settings: {
        data: data.note,
        network: SIZES.join('-'),
        activation: 'relu',
        init: 'DLFS He N(0, 2/n_in), biases 0',
        batchSize,
        iterations,
        sampler: 'with replacement (DLFS np.random.choice), the same sequence for every optimizer',
        samplerSeed,
        initSeed,
        optimizers: Object.fromEntries(METHODS.map((m) => [m.label, m.hyper])),
        smoothing: 'DLFS smooth_curve (Kaiser window 11, β 2)',
      },
      summary: runs.map((r) => ({
        optimizer: r.m.label,
        'first loss': r.loss[0]!,
        'late loss (last 10%, smoothed)': late(r),
        'final loss (smoothed)': r.smooth[iterations - 1]!,
        'test accuracy': r.test,
      })),
      series: seriesOf(runs, st),
      checks: checksOf(runs, st, ctx.quick),
      figures: figuresOf(runs, st, data.note, ctx.quick),
    };
  },
};
