/**
 * Experiment 10 — every first-order optimizer of src/optim on the same two
 * problems (*Deep Learning* §8.5 and fig 8.5's spirit; DLFS §6.1.7):
 *
 * 1. experiment 1's surface f(x, y) = x²/20 + y² from (−7, 2), 30 updates
 *    each (paths over the contours, via `runTrace`);
 * 2. MNIST: a 784-100-100-100-100-10 ReLU network (He init), batch 128,
 *    1000 iterations, the same minibatches and initial weights for all
 *    (quick: 784-100-10, batch 32, 60 iterations).
 *
 * Methods: SGD, Momentum, Nesterov (Alg 8.3), AdaGrad (8.4), RMSProp (8.5),
 * RMSProp + Nesterov (8.6), Adam (8.7), AdamW, NAdam, RAdam, AdaMax, AdaDelta,
 * Lion and delta-bar-delta, each with a learning rate suited to the problem
 * (listed in the settings); the summary table gives the final loss of each.
 */

import { type OptimizerSpecInput, optimizerFromSpec, runTrace } from '../contract/index.js';
import { mlp } from '../nn/index.js';
import { bowl } from '../objectives/index.js';
import { contourGridSpec, lineGridSpec, smoothCurve } from '../report/index.js';
import { fit } from '../train/index.js';
import { allFinite, fx, loadMnist, tailMean, tickOnly } from './mnistCommon.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

interface Method {
  label: string;
  surface: OptimizerSpecInput;
  mnist: OptimizerSpecInput;
}

const METHODS: Method[] = [
  { label: 'SGD', surface: { name: 'sgd', lr: 0.95 }, mnist: { name: 'sgd', lr: 0.05 } },
  {
    label: 'Momentum',
    surface: { name: 'momentum', lr: 0.1, momentum: 0.9 },
    mnist: { name: 'momentum', lr: 0.01, momentum: 0.9 },
  },
  {
    label: 'Nesterov',
    surface: { name: 'nesterov', lr: 0.1, momentum: 0.9 },
    mnist: { name: 'nesterov', lr: 0.01, momentum: 0.9 },
  },
  { label: 'AdaGrad', surface: { name: 'adagrad', lr: 1.5 }, mnist: { name: 'adagrad', lr: 0.01 } },
  {
    label: 'RMSProp',
    surface: { name: 'rmsprop', lr: 0.1 },
    mnist: { name: 'rmsprop', lr: 0.001 },
  },
  {
    label: 'RMSProp+Nesterov',
    surface: { name: 'rmsprop', lr: 0.05, nesterov: true, nesterovMomentum: 0.9 },
    mnist: { name: 'rmsprop', lr: 0.0005, nesterov: true, nesterovMomentum: 0.9 },
  },
  { label: 'Adam', surface: { name: 'adam', lr: 0.3 }, mnist: { name: 'adam', lr: 0.001 } },
  {
    label: 'AdamW',
    surface: { name: 'adamw', lr: 0.3, weightDecay: 0.01 },
    mnist: { name: 'adamw', lr: 0.001, weightDecay: 0.01 },
  },
  { label: 'NAdam', surface: { name: 'nadam', lr: 0.3 }, mnist: { name: 'nadam', lr: 0.001 } },
  { label: 'RAdam', surface: { name: 'radam', lr: 0.3 }, mnist: { name: 'radam', lr: 0.001 } },
  { label: 'AdaMax', surface: { name: 'adamax', lr: 0.3 }, mnist: { name: 'adamax', lr: 0.002 } },
  { label: 'AdaDelta', surface: { name: 'adadelta', lr: 1 }, mnist: { name: 'adadelta', lr: 1 } },
  { label: 'Lion', surface: { name: 'lion', lr: 0.25 }, mnist: { name: 'lion', lr: 0.0001 } },
  {
    label: 'delta-bar-delta',
    surface: { name: 'delta-bar-delta', lr: 0.05, kappa: 0.01, phi: 0.5, theta: 0.7 },
    mnist: { name: 'delta-bar-delta', lr: 0.01, kappa: 0.0001, phi: 0.1, theta: 0.7 },
  },
];

const f2 = (x: number, y: number) => (x * x) / 20 + y * y;

// ---- Settings

/** Updates on the bowl. */
const STEPS = 30;

const settingsOf = (quick: boolean) => ({
  iterations: quick ? 60 : 1000,
  batchSize: quick ? 32 : 128,
  sizes: quick ? [784, 100, 10] : [784, 100, 100, 100, 100, 10],
});

type Setting = ReturnType<typeof settingsOf>;

// ---- Compute

/** Every method's 30 updates on the bowl x²/20 + y² from (−7, 2). */
function bowlPaths() {
  const steps = STEPS;
  const x0 = Float64Array.from([-7, 2]);
  return METHODS.map((m) => ({
    m,
    t: runTrace(bowl, x0, { optimizer: m.surface, steps }),
  }));
}

type Paths = ReturnType<typeof bowlPaths>;

interface LossCurve {
  m: Method;
  loss: number[];
}

/** Every method on MNIST from the same initial weights and minibatches: the loss per iteration. */
async function mnistCurves(
  ctx: ExperimentContext,
  st: Setting,
  data: ReturnType<typeof loadMnist>,
  samplerSeed: number,
  initSeed: number,
): Promise<LossCurve[]> {
  const { iterations, batchSize, sizes } = st;
  const curves: LossCurve[] = [];
  for (const m of METHODS) {
    const model = mlp({
      sizes: [data.train.features, ...sizes.slice(1)],
      activation: 'relu',
      init: 'he',
      seed: initSeed,
    });
    const h = await fit(
      model,
      { data: data.train },
      {
        optimizer: optimizerFromSpec(m.mnist),
        batchSize,
        iterations,
        sampler: 'replacement',
        trainEvalSize: 0,
        seed: samplerSeed,
        progress: tickOnly(ctx.progress, m.label),
      },
    );
    curves.push({ m, loss: h.steps.map((s) => s.loss) });
  }
  return curves;
}

const head = (y: number[]) => tailMean(y.slice(0, Math.max(1, Math.round(y.length * 0.1))), 1);
const late = (y: number[]) => tailMean(y, 0.1);

// ---- Checks

function checksOf(paths: Paths, curves: LossCurve[]): Check[] {
  const steps = STEPS;
  const surfaceOk = paths.filter((p) => allFinite(p.t.f) && p.t.f[steps]! < p.t.f[0]!);
  const mnistOk = curves.filter((c) => allFinite(c.loss) && late(c.loss) < head(c.loss));
  return [
    {
      name: 'every method lowers f on the bowl',
      expected: `f after ${steps} updates < f(−7, 2) = ${fx(f2(-7, 2))}, finite, for all ${METHODS.length}`,
      observed: `${surfaceOk.length} of ${METHODS.length}${
        surfaceOk.length < METHODS.length
          ? `; not: ${paths
              .filter((p) => !surfaceOk.includes(p))
              .map((p) => p.m.label)
              .join(', ')}`
          : ''
      }`,
      passed: surfaceOk.length === METHODS.length,
    },
    {
      name: 'every method lowers the MNIST training loss',
      expected: 'mean loss of the last 10% of iterations < that of the first 10%, finite, for all',
      observed: `${mnistOk.length} of ${METHODS.length}${
        mnistOk.length < METHODS.length
          ? `; not: ${curves
              .filter((c) => !mnistOk.includes(c))
              .map((c) => c.m.label)
              .join(', ')}`
          : ''
      }`,
      passed: mnistOk.length === METHODS.length,
    },
  ];
}

// ---- Tables and figures

function seriesOf(paths: Paths, curves: LossCurve[], st: Setting): ExperimentResult['series'] {
  const steps = STEPS;
  const { iterations } = st;
  const iter = Array.from({ length: iterations }, (_, k) => k + 1);
  const lossCols: Record<string, number[]> = { iteration: iter };
  for (const c of curves) lossCols[c.m.label] = c.loss;
  const pathCols: Record<string, number[]> = {
    step: Array.from({ length: steps + 1 }, (_, k) => k),
  };
  for (const p of paths) {
    pathCols[`${p.m.label}_x`] = p.t.x.map((v) => v[0]!);
    pathCols[`${p.m.label}_y`] = p.t.x.map((v) => v[1]!);
  }
  return { 'mnist-loss': lossCols, paths: pathCols };
}

/** A grid of contour panels, one per method of `ms`, with its path on the bowl. */
const contour = (title: string, name: string, ms: Paths) => ({
  name,
  title,
  caption: `One panel per method, each with its learning rate: thirty updates from (−7, 2) (ring) to the square, on the filled contours of f(x, y) = x²/20 + y²; the cross is the minimum.`,
  spec: contourGridSpec({
    title,
    subtitle: '30 updates from (−7, 2) on x²/20 + y²',
    f: f2,
    xRange: [-10, 10],
    yRange: [-5, 5],
    resolution: 81,
    equalAspect: true,
    width: 230,
    columns: 4,
    valueTitle: 'f(x, y)',
    panels: ms.map((p) => ({
      title: `${p.m.label}, lr ${p.m.surface.lr}`,
      paths: [{ name: p.m.label, x: p.t.x.map((v) => v[0]!), y: p.t.x.map((v) => v[1]!) }],
    })),
    minimum: [0, 0],
    xTitle: 'x',
    yTitle: 'y',
  }),
});

function figuresOf(paths: Paths, curves: LossCurve[], st: Setting): ExperimentResult['figures'] {
  const { iterations, batchSize, sizes } = st;
  const iter = Array.from({ length: iterations }, (_, k) => k + 1);
  // MNIST curves in four panels of at most four methods, so no curve hides another
  // (Adam and AdamW nearly coincide: they are in different panels).
  const PANELS: [string, string[]][] = [
    ['SGD and momentum', ['SGD', 'Momentum', 'Nesterov']],
    ['per-parameter rates', ['AdaGrad', 'RMSProp', 'RMSProp+Nesterov', 'AdaDelta']],
    ['Adam and its variants', ['Adam', 'NAdam', 'RAdam', 'AdaMax']],
    ['decoupled decay, sign, adaptive gains', ['AdamW', 'Lion', 'delta-bar-delta']],
  ];
  const lossName = (m: (typeof METHODS)[number]) => `${m.label}, lr ${m.mnist.lr}`;
  const lossCells = PANELS.map(([title, labels]) => ({
    title,
    // every second curve of a panel is dashed, so one lying on another still shows
    series: curves
      .filter((c) => labels.includes(c.m.label))
      .map((c, k) => ({
        name: lossName(c.m),
        x: iter,
        y: smoothCurve(c.loss),
        dashed: k % 2 === 1,
      })),
  }));
  return [
    contour(
      'Classical and per-parameter-rate methods',
      'paths-classical',
      paths.slice(0, 6).concat(paths.slice(13)),
    ),
    contour('The Adam family, AdaDelta and Lion', 'paths-adam-family', paths.slice(6, 13)),
    {
      name: 'mnist-loss',
      title: 'MNIST training loss of every optimizer',
      caption: `Per-iteration training loss on minibatches of ${batchSize}${iterations >= 11 ? ', smoothed with DLFS’s smooth_curve' : ''}; same minibatches and initial weights for all; one panel per group of methods, one shared log scale, each method's learning rate in the legend.`,
      spec: lineGridSpec({
        title: 'Every optimizer on MNIST',
        subtitle: `${sizes.join('-')} ReLU, batch ${batchSize}, ${iterations} iterations; smoothed (DLFS smooth_curve)`,
        cells: lossCells,
        columns: 2,
        width: 300,
        height: 190,
        xTitle: 'iteration',
        yTitle: 'training loss',
        logY: true,
        legendPerPanel: true,
      }),
    },
  ];
}

export const optimizersAll: Experiment = {
  name: 'optimizers-all',
  title: 'Every first-order optimizer on the bowl and on MNIST',
  summary:
    'All 14 first-order methods of optlab on x²/20 + y² (paths) and on MNIST (loss curves) (Deep Learning §8.5)',
  description:
    'Every first-order method of optlab — SGD, Momentum, Nesterov, AdaGrad, RMSProp, RMSProp with Nesterov momentum (Deep Learning Algorithm 8.6), Adam, AdamW, NAdam, RAdam, AdaMax, AdaDelta, Lion and delta-bar-delta — on two problems: 30 updates on f(x, y) = x²/20 + y² from (−7, 2) (experiment 1), and 1000 iterations of batch 128 on MNIST with a 784-100-100-100-100-10 ReLU network (He init), the same minibatches and initial weights for all. Learning rates are per problem (settings). MNIST is the built-in 10k subset by default. The quick form trains a 784-100-10 network for 60 iterations of batch 32.',
  expected:
    'Every method lowers the loss on both problems and none produces NaN; the adaptive methods damp the steep y direction of the bowl at once.',
  async run(ctx): Promise<ExperimentResult> {
    const st = settingsOf(ctx.quick);
    const { iterations, batchSize, sizes } = st;
    const steps = STEPS;
    const paths = bowlPaths();
    const data = loadMnist(ctx);
    const samplerSeed = ctx.rng.int(2 ** 31);
    const initSeed = ctx.rng.int(2 ** 31);
    ctx.progress.start(iterations * METHODS.length, 'training');
    const curves = await mnistCurves(ctx, st, data, samplerSeed, initSeed);
    ctx.progress.stop();
    const checks = checksOf(paths, curves);
    return {
      settings: {
        surface: 'f(x, y) = x²/20 + y², start (−7, 2), 30 updates',
        mnist: `${sizes.join('-')} ReLU, He init, batch ${batchSize}, ${iterations} iterations, minibatches with replacement, same for all (${data.note})`,
        learningRates: Object.fromEntries(
          METHODS.map((m) => [m.label, { surface: m.surface, mnist: m.mnist }]),
        ),
        samplerSeed,
        initSeed,
      },
      summary: METHODS.map((m, i) => ({
        method: m.label,
        'bowl: final f': paths[i]!.t.f[steps]!,
        'bowl: final x': paths[i]!.t.x[steps]![0]!,
        'bowl: final y': paths[i]!.t.x[steps]![1]!,
        'MNIST: first loss': curves[i]!.loss[0]!,
        'MNIST: late loss (last 10%)': late(curves[i]!.loss),
      })),
      series: seriesOf(paths, curves, st),
      checks,
      figures: figuresOf(paths, curves, st),
    };
  },
};
