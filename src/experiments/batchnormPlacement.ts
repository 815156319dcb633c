/**
 * Experiment 20 — where to put batch normalisation (*Deep Learning* §8.7.1).
 * The book normalises XW (the input of the nonlinearity, the bias being
 * redundant beside β) rather than the layer input X:
 *
 *   'before':  H = φ(BN(XW))           (the book, DLFS, Ioffe & Szegedy)
 *   'after':   H = BN(φ(XW + b))       (normalising the nonlinearity's output)
 *
 * Same data, network, optimizer, minibatches and initial weights for both (and a
 * network without BN for reference), over several seeds; the training loss
 * per epoch and the final train/test accuracies are compared and the winner on
 * these seeds is reported as found — the book gives a reason for its choice,
 * not a measurement, so no winner is asserted.
 *
 * Full: first 2000 training images, 784-[100×4]-10 ReLU, He init, SGD lr 0.1,
 * batch 100, 15 epochs, 3 seeds. Quick: 500 images, batch 50, 4 epochs, 2 seeds.
 */
import type { Dataset } from '../data/index.js';
import { mlp } from '../nn/index.js';
import { sgd } from '../optim/index.js';
import { lineChartSpec } from '../report/index.js';
import { evaluate, fit } from '../train/index.js';
import { allFinite, firstRows, fx, loadMnist, mean, tickOnly } from './mnistCommon.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

const VARIANTS = [
  { key: 'before', label: 'BN before ReLU: φ(BN(XW))', bn: 'before' as const },
  { key: 'after', label: 'BN after ReLU: BN(φ(XW + b))', bn: 'after' as const },
  { key: 'none', label: 'no BN', bn: false as const },
];

// ---- Settings

const settingsOf = (quick: boolean) => ({
  n: quick ? 500 : 2000,
  batchSize: quick ? 50 : 100,
  epochs: quick ? 4 : 15,
  seeds: quick ? 2 : 3,
  /** Training accuracy both placements must exceed. */
  level: quick ? 0.6 : 0.95,
});

type Setting = ReturnType<typeof settingsOf>;

interface Run {
  variant: string;
  seed: number;
  loss: number[];
  trainAcc: number;
  testAcc: number;
}

// ---- Compute

/** Every variant for every seed, from the same initial weights and minibatches within a seed. */
async function trainAll(
  ctx: ExperimentContext,
  st: Setting,
  train: Dataset,
  test: Dataset,
): Promise<Run[]> {
  const { batchSize, epochs, seeds } = st;
  const runs: Run[] = [];
  for (let s = 0; s < seeds; s++) {
    const initSeed = ctx.rng.int(2 ** 31);
    const samplerSeed = ctx.rng.int(2 ** 31);
    for (const v of VARIANTS) {
      const model = mlp({
        sizes: [train.features, 100, 100, 100, 100, 10],
        activation: 'relu',
        init: 'he',
        batchNorm: v.bn,
        seed: initSeed,
      });
      const h = await fit(
        model,
        { data: train },
        {
          optimizer: sgd({ lr: 0.1 }),
          batchSize,
          epochs,
          seed: samplerSeed,
          progress: tickOnly(ctx.progress, `seed ${s} ${v.key}`),
        },
      );
      model.eval();
      runs.push({
        variant: v.key,
        seed: s,
        loss: h.epochs.map((e) => e.trainLoss),
        trainAcc: h.epochs[epochs - 1]!.trainAccuracy,
        testAcc: evaluate(model, { data: test }).accuracy,
      });
    }
  }
  return runs;
}

/** Mean statistics per variant, and the before-vs-after verdict. */
function compare(runs: Run[], st: Setting) {
  const { epochs, seeds } = st;
  const of = (k: string) => runs.filter((r) => r.variant === k);
  const stat = (k: string) => ({
    loss: mean(of(k).map((r) => r.loss[epochs - 1]!)),
    train: mean(of(k).map((r) => r.trainAcc)),
    test: mean(of(k).map((r) => r.testAcc)),
  });
  const before = stat('before');
  const after = stat('after');
  const wins = of('before').filter((r, i) => r.testAcc > of('after')[i]!.testAcc).length;
  const lossWins = of('before').filter(
    (r, i) => r.loss[epochs - 1]! < of('after')[i]!.loss[epochs - 1]!,
  ).length;
  const verdict = `test accuracy: 'before' higher on ${wins} of ${seeds} seeds (mean ${fx(before.test)} vs ${fx(after.test)}); final training loss: 'before' lower on ${lossWins} of ${seeds} (mean ${fx(before.loss, 4)} vs ${fx(after.loss, 4)})`;
  return { stat, verdict };
}

// ---- Checks

function checksOf(runs: Run[], st: Setting): Check[] {
  const { epochs, level } = st;
  return [
    {
      name: 'both placements train',
      expected: `final training accuracy > ${level} for every seed, before and after`,
      observed: runs
        .filter((r) => r.variant !== 'none')
        .map((r) => `${r.variant}#${r.seed} ${fx(r.trainAcc)}`)
        .join(', '),
      passed: runs.filter((r) => r.variant !== 'none').every((r) => r.trainAcc > level),
    },
    {
      name: 'every run lowers its training loss and stays finite',
      expected: 'loss after the last epoch < after the first, no NaN',
      observed: runs
        .map((r) => `${r.variant}#${r.seed} ${fx(r.loss[0]!)}→${fx(r.loss[epochs - 1]!)}`)
        .join(', '),
      passed: runs.every((r) => allFinite(r.loss) && r.loss[epochs - 1]! < r.loss[0]!),
    },
  ];
}

// ---- Tables and figures

function figuresOf(runs: Run[], st: Setting, verdict: string): ExperimentResult['figures'] {
  const { n, batchSize, epochs, seeds } = st;
  const epochAxis = Array.from({ length: epochs }, (_, e) => e + 1);
  return [
    {
      name: 'train-loss',
      title: 'Training loss per epoch, BN before vs after the ReLU',
      caption: `Training loss on the ${n} training images after each epoch; one line per seed (same colour per variant). ${verdict}.`,
      spec: lineChartSpec({
        title: 'Batch norm before vs after the nonlinearity',
        subtitle: `${n} images, 784-[100×4]-10 ReLU, SGD lr 0.1, batch ${batchSize}; ${seeds} seeds`,
        series: runs.map((r) => ({
          name: `${VARIANTS.find((v) => v.key === r.variant)!.label} #${r.seed + 1}`,
          group: VARIANTS.find((v) => v.key === r.variant)!.label,
          x: epochAxis,
          y: r.loss,
          dashed: r.variant === 'after',
        })),
        xTitle: 'epoch',
        yTitle: 'training loss (log scale)',
        logY: true,
        legend: 'right',
      }),
    },
  ];
}

export const batchnormPlacement: Experiment = {
  name: 'batchnorm-placement',
  title: 'Batch norm before or after the nonlinearity',
  summary:
    'Normalising XW before the ReLU vs normalising the ReLU output, same data and budget, several seeds (Deep Learning §8.7.1)',
  description:
    'Deep Learning §8.7.1 recommends normalising XW, the input of the nonlinearity, rather than the layer input. This experiment trains the same 784-[100×4]-10 ReLU network (He init) with batch norm before the ReLU (φ(BN(XW))), after it (BN(φ(XW + b))), and without batch norm, from the same initial weights and on the same minibatches, by SGD lr 0.1, batch 100, 15 epochs on the first 2000 training images, over 3 seeds; test accuracy on the test set (the built-in 10k MNIST subset by default). The quick form uses 500 images, batch 50, 4 epochs, 2 seeds and 500 test images. The winner is reported as measured.',
  expected:
    'Both placements train well; the book prefers normalising XW (before the nonlinearity) on grounds of the distribution of XW being closer to Gaussian — there is no claimed margin, so the result is reported, not asserted.',
  async run(ctx): Promise<ExperimentResult> {
    const q = ctx.quick;
    const st = settingsOf(q);
    const { n, batchSize, epochs, seeds } = st;
    const data = loadMnist(ctx);
    const train = firstRows(data.train, n, 'batchnorm-placement');
    const test = q ? firstRows(data.test, 500, 'batchnorm-placement') : data.test;
    const steps = epochs * Math.ceil(n / batchSize);
    ctx.progress.start(steps * seeds * VARIANTS.length, 'training');
    const runs = await trainAll(ctx, st, train, test);
    ctx.progress.stop();
    const { stat, verdict } = compare(runs, st);
    ctx.log(verdict);
    const epochAxis = Array.from({ length: epochs }, (_, e) => e + 1);
    const cols: Record<string, number[]> = { epoch: epochAxis };
    for (const r of runs) cols[`${r.variant}_seed${r.seed}`] = r.loss;
    return {
      settings: {
        data: `first ${n} training images, ${test.n} test images (${data.note})`,
        network: `${train.features}-[100×4]-10 ReLU, He init; BN: book preset (δ = 1e-8, running statistics momentum 0.9)`,
        variants: Object.fromEntries(VARIANTS.map((v) => [v.key, v.label])),
        optimizer: 'SGD lr 0.1',
        batchSize,
        epochs,
        seeds,
        sampler:
          'shuffled epochs; the same minibatches and initial weights for the three variants of a seed',
      },
      summary: [
        ...VARIANTS.map((v) => {
          const st = stat(v.key);
          return {
            variant: v.label,
            'final train loss (mean)': st.loss,
            'train accuracy (mean)': st.train,
            'test accuracy (mean)': st.test,
            seeds,
          };
        }),
      ],
      series: { 'train-loss': cols },
      checks: checksOf(runs, st),
      extra: { verdict },
      figures: figuresOf(runs, st, verdict),
    };
  },
};
