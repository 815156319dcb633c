import { describe, expect, it } from 'vitest';
import { blobs } from '../data/index.js';
import { Model, mlp } from '../nn/index.js';
import { adam } from '../optim/index.js';
import { Rng } from '../random/index.js';
import { fit } from '../train/index.js';
import { trainHints } from './fitnets.js';
import { layerValues } from './representation.js';

const bits = (a: ArrayLike<number>) => Array.from(a);
const centers = [
  [0, 0, 0, 0],
  [3, 3, 0, 0],
  [0, 3, 3, 0],
];
const data = blobs({ rng: new Rng(1), n: 240, centers, std: 1.5 });
const val = blobs({ rng: new Rng(2), n: 60, centers, std: 1.5 });

describe('trainHints (FitNets stage one)', () => {
  it('reduces the hint loss and writes the guided layers into the student, nothing else', async () => {
    const teacher = mlp({ sizes: [4, 16, 3], seed: 1 });
    await fit(teacher, { data }, { optimizer: adam({ lr: 0.01 }), batchSize: 16, epochs: 5 });
    const student = mlp({
      sizes: [4, 5, 5, 5, 3],
      activation: 'tanh',
      seed: 2,
      batchNorm: 'after',
    });
    const before = student.params.getFlat();
    const r = await trainHints(student, {
      teacher,
      hint: 'act0',
      guided: 1,
      train: data,
      validation: val,
      fit: { optimizer: adam({ lr: 0.01 }), batchSize: 16, epochs: 20, seed: 3 },
    });
    expect(r.hintWidth).toBe(16);
    expect(r.hintModel.params.get('layer2.W').shape).toEqual([5, 16]);
    expect(r.hintLossAfter).toBeLessThan(0.5 * r.hintLossBefore);
    const e = r.history.epochs;
    expect(e.at(-1)!.valLoss).toBeLessThan(e[0]!.valLoss);
    // the hint loss is the mse between the regressor's output and the teacher's hint layer
    const pred = layerValues(r.hintModel, data).values;
    const hint = layerValues(teacher, data, 'act0').values;
    let s = 0;
    for (let i = 0; i < pred.length; i++) s += (pred[i]! - hint[i]!) ** 2;
    expect(s / pred.length).toBeCloseTo(r.hintLossAfter, 10);
    for (const p of student.params.list) {
      const now = bits(p.value.data);
      if (['layer0', 'bn0', 'layer1', 'bn1'].includes(p.layer))
        expect(now).toEqual(bits(r.hintModel.params.get(p.name).value.data));
      else expect(now).toEqual(bits(before.subarray(p.offset, p.offset + p.size)));
    }
    expect(bits(student.params.buffer('bn1.runningVar').data)).toEqual(
      bits(r.hintModel.params.buffer('bn1.runningVar').data),
    );
  });

  it('rejects a guided layer outside the student and a student not built by mlp', async () => {
    const teacher = mlp({ sizes: [4, 8, 3], seed: 1 });
    const student = mlp({ sizes: [4, 5, 5, 3], seed: 2 });
    const o = { teacher, hint: 'act0', train: data, fit: { optimizer: adam(), batchSize: 8 } };
    await expect(trainHints(student, { ...o, guided: 2 })).rejects.toThrow(/guided/);
    const bare = new Model(student.net, student.params);
    await expect(trainHints(bare, { ...o, guided: 0 })).rejects.toThrow(/mlp/);
    await expect(trainHints(student, { ...o, hint: 'act9', guided: 0 })).rejects.toThrow(/act9/);
  });
});
