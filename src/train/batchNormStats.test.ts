import { describe, expect, it } from 'vitest';
import { blobs } from '../data/index.js';
import { mlp } from '../nn/index.js';
import { Rng } from '../random/index.js';
import { recomputeBatchNorm } from './batchNormStats.js';

describe('recomputeBatchNorm', () => {
  it("sets the first layer's running statistics to the exact mean and variance of xW over the data", () => {
    const data = blobs({ rng: new Rng(3), n: 50, dim: 3, centers: 2 });
    const model = mlp({ sizes: [3, 4, 2], batchNorm: 'before', seed: 1 });
    recomputeBatchNorm(model, { data }, { batchSize: 50, batches: 1 });
    const W = model.params.get('layer0.W').value.data;
    const mean = new Float64Array(4);
    const sq = new Float64Array(4);
    for (let i = 0; i < 50; i++) {
      for (let j = 0; j < 4; j++) {
        let h = 0;
        for (let k = 0; k < 3; k++) h += data.x[i * 3 + k]! * W[k * 4 + j]!;
        mean[j] = mean[j]! + h / 50;
        sq[j] = sq[j]! + (h * h) / 50;
      }
    }
    const rm = model.params.buffer('bn0.runningMean').data;
    const rv = model.params.buffer('bn0.runningVar').data;
    for (let j = 0; j < 4; j++) {
      expect(rm[j]).toBeCloseTo(mean[j]!, 10);
      expect(rv[j]).toBeCloseTo(sq[j]! - mean[j]! * mean[j]!, 10);
    }
  });

  it('averages batch statistics over several batches and leaves θ alone', () => {
    const data = blobs({ rng: new Rng(4), n: 40, dim: 2 });
    const model = mlp({ sizes: [2, 5, 3], batchNorm: 'before', seed: 2 });
    const theta = model.theta.slice();
    recomputeBatchNorm(model, { data }, { batchSize: 10, batches: 4 });
    const a = model.params.buffer('bn0.runningMean').data.slice();
    // the mean of 4 batch means of equal size is the mean over all 40 rows
    recomputeBatchNorm(model, { data }, { batchSize: 40, batches: 1 });
    const b = model.params.buffer('bn0.runningMean').data;
    for (let j = 0; j < 5; j++) expect(a[j]).toBeCloseTo(b[j]!, 10);
    expect(Array.from(model.theta)).toEqual(Array.from(theta));
  });
});
