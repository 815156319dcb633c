/**
 * Shared pieces of the pretraining experiments (18 greedy supervised, 24
 * unsupervised, 19 FitNets): their data and the deep thin sigmoid network
 * where plain SGD struggles, curves of test accuracy and loss against the update count over
 * several training phases, and the random-initialisation baseline at an equal
 * budget of updates.
 */
import { type Dataset, type LoadedDataset, loadDataset, take } from '../data/index.js';
import { type Model, mlp } from '../nn/index.js';
import { type Optimizer, sgd } from '../optim/index.js';
import type { GreedySupervisedOptions } from '../pretrain/index.js';
import { smoothCurve } from '../report/index.js';
import { evaluate, fit, type History } from '../train/index.js';
import { fx, tickOnly } from './mnistCommon.js';
import type { Check, ExperimentContext } from './types.js';

/** The six hidden layers of the deep thin network. */
export const HIDDEN = [50, 50, 50, 50, 50, 50];

/**
 * The data, the deep thin sigmoid network 784-[50×6]-10 (DLFS Xavier init
 * N(0, 1/n_in), float32), its batch size 32, and the seeds of a pretraining
 * experiment. Quick form: the first 2000 training and 1000 test images.
 */
export interface DeepSetup {
  loaded: LoadedDataset;
  train: Dataset;
  test: Dataset;
  sizes: number[];
  net: { activation: 'sigmoid'; init: 'xavier'; dtype: 'float32' };
  batchSize: number;
  /** Initialisation seed (the networks' `seed`). */
  seed: number;
  /** Minibatch order seed of the first phase (later phases use `samplerSeed + 1`). */
  samplerSeed: number;
  /** Updates per epoch. */
  per: number;
}

/** Loads the data and draws the two seeds (in this order) of a pretraining experiment. */
export function deepSetup(ctx: ExperimentContext): DeepSetup {
  const loaded = loadDataset(ctx.data);
  const train = ctx.quick ? take(loaded.train, 2000) : loaded.train;
  const test = ctx.quick ? take(loaded.test, 1000) : loaded.test;
  const batchSize = 32;
  return {
    loaded,
    train,
    test,
    sizes: [train.features, ...HIDDEN, test.classes],
    net: { activation: 'sigmoid', init: 'xavier', dtype: 'float32' },
    batchSize,
    seed: ctx.rng.int(2 ** 31),
    samplerSeed: ctx.rng.int(2 ** 31),
    per: Math.ceil(train.n / batchSize),
  };
}

/**
 * The options of a greedy scheme (supervised or unsupervised) on a deep
 * set-up: each stage trains `stageEpochs` epochs with `stage` (minibatch order
 * `samplerSeed`), labelled `${label} k` in the progress bar, then the stack is
 * fine-tuned `fineEpochs` epochs with `fine` (order `samplerSeed + 1`),
 * validated on the test set.
 */
export function greedyPhases(
  ctx: ExperimentContext,
  s: DeepSetup,
  o: { label: string; stage: Optimizer; stageEpochs: number; fine: Optimizer; fineEpochs: number },
): GreedySupervisedOptions {
  return {
    sizes: s.sizes,
    net: s.net,
    seed: s.seed,
    train: { data: s.train },
    validation: { data: s.test },
    stage: {
      optimizer: o.stage,
      batchSize: s.batchSize,
      epochs: o.stageEpochs,
      trainEvalSize: 0,
      seed: s.samplerSeed,
    },
    stageOptions: (k) => ({ progress: tickOnly(ctx.progress, `${o.label} ${k + 1}`) }),
    fineTune: {
      optimizer: o.fine,
      batchSize: s.batchSize,
      epochs: o.fineEpochs,
      trainEvalSize: 0,
      seed: s.samplerSeed + 1,
      progress: tickOnly(ctx.progress, `${o.label} fine-tune`),
    },
  };
}

/**
 * The deep network of a greedy scheme's result as it was stacked, before
 * fine-tuning, evaluated on `test` (the fine-tuned parameters are put back).
 */
export function evaluateStacked(
  r: { model: Model; stacked: Float64Array },
  test: Dataset,
): { loss: number; accuracy: number } {
  const tuned = r.model.params.getFlat();
  r.model.params.setFlat(r.stacked);
  const result = evaluate(r.model.eval(), { data: test });
  r.model.params.setFlat(tuned);
  return result;
}

/** A test-accuracy / test-loss curve (one point per epoch) and the per-update training loss. */
export interface Curve {
  /** Update count at each evaluation. */
  step: number[];
  testAccuracy: number[];
  testLoss: number[];
  /** Training loss of every update (minibatch), smoothed for drawing. */
  trainLoss: number[];
}

export function emptyCurve(): Curve {
  return { step: [], testAccuracy: [], testLoss: [], trainLoss: [] };
}

/** Appends a training phase's history to a curve, its updates counted after `curve`'s. */
export function appendHistory(curve: Curve, h: History, validation = true): void {
  const offset = curve.trainLoss.length;
  if (validation) {
    for (const e of h.epochs) {
      curve.step.push(offset + e.step);
      curve.testAccuracy.push(e.valAccuracy!);
      curve.testLoss.push(e.valLoss!);
    }
  }
  for (const s of h.steps) curve.trainLoss.push(s.loss);
}

/** The smoothed per-update training loss (DLFS smooth_curve) of a curve. */
export function smoothLoss(c: Curve): number[] {
  return c.trainLoss.length > 20 ? Array.from(smoothCurve(c.trainLoss)) : c.trainLoss;
}

/** The last test accuracy of a curve. */
export function finalAccuracy(c: Curve): number {
  return c.testAccuracy.at(-1) ?? Number.NaN;
}

/**
 * Trains the set-up's network from random initialisation (seed `s.seed`,
 * minibatch order `s.samplerSeed + 1`, as the fine-tuning) for `iterations`
 * updates with SGD at each learning rate of `lrs`; returns every run's curve
 * and the best one (highest final test accuracy).
 */
export async function randomBaselines(
  ctx: ExperimentContext,
  s: DeepSetup,
  o: { lrs: number[]; iterations: number },
): Promise<{
  runs: { lr: number; curve: Curve; model: Model }[];
  best: { lr: number; curve: Curve };
}> {
  const runs = [];
  for (const lr of o.lrs) {
    const model = mlp({ ...s.net, sizes: s.sizes, seed: s.seed });
    const h = await fit(
      model,
      { data: s.train },
      {
        optimizer: sgd({ lr }),
        batchSize: s.batchSize,
        iterations: o.iterations,
        trainEvalSize: 0,
        validation: { data: s.test },
        seed: s.samplerSeed + 1,
        progress: tickOnly(ctx.progress, `random init, lr ${lr}`),
      },
    );
    const curve = emptyCurve();
    appendHistory(curve, h);
    runs.push({ lr, curve, model });
    ctx.log(`random init, SGD lr ${lr}: test accuracy ${fx(finalAccuracy(curve))}`);
  }
  const best = runs.reduce((a, b) => (finalAccuracy(b.curve) > finalAccuracy(a.curve) ? b : a));
  return { runs, best };
}

type Baselines = Awaited<ReturnType<typeof randomBaselines>>;

/** The check that random initialisation stays below 0.5 at every lr of `lrs` after `updates` updates. */
export function baselineStrugglesCheck(base: Baselines, lrs: number[], updates: number): Check {
  return {
    name: 'plain SGD from random initialisation struggles on this deep sigmoid net',
    expected: `best final test accuracy over lr ∈ {${lrs.join(', ')}} < 0.5 after ${updates} updates`,
    observed: base.runs.map((x) => `lr ${x.lr}: ${fx(finalAccuracy(x.curve))}`).join('; '),
    passed: finalAccuracy(base.best.curve) < 0.5,
  };
}

/** A summary row per random-initialisation run. */
export function baselineRows(base: Baselines, seconds: number | null) {
  return base.runs.map((x) => ({
    method: `random init, SGD lr ${x.lr}`,
    updates: x.curve.trainLoss.length,
    'test accuracy': finalAccuracy(x.curve),
    'test loss': x.curve.testLoss.at(-1)!,
    seconds,
  }));
}

/** Dashed chart lines of the random-initialisation runs' test accuracy. */
export function baselineAccuracyLines(base: Baselines) {
  return base.runs.map((x) => ({
    name: `random init, lr ${x.lr}`,
    x: x.curve.step,
    y: x.curve.testAccuracy,
    dashed: true,
  }));
}

/** Chart lines of the random-initialisation runs' smoothed training loss per update. */
export function baselineLossLines(base: Baselines) {
  return base.runs.map((x) => ({
    name: `random init, lr ${x.lr}`,
    x: x.curve.trainLoss.map((_, i) => i + 1),
    y: smoothLoss(x.curve),
  }));
}
