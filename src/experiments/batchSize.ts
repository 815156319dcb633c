/**
 * Experiment 23 — minibatch size (Goodfellow et al. §8.1.3).
 *
 * 1. The standard error of the minibatch gradient. With m examples drawn
 *    independently, g_m = (1/m) Σ ∇L(xᵢ) has E g_m = g (the full-batch gradient)
 *    and E‖g_m − g‖² = tr Σ / m, Σ the covariance of one example's gradient, so
 *    its standard error falls as σ/√m (σ² = tr Σ): 100 times the examples buy
 *    only 10 times the accuracy (§8.1.3, eq. 8.6 for the mean). Measured at the
 *    parameters of a network after one epoch of SGD: R minibatches per m, drawn
 *    with replacement, against the gradient on the whole training set; the
 *    log-log slope is fitted.
 * 2. Throughput: examples per second of forward + backward against m (powers of
 *    2). Small batches under-use the machine; beyond some size the time grows
 *    linearly with m. Measured, and reported as measured.
 * 3. The training loss reached after a fixed number of examples seen, for
 *    several m (each at its best learning rate of a small grid): small batches
 *    make more, noisier updates from the same data.
 *
 * All training goes through `fit`.
 */
import { loadDataset, take } from '../data/index.js';
import { linearFit, norm, sortedAscending } from '../linalg/index.js';
import { mlp } from '../nn/index.js';
import { sgd } from '../optim/index.js';
import { lineChartSpec } from '../report/index.js';
import { Batcher } from '../train/evaluate.js';
import { evaluate, fit, type TrainData, TrainingError } from '../train/index.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

const pow2 = (lo: number, hi: number) => {
  const out: number[] = [];
  for (let m = lo; m <= hi; m *= 2) out.push(m);
  return out;
};

// ---- Settings

interface Setting {
  sizes: number[];
  /** Training examples (0: the whole split). */
  nTrain: number;
  /** Minibatch sizes of the standard-error measurement, and minibatches per size. */
  seMs: number[];
  reps: number;
  /** Minibatch sizes of the throughput measurement, seconds per timing, timings per size. */
  tpMs: number[];
  tpSeconds: number;
  tpRepeats: number;
  /** Minibatch sizes and learning rates trained on the same budget of examples. */
  lossMs: number[];
  lrs: number[];
  examples: number;
}

const QUICK: Setting = {
  sizes: [784, 16, 10],
  nTrain: 1000,
  seMs: pow2(1, 64),
  reps: 12,
  tpMs: pow2(1, 128),
  tpSeconds: 0.03,
  tpRepeats: 3,
  lossMs: [4, 32, 256],
  lrs: [0.1, 0.5],
  examples: 2000,
};
const FULL: Setting = {
  sizes: [784, 100, 10],
  nTrain: 0,
  seMs: pow2(1, 1024),
  reps: 40,
  tpMs: pow2(1, 1024),
  tpSeconds: 0.2,
  tpRepeats: 5,
  lossMs: [4, 16, 64, 256, 1024],
  lrs: [0.01, 0.03, 0.1, 0.3],
  examples: 32000,
};

const build = (cfg: Setting, seed: number) =>
  mlp({ sizes: cfg.sizes, activation: 'relu', init: 'he-normal', seed });

// ---- Compute

/** 1. The standard error of the minibatch gradient, at the parameters after one epoch of SGD. */
async function standardError(
  ctx: ExperimentContext,
  cfg: Setting,
  train: TrainData,
  modelSeed: number,
) {
  const N = train.data.n;
  const model = build(cfg, modelSeed);
  await fit(model, train, {
    optimizer: sgd({ lr: 0.1 }),
    batchSize: 100,
    epochs: 1,
    trainEvalSize: 0,
    seed: ctx.rng.int(2 ** 31),
    recordSteps: false,
  });
  model.train();
  const P = model.size;
  const maxM = Math.max(...cfg.seMs, ...cfg.tpMs, 1000);
  const batcher = new Batcher(train, maxM, model);
  const full = new Float64Array(P);
  for (let s = 0; s < N; s += 1000) {
    const m = Math.min(1000, N - s);
    const idx = Int32Array.from({ length: m }, (_, k) => s + k);
    const { x, y } = batcher.batch(idx);
    model.lossAndGrad(x, y);
    for (let i = 0; i < P; i++) full[i] = full[i]! + (m / N) * model.grad[i]!;
  }
  const fullNorm = norm(full);
  const se: number[] = [];
  ctx.progress.start(cfg.seMs.length, 'standard error');
  for (const m of cfg.seMs) {
    let sum = 0;
    const idx = new Int32Array(m);
    for (let r = 0; r < cfg.reps; r++) {
      for (let k = 0; k < m; k++) idx[k] = ctx.rng.int(N);
      const { x, y } = batcher.batch(idx);
      model.lossAndGrad(x, y);
      let e = 0;
      for (let i = 0; i < P; i++) e += (model.grad[i]! - full[i]!) ** 2;
      sum += e;
    }
    se.push(Math.sqrt(sum / cfg.reps));
    ctx.progress.tick(1, `m = ${m}`);
  }
  ctx.progress.stop();
  const fitSe = linearFit(cfg.seMs.map(Math.log), se.map(Math.log));
  // Pooled estimate of σ² = tr Σ: every m·SE(m)² estimates it.
  const sigma = Math.sqrt(cfg.seMs.reduce((a, m, k) => a + m * se[k]! ** 2, 0) / cfg.seMs.length);
  return { model, batcher, full, fullNorm, se, fitSe, sigma };
}

/**
 * 2. Throughput of forward + backward: every size timed `tpRepeats` times, the
 * repeats interleaved over the sizes so a busy spell of the machine hits all.
 */
function throughputOf(
  ctx: ExperimentContext,
  cfg: Setting,
  N: number,
  { model, batcher }: Pick<Measured, 'model' | 'batcher'>,
) {
  const batches = cfg.tpMs.map((m) => {
    const idx = Int32Array.from({ length: m }, () => ctx.rng.int(N));
    const b = batcher.batch(idx);
    model.lossAndGrad(b.x, b.y); // warm-up
    return b;
  });
  const timings: number[][] = cfg.tpMs.map(() => []);
  ctx.progress.start(cfg.tpMs.length * cfg.tpRepeats, 'throughput');
  for (let rep = 0; rep < cfg.tpRepeats; rep++) {
    cfg.tpMs.forEach((m, i) => {
      const { x, y } = batches[i]!;
      let calls = 0;
      const t0 = performance.now();
      let t = t0;
      while (calls < 2 || t - t0 < 1000 * cfg.tpSeconds) {
        model.lossAndGrad(x, y);
        calls++;
        t = performance.now();
      }
      timings[i]!.push((m * calls) / ((t - t0) / 1000));
      ctx.progress.tick(1, `m = ${m}, repeat ${rep + 1}`);
    });
  }
  const sortedT = timings.map(sortedAscending);
  const throughput = sortedT.map((v) => v[v.length >> 1]!); // the median
  const tpSlowest = sortedT.map((v) => v[0]!);
  const tpFastest = sortedT.map((v) => v[v.length - 1]!);
  ctx.progress.stop();
  const maxTp = Math.max(...throughput);
  const m90 = cfg.tpMs[throughput.findIndex((v) => v >= 0.9 * maxTp)]!;
  return { throughput, tpSlowest, tpFastest, maxTp, m90 };
}

interface LossRun {
  m: number;
  lr: number;
  loss: number;
  seconds: number;
  updates: number;
}

/** 3. The training loss after a fixed number of examples, for each m and learning rate; the best per m. */
async function lossAtBudget(
  ctx: ExperimentContext,
  cfg: Setting,
  train: TrainData,
  modelSeed: number,
) {
  const runs: LossRun[] = [];
  const fitSeed = ctx.rng.int(2 ** 31);
  for (const m of cfg.lossMs) {
    for (const lr of cfg.lrs) {
      const net = build(cfg, modelSeed);
      const iterations = Math.round(cfg.examples / m);
      const t0 = performance.now();
      let loss = Number.NaN;
      try {
        const h = await fit(net, train, {
          optimizer: sgd({ lr }),
          batchSize: m,
          iterations,
          trainEvalSize: 0,
          seed: fitSeed,
          progress: ctx.progress,
          recordSteps: false,
        });
        void h;
        net.eval();
        loss = evaluate(net, train).loss;
      } catch (e) {
        if (!(e instanceof TrainingError)) throw e;
      }
      runs.push({ m, lr, loss, seconds: (performance.now() - t0) / 1000, updates: iterations });
      ctx.log(`m = ${m}, lr = ${lr}: ${iterations} updates, training loss ${loss.toFixed(4)}`);
    }
  }
  const best = cfg.lossMs.map((m) => {
    const rs = runs.filter((r) => r.m === m && Number.isFinite(r.loss));
    return rs.reduce(
      (a, b) => (b.loss < a.loss ? b : a),
      rs[0] ?? { m, lr: Number.NaN, loss: Number.NaN, seconds: Number.NaN, updates: 0 },
    );
  });
  const largest = best[best.length - 1]!;
  const smallBest = Math.min(...best.filter((b) => b.m <= 64).map((b) => b.loss));

  return { runs, best, largest, smallBest };
}

type Measured = Awaited<ReturnType<typeof standardError>>;
type Outcome = Measured &
  ReturnType<typeof throughputOf> &
  Awaited<ReturnType<typeof lossAtBudget>> & { cfg: Setting; N: number };

// ---- Checks

function checksOf(o: Outcome): Check[] {
  const { cfg, fitSe, sigma, fullNorm, throughput, maxTp, m90, largest, smallBest } = o;
  return [
    {
      name: 'the standard error of the minibatch gradient falls as 1/√m',
      expected: 'log-log slope of SE against m in [−0.6, −0.4]',
      observed: `slope ${fitSe.slope.toFixed(3)} (σ ≈ ${sigma.toPrecision(3)}, ‖g‖ = ${fullNorm.toPrecision(3)})`,
      passed: fitSe.slope >= -0.6 && fitSe.slope <= -0.4,
    },
    {
      name: 'throughput measured for every batch size',
      expected: 'a finite positive number of examples per second for each m',
      observed: `${Math.round(throughput[0]!)}/s at m = 1 … ${Math.round(maxTp)}/s at best; 90% of the best from m = ${m90}`,
      passed: throughput.every((v) => Number.isFinite(v) && v > 0),
    },
    {
      name: 'for a fixed number of examples, small batches reach a lower loss than the largest',
      expected: `best training loss with m ≤ 64 < best with m = ${largest.m} (after ${cfg.examples} examples)`,
      observed: `${smallBest.toFixed(4)} vs ${largest.loss.toFixed(4)}`,
      passed: smallBest < largest.loss,
    },
  ];
}

// ---- Tables and figures

function summaryOf(o: Outcome): ExperimentResult['summary'] {
  const { cfg, se, sigma, best, throughput } = o;
  return cfg.tpMs.map((m) => {
    const k = cfg.seMs.indexOf(m);
    const b = best.find((r) => r.m === m);
    return {
      m,
      'gradient SE': k >= 0 ? Number(se[k]!.toPrecision(4)) : null,
      'σ/√m': k >= 0 ? Number((sigma / Math.sqrt(m)).toPrecision(4)) : null,
      'examples/s': Math.round(throughput[cfg.tpMs.indexOf(m)]!),
      [`loss after ${cfg.examples} examples (best lr)`]: b ? Number(b.loss.toPrecision(4)) : null,
      'best lr': b ? b.lr : null,
      updates: b ? b.updates : null,
      'train s': b ? Number(b.seconds.toFixed(1)) : null,
    };
  });
}

function seriesOf(o: Outcome): ExperimentResult['series'] {
  const { cfg, se, sigma, throughput, tpSlowest, tpFastest, runs } = o;
  return {
    'standard-error': { m: cfg.seMs, se, theory: cfg.seMs.map((m) => sigma / Math.sqrt(m)) },
    throughput: {
      m: cfg.tpMs,
      examplesPerSecond: throughput,
      slowest: tpSlowest,
      fastest: tpFastest,
    },
    'loss-at-budget': {
      m: runs.map((r) => r.m),
      lr: runs.map((r) => r.lr),
      loss: runs.map((r) => r.loss),
      updates: runs.map((r) => r.updates),
      seconds: runs.map((r) => r.seconds),
    },
  };
}

function figuresOf(o: Outcome, subtitle: string): ExperimentResult['figures'] {
  const { cfg, se, sigma, fitSe, fullNorm, throughput, tpSlowest, tpFastest, runs } = o;
  return [
    {
      name: 'standard-error',
      title: 'Standard error of the minibatch gradient',
      caption: `‖g_m − g‖ (root mean square over ${cfg.reps} minibatches drawn with replacement) against m, log-log, with σ/√m (σ pooled from all m). Fitted slope ${fitSe.slope.toFixed(3)}; the full-batch gradient norm is ${fullNorm.toPrecision(3)}.`,
      spec: lineChartSpec({
        title: 'Standard error of the minibatch gradient',
        subtitle,
        series: [
          { name: 'measured', x: cfg.seMs, y: se },
          {
            name: 'σ/√m',
            x: cfg.seMs,
            y: cfg.seMs.map((m) => sigma / Math.sqrt(m)),
            dashed: true,
          },
        ],
        xTitle: 'minibatch size m',
        yTitle: 'RMS ‖g_m − g‖',
        logX: true,
        logY: true,
        points: true,
        hlines: [{ y: fullNorm, label: '‖g‖ full batch' }],
      }),
    },
    {
      name: 'throughput',
      title: 'Examples per second against minibatch size',
      caption: `Forward and backward passes per second times m, on this machine (float64, the engine’s own kernels): the median of ${cfg.tpRepeats} timings of ${cfg.tpSeconds} s per size, interleaved over the sizes, with the slowest and fastest (dashed) to show the spread; on a shared machine the spread is wide. Measured, not asserted.`,
      spec: lineChartSpec({
        title: 'Throughput of forward + backward',
        subtitle,
        series: [
          { name: `median of ${cfg.tpRepeats}`, x: cfg.tpMs, y: throughput },
          { name: 'slowest', x: cfg.tpMs, y: tpSlowest, dashed: true },
          { name: 'fastest', x: cfg.tpMs, y: tpFastest, dashed: true },
        ],
        xTitle: 'minibatch size m',
        yTitle: 'examples per second',
        logX: true,
        logY: true,
        points: true,
      }),
    },
    {
      name: 'loss-at-budget',
      title: `Training loss after ${cfg.examples} examples`,
      caption:
        'Each line one learning rate; missing points diverged. With the number of examples fixed, a larger m means fewer updates.',
      spec: lineChartSpec({
        title: `Training loss after ${cfg.examples} examples seen`,
        subtitle: `${subtitle}; SGD, one line per learning rate`,
        series: cfg.lrs.map((lr) => {
          const rs = runs.filter((r) => r.lr === lr);
          return { name: `lr ${lr}`, x: rs.map((r) => r.m), y: rs.map((r) => r.loss) };
        }),
        xTitle: 'minibatch size m',
        yTitle: 'training loss',
        logX: true,
        logY: true,
        points: true,
      }),
    },
  ];
}

export const batchSize: Experiment = {
  name: 'batch-size',
  title: 'Minibatch size: gradient accuracy, throughput and progress per example',
  summary:
    'Standard error of the minibatch gradient against m (σ/√m), examples per second against m, loss reached for a fixed number of examples (DL §8.1.3)',
  description:
    'Deep Learning §8.1.3: the standard error of a minibatch gradient falls only as σ/√m, so larger batches give less than linear returns; multicore hardware is under-used by very small batches, and small batches can make more progress per example. Measured on an MNIST MLP: (1) ‖g_m − g‖ over repeated minibatches drawn with replacement, against the full-training-set gradient g, at the parameters after one epoch of SGD, with the log-log slope fitted; (2) examples per second of a forward and backward pass for m = 1, 2, 4, …; (3) the training loss after the same number of examples seen for several m, each at the best learning rate of a small grid, training with `fit`.',
  expected:
    'Standard error ∝ m^−0.5; throughput rises with m and then levels off; for a fixed number of examples, small batches reach a lower training loss than very large ones.',
  async run(ctx): Promise<ExperimentResult> {
    const cfg = ctx.quick ? QUICK : FULL;
    const ds = loadDataset(ctx.data);
    const train: TrainData = { data: cfg.nTrain ? take(ds.train, cfg.nTrain) : ds.train };
    const N = train.data.n;
    const modelSeed = ctx.rng.int(2 ** 31);
    const measured = await standardError(ctx, cfg, train, modelSeed);
    const tp = throughputOf(ctx, cfg, N, measured);
    const losses = await lossAtBudget(ctx, cfg, train, modelSeed);
    const o: Outcome = { ...measured, ...tp, ...losses, cfg, N };
    const subtitle = `${cfg.sizes.join('-')} ReLU on ${N} MNIST training examples`;
    return {
      settings: {
        network: cfg.sizes.join('-'),
        trainSize: N,
        standardError: {
          ms: cfg.seMs,
          repetitions: cfg.reps,
          at: 'after 1 epoch of SGD lr 0.1, batch 100',
          sampling: 'with replacement',
        },
        throughput: {
          ms: cfg.tpMs,
          secondsPerSize: cfg.tpSeconds,
          repeats: cfg.tpRepeats,
          statistic: 'median of the repeats (interleaved over the sizes); slowest and fastest kept',
          measures: 'model.lossAndGrad (forward + backward), float64',
        },
        lossAtBudget: { ms: cfg.lossMs, lrs: cfg.lrs, examples: cfg.examples, optimizer: 'sgd' },
      },
      summary: summaryOf(o),
      series: seriesOf(o),
      checks: checksOf(o),
      extra: { slope: o.fitSe.slope, sigma: o.sigma, fullGradNorm: o.fullNorm },
      figures: figuresOf(o, subtitle),
    };
  },
};
