import { describe, expect, it } from 'vitest';
import { gradients } from '../autodiff/index.js';
import { Rng } from '../random/index.js';
import { randn, type Tensor, tensor } from '../tensor/index.js';
import { Activation } from './activations.js';
import { BatchNorm, parseBatchNormOptions } from './batchNorm.js';
import { checkModule, probeModel, run } from './check.test-util.js';
import { Linear } from './linear.js';
import { liveContext } from './module.js';
import { Sequential } from './sequential.js';

function randomGammaBeta(model: ReturnType<typeof probeModel>, seed: number) {
  const r = new Rng(seed);
  for (const p of model.params.list) {
    if (p.kind === 'gamma') for (let i = 0; i < p.size; i++) p.value.data[i] = r.uniformIn(0.5, 2);
    if (p.kind === 'beta') for (let i = 0; i < p.size; i++) p.value.data[i] = r.uniformIn(-1, 1);
  }
}

/** DLFS's hand-written BatchNormalization.backward, transcribed naively (per column j). */
function dlfsBackward(x: number[][], gamma: number[], dout: number[][], eps: number) {
  const m = x.length;
  const D = x[0]!.length;
  const dx = x.map((r) => r.map(() => 0));
  const dgamma: number[] = [];
  const dbeta: number[] = [];
  for (let j = 0; j < D; j++) {
    const col = x.map((r) => r[j]!);
    const mu = col.reduce((a, b) => a + b, 0) / m;
    const xc = col.map((v) => v - mu);
    const v = xc.reduce((a, b) => a + b * b, 0) / m;
    const std = Math.sqrt(v + eps);
    const xn = xc.map((c) => c / std);
    const d = dout.map((r) => r[j]!);
    dbeta.push(d.reduce((a, b) => a + b, 0));
    dgamma.push(xn.reduce((a, b, i) => a + b * d[i]!, 0));
    const dxn = d.map((di) => gamma[j]! * di);
    let dxc = dxn.map((e) => e / std);
    const dstd = -dxn.reduce((a, e, i) => a + (e * xc[i]!) / (std * std), 0);
    const dvar = (0.5 * dstd) / std;
    dxc = dxc.map((e, i) => e + (2 / m) * xc[i]! * dvar);
    const dmu = dxc.reduce((a, b) => a + b, 0);
    for (let i = 0; i < m; i++) dx[i]![j] = dxc[i]! - dmu / m;
  }
  return { dx, dgamma, dbeta };
}

describe('BatchNorm', () => {
  it('normalises each column over the rows: mean β, standard deviation ≈ γ', () => {
    const model = probeModel((ps) => new BatchNorm(ps, 'bn', 3));
    randomGammaBeta(model, 3);
    const x = randn([50, 3], new Rng(4), { std: 5 });
    const y = run(model, x, true);
    const g = model.params.get('bn.gamma').value.data;
    const b = model.params.get('bn.beta').value.data;
    for (let j = 0; j < 3; j++) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < 50; i++) s += y.data[i * 3 + j]!;
      const mu = s / 50;
      for (let i = 0; i < 50; i++) s2 += (y.data[i * 3 + j]! - mu) ** 2;
      expect(mu).toBeCloseTo(b[j]!, 12);
      expect(Math.sqrt(s2 / 50)).toBeCloseTo(g[j]!, 6);
    }
  });

  it('gives the gradients of DLFS hand-written backward pass', () => {
    const model = probeModel((ps) => new BatchNorm(ps, 'bn', 3));
    randomGammaBeta(model, 8);
    const x = randn([4, 3], new Rng(9));
    model.training = true;
    // the probe's loss is Σ out ⊙ R, so dout = R
    model.lossAndGrad(x, new Int32Array(0));
    const gradTheta = Array.from(model.grad);
    const R = randn([4, 3], new Rng(101)); // probeModel(seed = 1) draws R from Rng(seed + 100)
    const rows = (t: Tensor) => (t.toArray() as number[][]).map((r) => [...r]);
    const ref = dlfsBackward(
      rows(x),
      Array.from(model.params.get('bn.gamma').value.data),
      rows(R),
      1e-8,
    );
    const got = [...ref.dgamma, ...ref.dbeta];
    got.forEach((v, i) => {
      expect(gradTheta[i]).toBeCloseTo(v, 10);
    });
    const xl = x.variable();
    const ctx = { ...liveContext(true), updateStats: false };
    const [dx] = gradients(model.loss(model.net.forward(xl, ctx), new Int32Array(0)), [xl]);
    ref.dx.flat().forEach((v, i) => {
      expect(dx!.data[i]).toBeCloseTo(v, 10);
    });
  });

  it('passes gradcheck in training mode (batch 4, random γ, β) and in evaluation mode', () => {
    const model = probeModel((ps) => new BatchNorm(ps, 'bn', 3));
    randomGammaBeta(model, 5);
    const x = randn([4, 3], new Rng(6));
    checkModule(model, x, { training: true });
    model.params.buffers.set([0.1, -0.2, 0.3, 0.5, 2, 1.5]);
    checkModule(model, x, { training: false });
  });

  it('a BN network passes the gradient check of DLFS §6.3 (h = 1e-4, batch 2)', () => {
    const model = probeModel(
      (ps) =>
        new Sequential([
          new Linear(ps, 'l0', 4, 5),
          new BatchNorm(ps, 'bn0', 5, { preset: 'dlfs' }),
          new Activation('a0', 'relu'),
          new Linear(ps, 'l1', 5, 3),
        ]),
    );
    randomGammaBeta(model, 11);
    checkModule(model, randn([2, 4], new Rng(12)), {
      training: true,
      eps: 1e-4,
      atol: 1e-6,
      rtol: 1e-5,
    });
  });

  it('running statistics follow running ← momentum·running + (1 − momentum)·batch', () => {
    const model = probeModel((ps) => new BatchNorm(ps, 'bn', 2, { preset: 'dlfs', momentum: 0.8 }));
    model.training = true;
    const r = new Rng(3);
    const rm = [0, 0];
    const rv = [0, 0];
    for (let step = 0; step < 3; step++) {
      const x = randn([5, 2], r);
      model.forward(x);
      for (let j = 0; j < 2; j++) {
        const col = [0, 1, 2, 3, 4].map((i) => x.data[i * 2 + j]!);
        const mu = col.reduce((a, b) => a + b, 0) / 5;
        const v = col.reduce((a, b) => a + (b - mu) ** 2, 0) / 5;
        rm[j] = 0.8 * rm[j]! + 0.2 * mu;
        rv[j] = 0.8 * rv[j]! + 0.2 * v;
      }
    }
    const bn = model.params;
    Array.from(bn.buffer('bn.runningMean').data).forEach((v, j) => {
      expect(v).toBeCloseTo(rm[j]!, 14);
    });
    Array.from(bn.buffer('bn.runningVar').data).forEach((v, j) => {
      expect(v).toBeCloseTo(rv[j]!, 14);
    });
    // evaluation mode and predict do not move them
    const before = Array.from(bn.buffers);
    model.eval().forward(randn([5, 2], r));
    model.train();
    model.predict(randn([5, 2], r));
    expect(Array.from(bn.buffers)).toEqual(before);
  });

  it('evaluation mode uses y = γ (x − running_mean)/√(running_var + δ) + β', () => {
    const model = probeModel((ps) => new BatchNorm(ps, 'bn', 2));
    model.params.setFlat([2, 3, 0.5, -1]); // γ = [2, 3], β = [0.5, −1]
    model.params.buffers.set([1, -1, 4, 0.25]); // mean [1, −1], var [4, 0.25]
    const y = run(model, tensor([[3, 0]]));
    // 2·(3 − 1)/√(4 + 1e-8) + 0.5 ≈ 2.5; 3·(0 + 1)/√(0.25 + 1e-8) − 1 ≈ 5
    expect(y.data[0]).toBeCloseTo(2 * (2 / Math.sqrt(4 + 1e-8)) + 0.5, 14);
    expect(y.data[1]).toBeCloseTo(3 * (1 / Math.sqrt(0.25 + 1e-8)) - 1, 14);
  });

  it('presets: the book δ = 1e-8, running var from 1; DLFS δ = 10e-7, running stats from 0', () => {
    expect(parseBatchNormOptions({})).toEqual({
      preset: 'book',
      eps: 1e-8,
      momentum: 0.9,
      runningVarInit: 1,
    });
    expect(parseBatchNormOptions({ preset: 'dlfs' })).toEqual({
      preset: 'dlfs',
      eps: 1e-6,
      momentum: 0.9,
      runningVarInit: 0,
    });
    const m = probeModel((ps) => new BatchNorm(ps, 'bn', 2, { preset: 'dlfs' }));
    expect(Array.from(m.params.buffers)).toEqual([0, 0, 0, 0]);
    expect(() => parseBatchNormOptions({ momentum: 1 })).toThrow(
      'BatchNorm: option momentum must be a number < 1, got 1',
    );
    expect(() => parseBatchNormOptions({ eps: 0 })).toThrow(
      'BatchNorm: option eps must be a number > 0, got 0',
    );
    expect(() => parseBatchNormOptions({ preset: 'keras' as 'book' })).toThrow(
      'BatchNorm: option preset must be one of book, dlfs, got "keras"',
    );
  });
});
