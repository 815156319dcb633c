import { describe, expect, it } from 'vitest';
import { blobs } from '../data/index.js';
import { Model, mlp } from '../nn/index.js';
import { adam } from '../optim/index.js';
import { Rng } from '../random/index.js';
import { fit } from '../train/index.js';
import { columnStats, standardizeColumns, trainHints } from './fitnets.js';
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
    expect(e.at(-1)!.valLoss!).toBeLessThan(e[0]!.valLoss!);
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

  it('standardised hints: the regression targets are the hint layer z-scored with the training statistics', async () => {
    const teacher = mlp({ sizes: [4, 16, 3], seed: 1 });
    await fit(teacher, { data }, { optimizer: adam({ lr: 0.01 }), batchSize: 16, epochs: 5 });
    const student = mlp({ sizes: [4, 5, 5, 3], activation: 'sigmoid', seed: 2 });
    const r = await trainHints(student, {
      teacher,
      hint: 'act0',
      guided: 0,
      train: data,
      validation: val,
      standardize: true,
      fit: { optimizer: adam({ lr: 0.01 }), batchSize: 16, epochs: 20, seed: 3 },
    });
    const raw = layerValues(teacher, data, 'act0').values;
    const st = columnStats(raw, 16);
    expect(bits(r.hintStats!.mean)).toEqual(bits(st.mean));
    expect(bits(r.hintStats!.std)).toEqual(bits(st.std));
    // naive z-scores of the hint layer, unit by unit; the loss is their mse against the regressor
    const pred = layerValues(r.hintModel, data).values;
    const n = data.n;
    let s = 0;
    for (let j = 0; j < 16; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += raw[i * 16 + j]! / n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (raw[i * 16 + j]! - m) ** 2 / n;
      for (let i = 0; i < n; i++) {
        const z = v > 0 ? (raw[i * 16 + j]! - m) / Math.sqrt(v) : 0;
        s += (pred[i * 16 + j]! - z) ** 2;
      }
    }
    expect(s / pred.length).toBeCloseTo(r.hintLossAfter, 5);
    // the mean predictor's loss is the share of non-constant units (each has variance 1)
    let live = 0;
    for (let j = 0; j < 16; j++) if (st.std[j]! > 0) live++;
    expect(r.hintLossAfter).toBeLessThan(0.5 * (live / 16));
    const e = r.history.epochs;
    expect(e.at(-1)!.valLoss!).toBeLessThan(e[0]!.valLoss!);
  });

  it('columnStats and standardizeColumns on hand-computed values', () => {
    // columns [1, 3, 5] and [2, 2, 2]: means 3 and 2; variances (4 + 0 + 4)/3 = 8/3 and 0
    const v = Float64Array.from([1, 2, 3, 2, 5, 2]);
    const st = columnStats(v, 2);
    expect(bits(st.mean)).toEqual([3, 2]);
    expect(st.std[0]).toBeCloseTo(Math.sqrt(8 / 3), 14);
    expect(st.std[1]).toBe(0);
    standardizeColumns(v, 2, st);
    // ±2/√(8/3) = ±√(3/2) = ±1.224744871392; the constant column becomes 0
    const k = Math.sqrt(1.5);
    for (const [i, want] of [-k, 0, 0, 0, k, 0].entries()) expect(v[i]).toBeCloseTo(want, 14);
    expect(() => columnStats(v, 4)).toThrow(/width 4/);
  });

  it('rejects a guided layer outside the student and a student not built by mlp', async () => {
    const teacher = mlp({ sizes: [4, 8, 3], seed: 1 });
    const student = mlp({ sizes: [4, 5, 5, 3], seed: 2 });
    const o = { teacher, hint: 'act0', train: data, fit: { optimizer: adam(), batchSize: 8 } };
    await expect(trainHints(student, { ...o, guided: 2 })).rejects.toThrow(
      'trainHints: option guided must be a hidden block of the student in [0, 1], got 2',
    );
    const bare = new Model(student.net, student.params);
    await expect(trainHints(bare, { ...o, guided: 0 })).rejects.toThrow(/mlp/);
    await expect(trainHints(student, { ...o, hint: 'act9', guided: 0 })).rejects.toThrow(/act9/);
    await expect(
      trainHints(student, { ...o, guided: 0, standardize: 'yes' as unknown as boolean }),
    ).rejects.toThrow('trainHints: option standardize must be a boolean, got "yes"');
  });
});
