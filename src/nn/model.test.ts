import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { grad } from '../autodiff/index.js';
import { Rng } from '../random/index.js';
import { randn, Tensor, tensor } from '../tensor/index.js';
import type { Dropout } from './dropout.js';
import { mlp } from './mlp.js';
import { walk } from './module.js';
import { modelObjective } from './objective.js';

interface EvalCase {
  problem: {
    name: string;
    sizes: number[];
    activation: string;
    loss: string;
    inputs: number[][];
    targets: number[];
  };
  x: number[];
  v: number[];
  expected: { f: number; grad: number[]; hvp: number[] };
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

function bnDropoutNet(seed = 3) {
  const model = mlp({
    sizes: [4, 6, 5, 3],
    activation: 'tanh',
    batchNorm: 'before',
    dropout: 0.3,
    seed,
  });
  const r = new Rng(seed + 1);
  // random γ, β so batch norm is not the identity around its default
  for (const p of model.params.list) {
    if (p.kind === 'gamma')
      for (let i = 0; i < p.size; i++) p.value.data[i] = r.uniformIn(0.5, 1.5);
    if (p.kind === 'beta')
      for (let i = 0; i < p.size; i++) p.value.data[i] = r.uniformIn(-0.5, 0.5);
  }
  const x = randn([6, 4], r);
  const y = Int32Array.from([0, 1, 2, 2, 1, 0]);
  for (const m of walk(model.net)) {
    if (m.name.startsWith('drop')) {
      const d = m as Dropout;
      d.setMask(
        Uint8Array.from({ length: 6 * (m.name === 'drop0' ? 6 : 5) }, () =>
          r.uniform() < 0.7 ? 1 : 0,
        ),
      );
    }
  }
  return { model, x, y };
}

describe('Model', () => {
  it('matches PyTorch autograd on the eval fixture (value, gradient into ∇θ, exact hvp)', () => {
    const fixture = JSON.parse(
      readFileSync(new URL('../../test/reference/eval-torch.json', import.meta.url), 'utf8'),
    ) as {
      cases: EvalCase[];
    };
    const cases = fixture.cases.filter((c) => c.problem.name === 'mlp');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      const p = c.problem;
      const model = mlp({
        sizes: p.sizes,
        activation: p.activation as 'tanh',
        loss: 'softmax-cross-entropy',
      });
      model.params.setFlat(c.x);
      const X = tensor(p.inputs);
      const Y = Int32Array.from(p.targets);
      const f = model.lossAndGrad(X, Y);
      expect(rel(f, c.expected.f)).toBeLessThan(1e-9);
      c.expected.grad.forEach((g, i) => {
        expect(rel(model.grad[i]!, g)).toBeLessThan(1e-9);
      });
      const obj = modelObjective(model, X, Y);
      const hv = new Float64Array(model.size);
      obj.hvp(Float64Array.from(c.x), Float64Array.from(c.v), hv);
      c.expected.hvp.forEach((h, i) => {
        expect(rel(hv[i]!, h)).toBeLessThan(1e-9);
      });
    }
  });

  it('∇θ written by lossAndGrad equals the autodiff gradient of the flat function (BN + fixed dropout)', () => {
    const { model, x, y } = bnDropoutNet();
    const f = model.flatFunction(x, y, { training: true });
    const g = grad(f)(new Tensor(Float64Array.from(model.theta), [model.size]));
    const leaves = model.params.tensors;
    model.lossAndGrad(x, y);
    for (let i = 0; i < model.size; i++)
      expect(Math.abs(model.grad[i]! - g.data[i]!)).toBeLessThan(1e-13);
    // the same leaf tensors are reused (no per-step parameter allocation), views of θ
    model.params.tensors.forEach((t, i) => {
      expect(t).toBe(leaves[i]);
    });
    expect(leaves[0]!.data.buffer).toBe(model.theta.buffer);
    // gradients are overwritten, not accumulated
    const first = Array.from(model.grad);
    model.params.buffers.fill(0);
    model.lossAndGrad(x, y);
    expect(Array.from(model.grad)).toEqual(first);
  });

  it('modelObjective: hvp matches central differences of the gradient; the model is untouched', () => {
    const { model, x, y } = bnDropoutNet(7);
    const obj = modelObjective(model, x, y, { training: true });
    const theta0 = Array.from(model.theta);
    const buf0 = Array.from(model.params.buffers);
    const n = obj.dim;
    const r = new Rng(9);
    const th = Float64Array.from(theta0, (t) => t + 0.05 * r.normal());
    const v = Float64Array.from({ length: n }, () => r.normal());
    const hv = new Float64Array(n);
    obj.hvp(th, v, hv);
    const h = 1e-5;
    const gp = new Float64Array(n);
    const gm = new Float64Array(n);
    obj.valueAndGrad(
      th.map((t, i) => t + h * v[i]!),
      gp,
    );
    obj.valueAndGrad(
      th.map((t, i) => t - h * v[i]!),
      gm,
    );
    let scale = 0;
    for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(hv[i]!));
    for (let i = 0; i < n; i++)
      expect(Math.abs(hv[i]! - (gp[i]! - gm[i]!) / (2 * h))).toBeLessThan(1e-6 * scale);
    // value equals the model's own loss at the same θ (training mode, fixed masks)
    const g = new Float64Array(n);
    const f = obj.valueAndGrad(Float64Array.from(theta0), g);
    expect(f).toBeCloseTo(model.lossAndGrad(x, y), 13);
    model.params.buffers.set(buf0);
    expect(Array.from(model.theta)).toEqual(theta0);
  });

  it('a float32 model gives the float64 gradient to float32 accuracy', () => {
    const m64 = mlp({ sizes: [5, 8, 3], seed: 2 });
    const m32 = mlp({ sizes: [5, 8, 3], seed: 2, dtype: 'float32' });
    m32.params.setFlat(m64.theta);
    m64.params.setFlat(m32.theta); // identical (rounded) θ
    const x = randn([10, 5], new Rng(3));
    const y = Int32Array.from({ length: 10 }, (_, i) => i % 3);
    const f64 = m64.lossAndGrad(x, y);
    const f32 = m32.lossAndGrad(x, y);
    expect(m32.grad).toBeInstanceOf(Float32Array);
    expect(Math.abs(f32 - f64)).toBeLessThan(1e-5);
    for (let i = 0; i < m64.size; i++)
      expect(Math.abs(m32.grad[i]! - m64.grad[i]!)).toBeLessThan(1e-5);
  });

  it('state (mode, running statistics, generator states) round-trips and is checked', () => {
    const { model, x, y } = bnDropoutNet();
    model.lossAndGrad(x, y);
    const s = model.getState();
    const again = bnDropoutNet().model;
    again.eval();
    again.setState(s);
    expect(again.training).toBe(true);
    expect(Array.from(again.params.buffers)).toEqual(Array.from(model.params.buffers));
    expect(Object.keys(s.rngs).sort()).toEqual(['drop0', 'drop1']);
    const other = mlp({ sizes: [4, 6, 5, 3], batchNorm: 'before' });
    expect(() => other.setState(s)).toThrow(/generator states for \[drop0, drop1\]/);
  });
});
