/**
 * Shared pieces of the MNIST experiments of DLFS chapter 6 and *Deep Learning*
 * chapter 8: loading the data with a sentence saying what it is, progress over
 * several training runs, and small statistics of recorded curves.
 */
import { type Dataset, type LoadedDataset, loadDataset, take } from '../data/index.js';
import { mlp } from '../nn/index.js';
import { sgd } from '../optim/index.js';
import { evaluate, fit, TrainingError } from '../train/index.js';
import type { ExperimentContext, Progress } from './types.js';

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
          testAcc.push(e.valAccuracy);
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
