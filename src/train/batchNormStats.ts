/**
 * Recomputing batch-normalisation statistics for a given θ (for example
 * averaged parameters, Deep Learning §8.7.3, whose running statistics were never
 * accumulated): forward passes in training mode over the data, with each layer's
 * running mean and variance replaced by the plain average of its batch
 * statistics (as PyTorch's `update_bn` does with momentum None).
 *
 * The modules update r ← μ r + (1 − μ) s with their own momentum μ; after each
 * pass the batch statistic is recovered as s = (r' − μ r)/(1 − μ) and averaged.
 */
import { z } from 'zod';
import { noGrad } from '../autodiff/index.js';
import { BatchNorm, type Model } from '../nn/index.js';
import { liveContext, walk } from '../nn/module.js';
import { count, parseOptions } from '../options/index.js';
import { Batcher } from './evaluate.js';
import type { TrainData } from './types.js';

/** Whether the model has batch-norm layers. */
export function hasBatchNorm(model: Model): boolean {
  return walk(model.net).some((m) => m instanceof BatchNorm);
}

/** The options of {@link recomputeBatchNorm}: `batches` absent means the whole set. */
const recomputeOptions = z.strictObject({
  batchSize: count().default(100),
  batches: count().optional(),
});

/**
 * Sets every batch-norm layer's running statistics to the mean of its batch
 * statistics over `batches` consecutive batches of `batchSize` rows (default:
 * the whole set in batches of 100). θ is not changed.
 */
export function recomputeBatchNorm(
  model: Model,
  d: TrainData,
  opts: { batchSize?: number; batches?: number } = {},
): void {
  const o = parseOptions('recomputeBatchNorm', recomputeOptions, opts);
  const bns = walk(model.net).filter((m): m is BatchNorm => m instanceof BatchNorm);
  if (bns.length === 0) return;
  const n = d.data.n;
  const bs = Math.min(n, o.batchSize);
  const nb = Math.min(o.batches ?? Math.floor(n / bs), Math.floor(n / bs));
  if (nb < 1)
    throw new RangeError(
      `recomputeBatchNorm: needs at least one batch of ${bs} rows, the data has ${n}`,
    );
  const batcher = new Batcher(d, bs, model);
  const idx = new Int32Array(bs);
  const sums = bns.map(
    (b) => [new Float64Array(b.features), new Float64Array(b.features)] as const,
  );
  const ctx = { ...liveContext(true), updateStats: true, stochastic: false };
  for (let k = 0; k < nb; k++) {
    for (let i = 0; i < bs; i++) idx[i] = k * bs + i;
    const before = bns.map((b) => [b.runningMean.data.slice(), b.runningVar.data.slice()] as const);
    const { x } = batcher.batch(idx);
    noGrad(() => model.net.forward(x, ctx));
    bns.forEach((b, j) => {
      const mu = b.config.momentum;
      const [m0, v0] = before[j]!;
      const [sm, sv] = sums[j]!;
      for (let f = 0; f < b.features; f++) {
        sm[f] = sm[f]! + (b.runningMean.data[f]! - mu * m0[f]!) / (1 - mu);
        sv[f] = sv[f]! + (b.runningVar.data[f]! - mu * v0[f]!) / (1 - mu);
      }
      // restore, so the next pass starts from the same state
      b.runningMean.data.set(m0);
      b.runningVar.data.set(v0);
    });
  }
  bns.forEach((b, j) => {
    const [sm, sv] = sums[j]!;
    for (let f = 0; f < b.features; f++) {
      b.runningMean.data[f] = sm[f]! / nb;
      b.runningVar.data[f] = sv[f]! / nb;
    }
  });
}
