/**
 * `Model.forwardBackward` recycles the buffers of a step (withScratch) when the
 * model is made of built-in modules: the results must be the same bits as
 * without recycling, and what it returns must survive later steps.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { Tensor } from '../tensor/index.js';
import { mlp } from './mlp.js';
import type { Model } from './model.js';

function batches(n: number) {
  const rng = new Rng(3);
  return Array.from({ length: n }, () => {
    const x = new Float32Array(16 * 6);
    rng.fillNormal(x);
    return {
      x: new Tensor(x, [16, 6]),
      y: Int32Array.from({ length: 16 }, (_, i) => (i * 7) % 4),
    };
  });
}

function build(): Model {
  return mlp({ sizes: [6, 9, 7, 4], batchNorm: 'before', dropout: 0.3, dtype: 'float32', seed: 5 });
}

function trainSteps(model: Model, recycle: boolean) {
  (model as unknown as { recycle: boolean }).recycle = recycle;
  const out: { loss: number; grad: number[]; output: Tensor }[] = [];
  for (const b of batches(4)) {
    const r = model.forwardBackward(b.x, b.y);
    out.push({ loss: r.loss, grad: Array.from(model.grad), output: r.output });
    const th = model.theta;
    for (let i = 0; i < th.length; i++) th[i] = th[i]! - 0.1 * model.grad[i]!;
  }
  return out;
}

describe('Model.forwardBackward buffer recycling', () => {
  it('is on for built-in modules and a built-in loss', () => {
    expect((build() as unknown as { recycle: boolean }).recycle).toBe(true);
  });

  it('gives the same bits as fresh allocation (batch norm, dropout, several steps)', () => {
    const a = trainSteps(build(), true);
    const b = trainSteps(build(), false);
    expect(a.map((s) => s.loss)).toEqual(b.map((s) => s.loss));
    expect(a.map((s) => s.grad)).toEqual(b.map((s) => s.grad));
    expect(a.map((s) => Array.from(s.output.data))).toEqual(
      b.map((s) => Array.from(s.output.data)),
    );
  });

  it('returns an output that later steps do not overwrite', () => {
    const model = build();
    const [b0, b1] = batches(2);
    const first = model.forwardBackward(b0!.x, b0!.y).output;
    const snapshot = Array.from(first.data);
    model.forwardBackward(b1!.x, b1!.y);
    expect(Array.from(first.data)).toEqual(snapshot);
  });
});
