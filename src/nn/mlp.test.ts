import { describe, expect, it } from 'vitest';
import { normal } from '../init/index.js';
import { Rng } from '../random/index.js';
import { randn, Tensor } from '../tensor/index.js';
import { type MlpOptions, mlp, parseMlpOptions } from './mlp.js';
import type { Model } from './model.js';
import type { Sequential } from './sequential.js';

const layerNames = (m: Model) => (m.net as Sequential).layers.map((l) => l.name);

/** Two interleaved spirals (1.5 turns each), generated with the seeded generator. */
function spirals(n: number, rng: Rng): { x: Tensor; y: Int32Array } {
  const x = new Float64Array(4 * n);
  const y = new Int32Array(2 * n);
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < n; i++) {
      const t = 0.15 + 0.85 * (i / n);
      const a = 3 * Math.PI * t + c * Math.PI;
      const k = c * n + i;
      x[2 * k] = t * Math.cos(a) + 0.02 * rng.normal();
      x[2 * k + 1] = t * Math.sin(a) + 0.02 * rng.normal();
      y[k] = c;
    }
  }
  return { x: new Tensor(x, [2 * n, 2]), y };
}

/** Plain minibatch SGD written out: θ ← θ − ε g, shuffled epochs. Stops once train accuracy ≥ target. */
function sgd(
  model: Model,
  x: Tensor,
  y: Int32Array,
  lr: number,
  epochs: number,
  batch: number,
  target: number,
): number {
  const rng = new Rng(11);
  const m = y.length;
  const d = x.shape[1]!;
  const order = rng.permutation(m);
  let acc = 0;
  for (let ep = 0; ep < epochs; ep++) {
    rng.shuffle(order);
    for (let s = 0; s + batch <= m; s += batch) {
      const xb = new Tensor(new Float64Array(batch * d), [batch, d]);
      const yb = new Int32Array(batch);
      for (let r = 0; r < batch; r++) {
        const j = order[s + r]!;
        for (let k = 0; k < d; k++) xb.data[r * d + k] = x.data[j * d + k]!;
        yb[r] = y[j]!;
      }
      model.lossAndGrad(xb, yb);
      const th = model.theta;
      const g = model.grad;
      for (let i = 0; i < th.length; i++) th[i] = th[i]! - lr * g[i]!;
    }
    if (ep % 10 === 9) {
      acc = model.evaluate(x, y).accuracy;
      if (acc >= target) return acc;
    }
  }
  return acc;
}

describe('mlp builder', () => {
  it('builds Linear → act blocks with named parameters W, b in θ order', () => {
    const m = mlp({ sizes: [4, 3, 2] });
    expect(layerNames(m)).toEqual(['layer0', 'act0', 'layer1']);
    expect(m.params.list.map((p) => `${p.name}:${p.shape.join('x')}`)).toEqual([
      'layer0.W:4x3',
      'layer0.b:3',
      'layer1.W:3x2',
      'layer1.b:2',
    ]);
    // 4·3 + 3 + 3·2 + 2 = 23
    expect(m.size).toBe(23);
  });

  it('places batch norm before or after the nonlinearity and dropout last', () => {
    const before = mlp({ sizes: [4, 3, 3, 2], batchNorm: 'before', dropout: 0.5 });
    expect(layerNames(before)).toEqual([
      'layer0',
      'bn0',
      'act0',
      'drop0',
      'layer1',
      'bn1',
      'act1',
      'drop1',
      'layer2',
    ]);
    // the bias before batch norm is redundant and left out: 12 + 6 + 9 + 6 + 3·2 + 2 = 41
    expect(before.size).toBe(41);
    expect(() => before.params.get('layer0.b')).toThrow(/no parameter named 'layer0.b'/);
    const dlfs = mlp({ sizes: [4, 3, 3, 2], batchNorm: 'before', biasBeforeBatchNorm: true });
    expect(dlfs.size).toBe(41 + 3 + 3);
    const after = mlp({ sizes: [4, 3, 2], batchNorm: 'after', outputActivation: 'sigmoid' });
    expect(layerNames(after)).toEqual(['layer0', 'act0', 'bn0', 'layer1', 'act1']);
    expect(after.params.bufferList.map((b) => b.name)).toEqual([
      'bn0.runningMean',
      'bn0.runningVar',
    ]);
  });

  it('weight-decay masks: weights only by default, or as asked', () => {
    const m = mlp({ sizes: [2, 2, 1], batchNorm: 'before' });
    // θ = W0 (4) | γ (2) | β (2) | W1 (2) | b1 (1)
    expect(Array.from(m.weightDecayMask)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0]);
    const all = mlp({ sizes: [2, 2, 1], weightDecayMask: 'all' });
    expect(Array.from(all.weightDecayMask).every((v) => v === 1)).toBe(true);
    const kinds = mlp({ sizes: [2, 2, 1], weightDecayMask: ['bias'] });
    expect(Array.from(kinds.weightDecayMask)).toEqual([0, 0, 0, 0, 1, 1, 0, 0, 1]);
  });

  it('initialises from init specs: the same draws as the initialiser itself, biases zero', () => {
    const m = mlp({ sizes: [3, 4, 2], init: { name: 'normal', std: 0.01 }, seed: 5 });
    const rng = new Rng(5);
    const w0 = new Float64Array(12);
    const w1 = new Float64Array(8);
    normal(0.01)(w0, 3, 4, rng);
    normal(0.01)(w1, 4, 2, rng);
    expect(Array.from(m.params.get('layer0.W').value.data)).toEqual(Array.from(w0));
    expect(Array.from(m.params.get('layer1.W').value.data)).toEqual(Array.from(w1));
    expect(Array.from(m.params.get('layer0.b').value.data)).toEqual([0, 0, 0, 0]);
    // DLFS names: 'he' is N(0, 2/n_in), a number is a standard deviation
    const he = mlp({ sizes: [400, 300, 2], init: 'he', seed: 1 });
    const w = he.params.get('layer0.W').value.data;
    const sd = Math.sqrt(Array.from(w).reduce((a, v) => a + v * v, 0) / w.length);
    // sd of the sample sd ≈ σ/√(2n) ≈ 0.0707/490 ≈ 1.4e-4
    expect(Math.abs(sd - Math.sqrt(2 / 400))).toBeLessThan(1e-3);
    expect(mlp({ sizes: [3, 2], seed: 9 }).theta).toEqual(mlp({ sizes: [3, 2], seed: 9 }).theta);
  });

  it('validates every option with a message naming it', () => {
    const bad: [MlpOptions, RegExp | string][] = [
      [{ sizes: [3] }, 'mlp: option sizes must have at least 2 items, got an array of 1'],
      [{ sizes: [3, 0] }, 'mlp: option sizes.1 must be a number ≥ 1, got 0'],
      [
        { sizes: [3, 2], batchNorm: 'middle' as 'before' },
        `mlp: option batchNorm must be 'before', 'after' or false, got "middle"`,
      ],
      [{ sizes: [3, 2], dropout: 1.5 }, /option dropout must be a ratio in \[0, 1\).*got 1.5/],
      [
        { sizes: [3, 2], dropout: { p: 0.1, mode: 'x' as 'dlfs' } },
        /option dropout must be a ratio.*got an object/,
      ],
      [{ sizes: [3, 2], loss: 'hinge' as 'mse' }, /option loss must be one of .*got "hinge"/],
      // @ts-expect-error a misspelt initialiser is a compile error (and a clear runtime one from JS)
      [{ sizes: [3, 2], init: 'glorious' }, /option init is invalid: .*unknown initialiser/],
      [
        { sizes: [3, 2], activation: 'swish' as 'relu' },
        /option activation is invalid: activation: option name must be one of .*got "swish"/,
      ],
      [{ sizes: [3, 2], weightDecayMask: ['W' as 'weight'] }, /option weightDecayMask must be/],
      [{ sizes: [3, 2], dtype: 'float16' as 'float32' }, /option dtype must be one of/],
      [{ sizes: [3, 2], seed: 1.5 }, 'mlp: option seed must be an integer, got 1.5'],
      [
        { sizes: [3, 2], batchNormOptions: { eps: 0 } },
        'mlp: option batchNormOptions.eps must be a number > 0, got 0',
      ],
      [{ sizes: [3, 2], lr: 0.1 } as unknown as MlpOptions, 'mlp: unknown option lr'],
    ];
    for (const [o, re] of bad) expect(() => mlp(o)).toThrow(re);
    // the parsed config is JSON data and rebuilds the same network
    const c = parseMlpOptions({
      sizes: [3, 4, 2],
      activation: { name: 'leaky-relu', alpha: 0.2 },
      seed: 4,
    });
    const again = mlp(JSON.parse(JSON.stringify(c)));
    expect(again.theta).toEqual(
      mlp({ sizes: [3, 4, 2], activation: { name: 'leaky-relu', alpha: 0.2 }, seed: 4 }).theta,
    );
  });

  it('activations() returns every layer output (DLFS activation histograms)', () => {
    const m = mlp({
      sizes: [10, 8, 8, 8],
      bias: false,
      activation: 'sigmoid',
      outputActivation: 'sigmoid',
      init: 1,
    });
    expect(m.size).toBe(10 * 8 + 8 * 8 + 8 * 8);
    const outs = m.activations(randn([20, 10], new Rng(1)));
    expect(outs.map((o) => o.name)).toEqual(['layer0', 'act0', 'layer1', 'act1', 'layer2', 'act2']);
    for (const o of outs.filter((o) => o.name.startsWith('act'))) {
      expect(o.output.toFlatArray().every((v) => v > 0 && v < 1)).toBe(true);
    }
  });
});

describe('training with plain SGD', () => {
  it('a ReLU MLP learns two spirals to ≥ 98% training accuracy', () => {
    const { x, y } = spirals(100, new Rng(1));
    const model = mlp({ sizes: [2, 32, 32, 2], seed: 3 });
    const before = model.evaluate(x, y).accuracy;
    const acc = sgd(model, x, y, 0.3, 200, 20, 0.98);
    expect(before).toBeLessThan(0.8);
    expect(acc).toBeGreaterThanOrEqual(0.98);
  });

  it('with batch norm and dropout it learns too, judged in evaluation mode (running statistics)', () => {
    const { x, y } = spirals(100, new Rng(2));
    const model = mlp({ sizes: [2, 32, 32, 2], seed: 3, batchNorm: 'before', dropout: 0.1 });
    const acc = sgd(model, x, y, 0.3, 100, 20, 0.95);
    expect(acc).toBeGreaterThanOrEqual(0.95);
    expect(model.training).toBe(true);
  });
});
