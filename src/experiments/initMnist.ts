/**
 * Experiment 4 — weight initialisation on MNIST (DLFS §6.2.4, fig 6-15,
 * `ch06/weight_init_compare.py`). The DLFS `MultiLayerNet` 784-100-100-100-100-10
 * with ReLU is trained by SGD (lr 0.01), batch 128, 2000 iterations, from three
 * weight initialisations (biases 0):
 *
 *   std 0.01:  W ~ N(0, 0.01²)
 *   "Xavier":  W ~ N(0, 1/n_in)   (DLFS's Xavier: fan-in only, CORRECTIONS.md)
 *   "He":      W ~ N(0, 2/n_in)
 *
 * With std 0.01 each layer shrinks the signal by ≈ 0.01·√(100/2) ≈ 0.07 (the
 * first by more), so the logits are ≈ 0, the gradients of the hidden weights are
 * ≈ 0 and the loss stays at ln 10 ≈ 2.30; Xavier halves the ReLU signal's
 * variance per layer, He keeps it (experiment 3), and learns fastest.
 *
 * All three runs use the same minibatch sequence (one sampler seed, drawn with
 * replacement as DLFS does). Quick form: batch 32, 300 iterations.
 */
import type { InitInput } from '../init/index.js';
import { mlp } from '../nn/index.js';
import { sgd } from '../optim/index.js';
import { lineChartSpec } from '../report/index.js';
import { fx, loadMnist, lossCurve, mean, tailMean } from './mnistCommon.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

const SIZES = [784, 100, 100, 100, 100, 10];
const INITS: readonly { key: string; label: string; init: InitInput; formula: string }[] = [
  { key: 'std0.01', label: 'std = 0.01', init: 0.01, formula: 'N(0, 0.01²)' },
  { key: 'xavier', label: 'Xavier', init: 'xavier', formula: 'N(0, 1/n_in) (DLFS)' },
  { key: 'he', label: 'He', init: 'he', formula: 'N(0, 2/n_in) (DLFS)' },
];
const LN10 = Math.log(10);

/** First iteration (1-based) at which the curve is below `level`, or Infinity. */
function firstBelow(y: ArrayLike<number>, level: number): number {
  for (let i = 0; i < y.length; i++) if (y[i]! < level) return i + 1;
  return Number.POSITIVE_INFINITY;
}

// ---- Settings

const settingsOf = (quick: boolean) => ({
  iterations: quick ? 300 : 2000,
  batchSize: quick ? 32 : 128,
});

type Setting = ReturnType<typeof settingsOf>;

interface Run {
  it: (typeof INITS)[number];
  loss: number[];
  smooth: Float64Array;
  test: number;
}

// ---- Compute

/** The same network and minibatches from each initialisation: loss per iteration and test accuracy. */
async function trainAll(
  ctx: ExperimentContext,
  st: Setting,
  data: ReturnType<typeof loadMnist>,
  samplerSeed: number,
  initSeed: number,
): Promise<Run[]> {
  const { iterations, batchSize } = st;
  const runs: Run[] = [];
  for (const it of INITS) {
    const model = mlp({ sizes: SIZES, activation: 'relu', init: it.init, seed: initSeed });
    const { loss, smooth, test } = await lossCurve(ctx, data, model, sgd({ lr: 0.01 }), {
      label: it.label,
      iterations,
      batchSize,
      samplerSeed,
    });
    runs.push({ it, loss, smooth, test });
    ctx.log(`${it.label}: late loss ${fx(tailMean(smooth, 0.1))}, test accuracy ${fx(test)}`);
  }
  return runs;
}

const late = (r: Run) => tailMean(r.smooth, 0.1);
const area = (r: Run) => mean(r.loss);

// ---- Checks

function checksOf(runs: Run[], quick: boolean): Check[] {
  const [small, xavier, he] = runs as [Run, Run, Run];
  return [
    {
      name: 'std 0.01 does not learn',
      expected: `late loss (last 10%, smoothed) within 0.05 of ln 10 = ${fx(LN10)}`,
      observed: fx(late(small)),
      passed: Math.abs(late(small) - LN10) < 0.05,
    },
    {
      name: 'He learns fastest, then Xavier, then std 0.01',
      expected: 'mean loss over all iterations (area under the curve): He < Xavier < std 0.01',
      observed: `He ${fx(area(he))}, Xavier ${fx(area(xavier))}, std 0.01 ${fx(area(small))}`,
      passed: area(he) < area(xavier) && area(xavier) < area(small),
    },
    {
      name: 'He is ahead at the end too',
      expected: 'late loss He < Xavier',
      observed: `He ${fx(late(he))}, Xavier ${fx(late(xavier))}`,
      passed: late(he) < late(xavier),
    },
    quick
      ? {
          name: 'Xavier and He start to learn',
          expected: `late loss < ln 10 − 0.2 = ${fx(LN10 - 0.2)} for both (std 0.01 stays at ln 10)`,
          observed: `Xavier ${fx(late(xavier))}, He ${fx(late(he))}`,
          passed: late(xavier) < LN10 - 0.2 && late(he) < LN10 - 0.2,
        }
      : {
          name: 'Xavier and He learn',
          expected: 'late loss < 0.5 for both (std 0.01 stays at ln 10)',
          observed: `Xavier ${fx(late(xavier))}, He ${fx(late(he))}`,
          passed: late(xavier) < 0.5 && late(he) < 0.5,
        },
  ];
}

// ---- Tables and figures

function seriesOf(runs: Run[], st: Setting): ExperimentResult['series'] {
  const { iterations } = st;
  const iter = Array.from({ length: iterations }, (_, k) => k + 1);
  const raw: Record<string, number[]> = { iteration: iter };
  const sm: Record<string, Float64Array | number[]> = { iteration: iter };
  for (const r of runs) {
    raw[r.it.key] = r.loss;
    sm[r.it.key] = r.smooth;
  }
  return { loss: raw, 'loss-smoothed': sm };
}

function figuresOf(runs: Run[], st: Setting, note: string): ExperimentResult['figures'] {
  const { iterations, batchSize } = st;
  const iter = Array.from({ length: iterations }, (_, k) => k + 1);
  return [
    {
      name: 'loss',
      title: 'Training loss by weight initialisation',
      caption: `Per-iteration training loss (smoothed as DLFS) for three weight scales; SGD lr 0.01, batch ${batchSize}, the same minibatches for all. ${note}.`,
      spec: lineChartSpec({
        title: 'Weight initialisation on MNIST (784-100-100-100-100-10, ReLU)',
        subtitle: `SGD lr 0.01, batch ${batchSize}, ${iterations} iterations; smoothed as DLFS fig 6-15`,
        series: runs.map((r) => ({
          name: `${r.it.label}: ${r.it.formula.replace(' (DLFS)', '')}`,
          x: iter,
          y: r.smooth,
        })),
        xTitle: 'iteration',
        yTitle: 'training loss (cross-entropy)',
        yDomain: [0, 2.5],
        xDomain: [0, iterations],
        legend: 'bottom-left',
        hlines: [{ y: LN10, label: 'ln 10 (uniform guess)' }],
      }),
    },
  ];
}

export const initMnist: Experiment = {
  name: 'init-mnist',
  title: 'Weight initialisation on MNIST: std 0.01, Xavier, He',
  summary:
    'Training loss of a 5-layer ReLU network from three weight scales, SGD 0.01 (DLFS fig 6-15)',
  description:
    'Deep Learning from Scratch §6.2.4 (fig 6-15): the 784-100-100-100-100-10 ReLU network trained by SGD (lr 0.01), batch 128, 2000 iterations, with weights drawn from N(0, 0.01²), DLFS’s “Xavier” N(0, 1/n_in) or its “He” N(0, 2/n_in); biases 0. The three runs share the minibatch sequence (drawn with replacement). Curves are the per-iteration training losses smoothed with DLFS’s smooth_curve. Data: by default the built-in 10k MNIST subset (8000 training images), where the book used 60000. The quick form runs 300 iterations of batch 32.',
  expected: 'std 0.01 does not learn (loss stays ≈ 2.30 = ln 10); He learns fastest, Xavier next.',
  async run(ctx): Promise<ExperimentResult> {
    const st = settingsOf(ctx.quick);
    const { iterations, batchSize } = st;
    const data = loadMnist(ctx);
    const samplerSeed = ctx.rng.int(2 ** 31);
    const initSeed = ctx.rng.int(2 ** 31);
    ctx.progress.start(iterations * INITS.length, 'training');
    const runs = await trainAll(ctx, st, data, samplerSeed, initSeed);
    ctx.progress.stop();
    return {
      settings: {
        data: data.note,
        network: SIZES.join('-'),
        activation: 'relu',
        inits: Object.fromEntries(INITS.map((i) => [i.label, i.formula])),
        optimizer: 'SGD lr 0.01',
        batchSize,
        iterations,
        sampler: 'with replacement (DLFS), the same sequence for every initialisation',
        samplerSeed,
        initSeed,
      },
      summary: runs.map((r) => ({
        init: r.it.label,
        weights: r.it.formula,
        'first loss': r.loss[0]!,
        'mean loss': area(r),
        'late loss (last 10%, smoothed)': late(r),
        'iterations to loss < 1': firstBelow(r.smooth, 1),
        'test accuracy': r.test,
      })),
      series: seriesOf(runs, st),
      checks: checksOf(runs, ctx.quick),
      figures: figuresOf(runs, st, data.note),
    };
  },
};
