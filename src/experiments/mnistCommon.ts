/**
 * Shared pieces of the MNIST experiments of DLFS chapter 6 and *Deep Learning*
 * chapter 8: loading the data with a sentence saying what it is, progress over
 * several training runs, small statistics of recorded curves, and the two-run
 * overfitting set-up of DLFS §6.4 (experiments 7 weight decay and 8 dropout).
 */
import { type Dataset, type LoadedDataset, loadDataset, take } from '../data/index.js';
import { type Model, mlp } from '../nn/index.js';
import { sgd, type Transform } from '../optim/index.js';
import { lineChartSpec, smoothCurve } from '../report/index.js';
import { evaluate, fit, TrainingError } from '../train/index.js';
import type { Check, ExperimentContext, ExperimentResult, Figure, Progress } from './types.js';

/** The loaded data and one sentence describing it for the report. */
export interface MnistData {
  train: Dataset;
  test: Dataset;
  /** e.g. "built-in 10k MNIST subset (8000 train / 2000 test); the book used 60000 / 10000". */
  note: string;
  source: string;
}

/** Loads `ctx.data` (the built-in 10k digits by default) and describes it. */
export function loadMnist(ctx: ExperimentContext): MnistData {
  const d: LoadedDataset = loadDataset(ctx.data);
  const note =
    d.source === 'builtin'
      ? `built-in 10k MNIST subset (${d.train.n} train / ${d.test.n} test images); the book used the full 60000 / 10000`
      : `${d.name} from ${d.source} (${d.train.n} train / ${d.test.n} test images)`;
  ctx.log(`data: ${note}`);
  return { train: d.train, test: d.test, note, source: d.source };
}

/** The first `n` rows (as DLFS's `x_train[:n]`); an error if the set is smaller. */
export function firstRows(ds: Dataset, n: number, what: string): Dataset {
  if (ds.n < n) throw new RangeError(`${what}: needs ${n} rows, the data has ${ds.n}`);
  return take(ds, n);
}

/**
 * A progress for `fit` inside a larger phase: `start`/`stop` are ignored (the
 * experiment opened one phase for all its runs), ticks go to the outer bar with
 * `label` in front of fit's info.
 */
export function tickOnly(p: Progress, label: string): Progress {
  return {
    start() {},
    tick(n, info) {
      p.tick(n, info ? `${label} ${info}` : label);
    },
    stop() {},
  };
}

/** A training run's loss per iteration, its smoothed curve and the test accuracy. */
export interface LossCurve {
  loss: number[];
  smooth: Float64Array;
  test: number;
}

/**
 * Trains `model` with `optimizer` for `iterations` minibatches of `batchSize`
 * drawn with replacement (DLFS's sampler) from a generator seeded with
 * `samplerSeed`, so that every run of a comparison sees the same minibatches;
 * records the loss per iteration and the test accuracy afterwards.
 */
export async function lossCurve(
  ctx: ExperimentContext,
  data: MnistData,
  model: Model,
  optimizer: Transform<unknown>,
  o: { label: string; iterations: number; batchSize: number; samplerSeed: number },
): Promise<LossCurve> {
  const h = await fit(
    model,
    { data: data.train },
    {
      optimizer,
      batchSize: o.batchSize,
      iterations: o.iterations,
      sampler: 'replacement',
      trainEvalSize: 0,
      seed: o.samplerSeed,
      progress: tickOnly(ctx.progress, o.label),
    },
  );
  const loss = h.steps.map((s) => s.loss);
  const test = evaluate(model.eval(), { data: data.test }).accuracy;
  return { loss, smooth: smoothCurve(loss), test };
}

/** Mean of the last `frac` of the values (at least one value). */
export function tailMean(y: ArrayLike<number>, frac: number): number {
  const n = y.length;
  const k = Math.max(1, Math.round(n * frac));
  let s = 0;
  for (let i = n - k; i < n; i++) s += y[i]!;
  return s / k;
}

/** Mean of the values, NaN for none. */
export function mean(y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i]!;
  return y.length === 0 ? Number.NaN : s / y.length;
}

/** Whether every value is a finite number. */
export function allFinite(y: ArrayLike<number>): boolean {
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i]!)) return false;
  return true;
}

/** Runs a training call; a divergence (TrainingError) is returned instead of thrown. */
export async function catchDivergence<T>(
  f: () => Promise<T>,
): Promise<{ value: T; diverged: null } | { value: null; diverged: TrainingError }> {
  try {
    return { value: await f(), diverged: null };
  } catch (e) {
    if (e instanceof TrainingError) return { value: null, diverged: e };
    throw e;
  }
}

/** A number with `d` decimals (for check texts). */
export function fx(v: number, d = 3): string {
  return Number.isFinite(v) ? v.toFixed(d) : String(v);
}

/** Settings of one run of the overfitting experiments (DLFS §6.4: 300 images, 784-[100×6]-10). */
export interface OverfitRun {
  label: string;
  /** L2 coefficient λ on the weights (gradient λW, as DLFS's ½λ‖W‖² in the loss). */
  weightDecay: number;
  /** DLFS (non-inverted) dropout ratio after every hidden ReLU; 0 for none. */
  dropout: number;
}

export interface OverfitCurves {
  label: string;
  /** Epoch 0 (before training) to `epochs`. */
  train: number[];
  test: number[];
}

/**
 * Trains DLFS's overfitting network (784-[100×6]-10 ReLU, He init, SGD, batch
 * 100 drawn with replacement) on `train` and records train/test accuracy before
 * training and after each epoch, in evaluation mode.
 */
export async function overfitRun(
  run: OverfitRun,
  train: Dataset,
  test: Dataset,
  o: { lr: number; epochs: number; initSeed: number; samplerSeed: number; progress: Progress },
): Promise<OverfitCurves> {
  const model = mlp({
    sizes: [train.features, 100, 100, 100, 100, 100, 100, 10],
    activation: 'relu',
    init: 'he',
    dropout: { p: run.dropout, mode: 'dlfs' },
    seed: o.initSeed,
  });
  model.eval();
  const trainAcc = [evaluate(model, { data: train }).accuracy];
  const testAcc = [evaluate(model, { data: test }).accuracy];
  model.train();
  await fit(
    model,
    { data: train },
    {
      optimizer: sgd({ lr: o.lr, weightDecay: run.weightDecay, mask: model.weightDecayMask }),
      batchSize: 100,
      epochs: o.epochs,
      sampler: 'replacement',
      validation: { data: test },
      seed: o.samplerSeed,
      progress: o.progress,
      callbacks: {
        onEpoch(e) {
          trainAcc.push(e.trainAccuracy);
          testAcc.push(e.valAccuracy!);
          return undefined;
        },
      },
    },
  );
  return { label: run.label, train: trainAcc, test: testAcc };
}

/** Mean train and test accuracy over the last `frac` of the epochs, and their gap. */
export function lateAccuracy(
  c: OverfitCurves,
  frac = 0.1,
): { train: number; test: number; gap: number } {
  const train = tailMean(c.train, frac);
  const test = tailMean(c.test, frac);
  return { train, test, gap: train - test };
}

/** The train/test accuracy figure of one run (DLFS figs 6-20, 6-21, 6-23). */
export function overfitFigure(
  name: string,
  c: OverfitCurves,
  title: string,
  subtitle: string,
): Figure {
  const epochs = c.train.map((_, e) => e);
  return {
    name,
    title,
    caption: `${subtitle}. Solid: accuracy on the training images; dashed: on the test images (epoch 0 = before training).`,
    spec: lineChartSpec({
      title,
      subtitle,
      series: [
        { name: 'train', x: epochs, y: c.train },
        { name: 'test', x: epochs, y: c.test, dashed: true },
      ],
      xTitle: 'epoch',
      yTitle: 'accuracy',
      yDomain: [0, 1],
      xDomain: [0, epochs.length - 1],
      legend: 'bottom-right',
    }),
  };
}

/** Columns of a run's curves. */
export function overfitSeries(c: OverfitCurves): Record<string, number[]> {
  return { epoch: c.train.map((_, e) => e), train: c.train, test: c.test };
}

/** The two runs of an overfitting experiment and what they were trained on. */
export interface OverfitPair {
  epochs: number;
  lr: number;
  data: MnistData;
  test: Dataset;
  initSeed: number;
  samplerSeed: number;
  curves: [OverfitCurves, OverfitCurves];
  /** `lateAccuracy` of each curve. */
  late: [ReturnType<typeof lateAccuracy>, ReturnType<typeof lateAccuracy>];
}

/**
 * Runs DLFS §6.4's overfitting set-up twice (`runs`, e.g. without and with a
 * regulariser) from the same initialisation and minibatches: the first 300
 * training images, `fullEpochs` epochs at lr 0.01 (quick: 35 epochs at lr
 * 0.05 on 300 test images). `what` names the experiment in errors.
 */
export async function overfitPair(
  ctx: ExperimentContext,
  what: string,
  fullEpochs: number,
  runs: [OverfitRun, OverfitRun],
): Promise<OverfitPair> {
  const epochs = ctx.quick ? 35 : fullEpochs;
  const lr = ctx.quick ? 0.05 : 0.01;
  const data = loadMnist(ctx);
  const train = firstRows(data.train, 300, what);
  const test = ctx.quick ? firstRows(data.test, 300, what) : data.test;
  const initSeed = ctx.rng.int(2 ** 31);
  const samplerSeed = ctx.rng.int(2 ** 31);
  ctx.progress.start(runs.length * epochs * 3, 'training');
  const curves: OverfitCurves[] = [];
  for (const r of runs) {
    curves.push(
      await overfitRun(r, train, test, {
        lr,
        epochs,
        initSeed,
        samplerSeed,
        progress: tickOnly(ctx.progress, r.label),
      }),
    );
    const a = lateAccuracy(curves[curves.length - 1]!);
    ctx.log(`${r.label}: late train ${fx(a.train)}, test ${fx(a.test)}, gap ${fx(a.gap)}`);
  }
  ctx.progress.stop();
  const [c0, c1] = curves as [OverfitCurves, OverfitCurves];
  return {
    epochs,
    lr,
    data,
    test,
    initSeed,
    samplerSeed,
    curves: [c0, c1],
    late: [lateAccuracy(c0), lateAccuracy(c1)],
  };
}

/**
 * The result of an overfitting experiment: settings (with the experiment's
 * own `regulariser` settings after the optimizer), a summary row per run, and
 * per run a series and a figure named `names[i]`, titled `titles[i]`.
 */
export function overfitResult(
  p: OverfitPair,
  quick: boolean,
  o: {
    regulariser: Record<string, string>;
    checks: Check[];
    names: [string, string];
    titles: [string, string];
  },
): ExperimentResult {
  const sub = (c: OverfitCurves) =>
    `${c.label}: 300 images, 784-[100×6]-10, SGD lr ${p.lr}, batch 100`;
  const [c0, c1] = p.curves;
  const [n0, n1] = o.names;
  return {
    settings: {
      data: `first 300 training images; ${p.test.n} test images (${p.data.note})`,
      network: '784-[100×6]-10, ReLU, He init N(0, 2/n_in)',
      optimizer: `SGD lr ${p.lr}${quick ? ' (quick form: 5× the book’s 0.01 over fewer epochs)' : ''}`,
      ...o.regulariser,
      batchSize: 100,
      epochs: `${p.epochs} (+ epoch 0 before training)`,
      sampler: 'with replacement (DLFS), the same minibatches for both runs',
      initSeed: p.initSeed,
      samplerSeed: p.samplerSeed,
    },
    summary: p.curves.map((c, i) => {
      const a = p.late[i]!;
      return {
        run: c.label,
        'final train': c.train[p.epochs]!,
        'final test': c.test[p.epochs]!,
        'late train (last 10%)': a.train,
        'late test': a.test,
        'late gap': a.gap,
      };
    }),
    series: { [n0]: overfitSeries(c0), [n1]: overfitSeries(c1) },
    checks: o.checks,
    figures: [
      overfitFigure(n0, c0, o.titles[0], sub(c0)),
      overfitFigure(n1, c1, o.titles[1], sub(c1)),
    ],
  };
}
