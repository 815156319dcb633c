import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobs } from '../data/index.js';
import { mlp } from '../nn/index.js';
import { loadMlp, saveModel } from '../nn/node/index.js';
import { adam, sgd } from '../optim/index.js';
import { Rng } from '../random/index.js';
import { fit } from '../train/index.js';
import { freezeLayers, layersMask, transferLayers, transferParameters } from './transfer.js';

const bits = (a: ArrayLike<number>) => Array.from(a);
const data = blobs({ rng: new Rng(1), n: 120, centers: 3, dim: 4, std: 2 });

describe('transfer', () => {
  it('copies the parameters two models share by name, from memory and from a saved file', async () => {
    const source = mlp({ sizes: [4, 8, 6, 3], seed: 1, batchNorm: 'before' });
    const target = mlp({ sizes: [4, 8, 5, 3], seed: 2, batchNorm: 'before' });
    const before = target.params.getFlat();
    const dir = mkdtempSync(join(tmpdir(), 'optlab-transfer-'));
    await saveModel(source, join(dir, 'src'));
    const loaded = await loadMlp(join(dir, 'src'));
    // same names and shapes: layer0.W, bn0.gamma, bn0.beta (layer0 has no bias before batch norm)
    const copied = transferParameters(target, loaded, ['layer0.W', 'bn0.gamma', 'bn0.beta']);
    expect(copied).toEqual(['layer0.W', 'bn0.gamma', 'bn0.beta']);
    for (const n of copied)
      expect(bits(target.params.get(n).value.data)).toEqual(bits(source.params.get(n).value.data));
    for (const p of target.params.list.filter((q) => !copied.includes(q.name)))
      expect(bits(p.value.data)).toEqual(bits(before.subarray(p.offset, p.offset + p.size)));
    expect(() => transferParameters(target, source, ['layer1.W'])).toThrow(/shape/);
    expect(() => transferParameters(target, source, ['nope.W'])).toThrow(/nope/);
    // without a list: every shared name whose shape matches must be asked for explicitly
    expect(() => transferParameters(target, source)).toThrow(/shape/);
  });

  it('copies whole layers under new names, buffers included', () => {
    const a = mlp({ sizes: [4, 6, 3], seed: 1, batchNorm: 'after' });
    const b = mlp({ sizes: [4, 6, 6, 3], seed: 2, batchNorm: 'after' });
    a.params.buffer('bn0.runningMean').data.fill(0.25);
    // a's block 0 (4 → 6) cannot go to b's block 1 (6 → 6): shapes differ
    expect(() => transferLayers(b, a, { layer0: 'layer1' })).toThrow(/shape/);
    const w = transferLayers(b, a, { layer0: 'layer0', bn0: 'bn1' });
    expect(w).toEqual([
      'layer0.W',
      'layer0.b',
      'bn1.gamma',
      'bn1.beta',
      'bn1.runningMean',
      'bn1.runningVar',
    ]);
    expect(bits(b.params.buffer('bn1.runningMean').data)).toEqual(new Array(6).fill(0.25));
    expect(() => transferLayers(b, a, { layer7: 'layer0' })).toThrow(/layer7/);
  });

  it('frozen layers do not change during training; the others do', async () => {
    const model = mlp({ sizes: [4, 8, 6, 3], seed: 3, activation: 'tanh' });
    const before = model.params.getFlat();
    const frozen = layersMask(model, ['layer0', 'layer2']);
    const opt = freezeLayers(model, adam({ lr: 0.01 }), ['layer0', 'layer2']);
    const h = await fit(model, { data }, { optimizer: opt, batchSize: 10, epochs: 2 });
    const after = model.params.getFlat();
    let changed = 0;
    for (let i = 0; i < after.length; i++) {
      if (frozen[i] === 1) expect(after[i]).toBe(before[i]);
      else if (after[i] !== before[i]) changed++;
    }
    const trainable = frozen.length - frozen.reduce((s, v) => s + v, 0);
    expect(trainable).toBe(8 * 6 + 6);
    expect(changed).toBe(trainable);
    expect(h.epochs[1]!.trainLoss).toBeLessThan(h.epochs[0]!.trainLoss);
    // nothing frozen: everything trains, as the plain optimizer
    const m2 = mlp({ sizes: [4, 8, 6, 3], seed: 3, activation: 'tanh' });
    const m3 = mlp({ sizes: [4, 8, 6, 3], seed: 3, activation: 'tanh' });
    await fit(m2, { data }, { optimizer: freezeLayers(m2, sgd({ lr: 0.1 }), []), batchSize: 10 });
    await fit(m3, { data }, { optimizer: sgd({ lr: 0.1 }), batchSize: 10 });
    expect(bits(m2.theta)).toEqual(bits(m3.theta));
  });
});
