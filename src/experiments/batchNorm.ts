/**
 * Experiment 5 — batch normalisation (DLFS §6.3.2, figs 6-18 and 6-19,
 * `ch06/batch_norm_test.py`). On the first 1000 training images, a
 * 784-[100×5]-10 ReLU network is trained with and without batch normalisation
 * (Affine → BatchNorm → ReLU, DLFS's `MultiLayerNetExtend`) by SGD (lr 0.01,
 * batch 100 drawn with replacement, 20 epochs of 10 iterations), for each
 * weight standard deviation w in logspace(0, −4, 16): every W ~ N(0, w²).
 *
 * Batch norm for a minibatch H (per unit, over the rows; DLFS's constants,
 * preset 'dlfs': δ = 1e-6, running statistics with momentum 0.9 from zero):
 *
 *   μ = mean(H),  σ² = var(H),  y = γ ⊙ (H − μ)/√(σ² + δ) + β
 *
 * so each layer's output no longer depends on the scale of W: the network with
 * BN learns over most of the range, the one without only where w suits the
 * depth (too large: exploding activations and a diverging or saturated
 * softmax; too small: vanishing signal and gradients). Training accuracy is
 * measured as DLFS does, on all 1000 images in evaluation mode (running
 * statistics), before training (epoch 0) and after each epoch. Both networks of
 * a panel start from the same generator seed and see the same minibatches.
 *
 * Quick form: 4 of the 16 scales, 6 epochs, the first 300 images in batches of
 * 30 (10 updates per epoch, as the full form).
 */
import type { Dataset } from '../data/index.js';
import { mlp } from '../nn/index.js';
import { sgd } from '../optim/index.js';
import { type GridCell, lineChartSpec, lineGridSpec } from '../report/index.js';
import { evaluate, fit } from '../train/index.js';
import { catchDivergence, firstRows, fx, loadMnist, mean, tickOnly } from './mnistCommon.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

const HIDDEN = [100, 100, 100, 100, 100];
const LR = 0.01;
/** Indices into logspace(0, −4, 16) used by the quick form: 1, 0.158, 0.0136, 0.0001. */
const QUICK_SCALES = [0, 3, 7, 15];

/** NumPy's logspace(a, b, n). */
export function logspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => 10 ** (a + ((b - a) * i) / (n - 1)));
}

interface Curve {
  acc: number[];
  diverged: string | null;
}

async function train(
  data: Dataset,
  w: number,
  bn: boolean,
  epochs: number,
  batch: number,
  initSeed: number,
  samplerSeed: number,
  progress: ReturnType<typeof tickOnly>,
): Promise<Curve> {
  const model = mlp({
    sizes: [data.features, ...HIDDEN, 10],
    activation: 'relu',
    init: w,
    batchNorm: bn ? 'before' : false,
    batchNormOptions: { preset: 'dlfs' },
    biasBeforeBatchNorm: true, // DLFS keeps the Affine bias before BN
    seed: initSeed,
  });
  const acc = [evaluate(model.eval(), { data }).accuracy];
  model.train();
  const r = await catchDivergence(() =>
    fit(
      model,
      { data },
      {
        optimizer: sgd({ lr: LR }),
        batchSize: batch,
        epochs,
        sampler: 'replacement',
        seed: samplerSeed,
        progress,
        callbacks: {
          onEpoch(e) {
            acc.push(e.trainAccuracy);
            return undefined;
          },
        },
      },
    ),
  );
  // a diverged run stops early: advance the bar over the steps it did not take
  if (r.diverged) progress.tick(epochs * (data.n / batch) - r.diverged.step);
  while (acc.length < epochs + 1) acc.push(Number.NaN);
  return {
    acc,
    diverged: r.diverged
      ? `diverged at step ${r.diverged.step} (epoch ${r.diverged.epoch + 1})`
      : null,
  };
}

// ---- Settings

/** Epochs, training images, batch size and weight scales of the run. */
function settingsOf(quick: boolean) {
  const epochs = quick ? 6 : 20;
  // the quick form keeps 10 updates per epoch on a smaller set
  const trainSize = quick ? 300 : 1000;
  const batch = quick ? 30 : 100;
  const all = logspace(0, -4, 16);
  const scales = quick ? QUICK_SCALES.map((i) => all[i]!) : all;
  return { epochs, trainSize, batch, scales, okLevel: quick ? 0.3 : 0.5 };
}

type Setting = ReturnType<typeof settingsOf>;

interface Result {
  w: number;
  bn: Curve;
  plain: Curve;
}

// ---- Compute

/** For each weight scale, the same network trained with and without batch norm on the same minibatches. */
async function trainAll(ctx: ExperimentContext, st: Setting, trainSet: Dataset): Promise<Result[]> {
  const { epochs, batch, scales } = st;
  const results: Result[] = [];
  for (const w of scales) {
    const initSeed = ctx.rng.int(2 ** 31);
    const samplerSeed = ctx.rng.int(2 ** 31);
    const bn = await train(
      trainSet,
      w,
      true,
      epochs,
      batch,
      initSeed,
      samplerSeed,
      tickOnly(ctx.progress, `w ${w.toExponential(2)} BN`),
    );
    const plain = await train(
      trainSet,
      w,
      false,
      epochs,
      batch,
      initSeed,
      samplerSeed,
      tickOnly(ctx.progress, `w ${w.toExponential(2)} plain`),
    );
    results.push({ w, bn, plain });
    ctx.log(
      `w ${w.toExponential(2)}: final train accuracy with BN ${fx(bn.acc[epochs]!)}, without ${fx(plain.acc[epochs]!)}${plain.diverged ? ` (without BN ${plain.diverged})` : ''}${bn.diverged ? ` (with BN ${bn.diverged})` : ''}`,
    );
  }
  return results;
}

// a diverged run counts as chance level from then on
const val = (v: number) => (Number.isFinite(v) ? v : 0.1);
const finalOf = (epochs: number) => (c: Curve) => val(c.acc[epochs]!);
const area = (c: Curve) => mean(c.acc.slice(1).map(val));

// ---- Checks

function checksOf(results: Result[], st: Setting): Check[] {
  const { okLevel } = st;
  const final = finalOf(st.epochs);
  const n = st.scales.length;
  const faster = results.filter((r) => area(r.bn) > area(r.plain));
  const largest = results[0]!;
  const smallest = results[n - 1]!;
  const middle = results.slice(1, n - 1);
  return [
    {
      name: 'batch norm learns faster for most scales',
      expected: `mean training accuracy over the epochs higher with BN at more than half of the ${n} scales`,
      observed: `${faster.length} of ${n} (BN behind at w = ${
        results
          .filter((r) => !faster.includes(r))
          .map((r) => r.w.toPrecision(3))
          .join(', ') || 'none'
      })`,
      passed: faster.length > n / 2,
    },
    {
      name: 'without BN, learning fails at the extreme scales',
      expected:
        'final accuracy without BN < 0.2 (chance ≈ 0.1) at the largest (w = 1) and at the smallest scale',
      observed: `w = ${largest.w.toPrecision(3)}: ${fx(final(largest.plain))}${largest.plain.diverged ? ' (diverged)' : ''}; w = ${smallest.w.toPrecision(3)}: ${fx(final(smallest.plain))}`,
      passed: final(largest.plain) < 0.2 && final(smallest.plain) < 0.2,
    },
    {
      name: 'without BN, the right scale does learn',
      expected: `final accuracy without BN > ${okLevel} at some intermediate scale`,
      observed: middle.map((r) => `w ${r.w.toPrecision(2)}: ${fx(final(r.plain), 2)}`).join(', '),
      passed: middle.some((r) => final(r.plain) > okLevel),
    },
    {
      name: 'with BN, learning works over most of the range',
      expected: `final accuracy with BN > ${okLevel} at more than half of the scales`,
      observed: `${results.filter((r) => final(r.bn) > okLevel).length} of ${n}: ${results.map((r) => `w ${r.w.toPrecision(2)}: ${fx(final(r.bn), 2)}`).join(', ')}`,
      passed: results.filter((r) => final(r.bn) > okLevel).length > n / 2,
    },
  ];
}

// ---- Tables and figures

function seriesOf(results: Result[], st: Setting): ExperimentResult['series'] {
  const { epochs, scales } = st;
  const epochAxis = Array.from({ length: epochs + 1 }, (_, e) => e);
  const series: ExperimentResult['series'] = {};
  const cols: Record<string, number[]> = { epoch: epochAxis };
  results.forEach((r, i) => {
    cols[`bn_${i}`] = r.bn.acc;
    cols[`plain_${i}`] = r.plain.acc;
  });
  series['train-accuracy'] = cols;
  series.final = {
    w: scales,
    bn: results.map((r) => r.bn.acc[epochs]!),
    plain: results.map((r) => r.plain.acc[epochs]!),
  };
  return series;
}

function figuresOf(results: Result[], st: Setting): ExperimentResult['figures'] {
  const { epochs, trainSize, batch, scales } = st;
  const epochAxis = Array.from({ length: epochs + 1 }, (_, e) => e);
  const cells: GridCell[] = results.map((r) => ({
    title: `w = ${r.w.toPrecision(3)}${r.plain.diverged ? ' (no BN: diverged)' : ''}${r.bn.diverged ? ' (BN: diverged)' : ''}`,
    series: [
      { name: 'with batch norm', x: epochAxis, y: r.bn.acc },
      { name: 'without batch norm', x: epochAxis, y: r.plain.acc, dashed: true },
    ],
  }));
  return [
    {
      name: 'accuracy-grid',
      title: 'Training accuracy with and without batch norm, by weight scale',
      caption: `One panel per weight standard deviation w (W ~ N(0, w²)); solid: with batch norm, dashed: without. Training accuracy on the first ${trainSize} images after each epoch (epoch 0 = before training). SGD lr ${LR}, batch ${batch}.`,
      spec: lineGridSpec({
        title: 'Batch normalisation across weight scales (DLFS fig 6-19)',
        subtitle: `784-[100×5]-10 ReLU, ${trainSize} images, SGD lr ${LR}, batch ${batch}; one panel per weight std w`,
        cells,
        columns: 4,
        xTitle: 'epoch',
        yTitle: 'training accuracy',
        yDomain: [0, 1],
      }),
    },
    {
      name: 'final-accuracy',
      title: 'Final training accuracy against the weight scale',
      caption: `Training accuracy after ${epochs} epochs, with and without batch norm, against the weight standard deviation; where a run diverged its line is broken, not drawn across.`,
      spec: lineChartSpec({
        title: `Training accuracy after ${epochs} epochs against weight scale`,
        subtitle: 'a diverged run (NaN loss) leaves a gap in its line',
        series: [
          { name: 'with batch norm', x: scales, y: results.map((r) => r.bn.acc[epochs]!) },
          {
            name: 'without batch norm',
            x: scales,
            y: results.map((r) => r.plain.acc[epochs]!),
            dashed: true,
          },
        ],
        xTitle: 'weight standard deviation w',
        yTitle: 'training accuracy',
        logX: true,
        yDomain: [0, 1],
        points: true,
        legend: 'bottom',
      }),
    },
  ];
}

export const batchNorm: Experiment = {
  name: 'batch-norm',
  title: 'Batch normalisation across weight scales',
  summary:
    'Training accuracy with and without batch norm for 16 weight scales, 1000 images (DLFS figs 6-18, 6-19)',
  description:
    'Deep Learning from Scratch §6.3.2 (figs 6-18, 6-19): on the first 1000 training images, a 784-[100×5]-10 ReLU network with and without batch normalisation (Affine → BN → ReLU, DLFS constants δ = 1e-6 and running statistics with momentum 0.9 from zero), weights W ~ N(0, w²) for w in logspace(0, −4, 16), SGD lr 0.01, batch 100 (drawn with replacement), 20 epochs. Training accuracy on the 1000 images in evaluation mode, before training and after each epoch, one panel per w. Both networks of a panel start from the same seed and see the same minibatches. Images from the built-in 10k MNIST subset by default (the book took the first 1000 of its 60000). The quick form runs 4 of the scales (1, 0.158, 0.0136, 0.0001) for 6 epochs on the first 300 images with batch 30 (still 10 updates per epoch).',
  expected:
    'With BN the network learns faster for most scales; without BN learning fails unless the scale is right (neither too large nor too small).',
  async run(ctx): Promise<ExperimentResult> {
    const st = settingsOf(ctx.quick);
    const { epochs, trainSize, batch, scales } = st;
    const data = loadMnist(ctx);
    const trainSet = firstRows(data.train, trainSize, 'batch-norm');
    const stepsPerRun = epochs * (trainSize / batch);
    ctx.progress.start(stepsPerRun * scales.length * 2, 'training');
    const results = await trainAll(ctx, st, trainSet);
    ctx.progress.stop();
    return {
      settings: {
        data: `first ${trainSize} training images of the ${data.note}`,
        network: `${data.train.features}-[100×5]-10, ReLU`,
        batchNorm:
          'Affine (with bias, as DLFS) → BN → ReLU; δ = 1e-6, running-statistics momentum 0.9 from 0 (DLFS)',
        init: 'W ~ N(0, w²), biases 0',
        weightScales: scales,
        optimizer: `SGD lr ${LR}`,
        batchSize: batch,
        epochs,
        sampler: 'with replacement (DLFS), same minibatches with and without BN',
        accuracy: `on the ${trainSize} training images, evaluation mode (running statistics), as DLFS`,
        columns: 'train-accuracy.csv: bn_i / plain_i = scale i of weightScales',
      },
      summary: results.map((r) => ({
        w: r.w,
        'final acc. with BN': r.bn.acc[epochs]!,
        'final acc. without BN': r.plain.acc[epochs]!,
        'mean acc. with BN': area(r.bn),
        'mean acc. without BN': area(r.plain),
        note: r.plain.diverged
          ? `without BN ${r.plain.diverged}`
          : r.bn.diverged
            ? `with BN ${r.bn.diverged}`
            : '',
      })),
      series: seriesOf(results, st),
      checks: checksOf(results, st),
      figures: figuresOf(results, st),
    };
  },
};
