/**
 * Shared pieces of the pretraining experiments (18 greedy supervised, 24
 * unsupervised, 19 FitNets): the deep thin sigmoid network where plain SGD
 * struggles, curves of test accuracy and loss against the update count over
 * several training phases, and the random-initialisation baseline at an equal
 * budget of updates.
 */
import type { Dataset } from '../data/index.js';
import { type MlpOptions, type Model, mlp } from '../nn/index.js';
import { sgd } from '../optim/index.js';
import { smoothCurve } from '../report/index.js';
import { fit, type History } from '../train/index.js';
import { fx, tickOnly } from './mnistCommon.js';
import type { ExperimentContext } from './types.js';

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
      curve.testAccuracy.push(e.valAccuracy);
      curve.testLoss.push(e.valLoss);
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
 * Trains a fresh network from random initialisation for `iterations` updates
 * with SGD at each learning rate of `lrs`; returns every run's curve and the
 * best one (highest final test accuracy).
 */
export async function randomBaselines(
  ctx: ExperimentContext,
  o: {
    net: MlpOptions;
    train: Dataset;
    test: Dataset;
    lrs: number[];
    iterations: number;
    batchSize: number;
    seed: number;
  },
): Promise<{
  runs: { lr: number; curve: Curve; model: Model }[];
  best: { lr: number; curve: Curve };
}> {
  const runs = [];
  for (const lr of o.lrs) {
    const model = mlp(o.net);
    const h = await fit(
      model,
      { data: o.train },
      {
        optimizer: sgd({ lr }),
        batchSize: o.batchSize,
        iterations: o.iterations,
        trainEvalSize: 0,
        validation: { data: o.test },
        seed: o.seed,
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
