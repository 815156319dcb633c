import { describe, expect, it } from 'vitest';
import { constant, normal } from '../init/index.js';
import { Rng } from '../random/index.js';
import { ParameterSet } from './parameters.js';

function small(dtype: 'float32' | 'float64' = 'float64') {
  const ps = new ParameterSet(dtype);
  const W = ps.declare({
    name: 'l0.W',
    shape: [3, 2],
    kind: 'weight',
    layer: 'l0',
    init: normal(1),
  });
  const b = ps.declare({
    name: 'l0.b',
    shape: [2],
    kind: 'bias',
    layer: 'l0',
    init: constant(0.5),
    fanIn: 1,
    fanOut: 2,
  });
  const g = ps.declare({
    name: 'bn0.gamma',
    shape: [2],
    kind: 'gamma',
    layer: 'bn0',
    init: constant(1),
    fanIn: 1,
    fanOut: 2,
  });
  const rm = ps.declareBuffer({ name: 'bn0.runningVar', shape: [2], layer: 'bn0', fill: 1 });
  ps.allocate(new Rng(7));
  return { ps, W, b, g, rm };
}

describe('ParameterSet', () => {
  it('lays the parameters out in declaration order in one θ', () => {
    const { ps, W, b, g } = small();
    expect(ps.size).toBe(6 + 2 + 2);
    expect([W.offset, b.offset, g.offset]).toEqual([0, 6, 8]);
    expect(ps.list.map((p) => p.name)).toEqual(['l0.W', 'l0.b', 'bn0.gamma']);
    expect(ps.layers).toEqual(['l0', 'bn0']);
  });

  it('the parameter tensors and gradient views are views of θ and ∇θ (no copy)', () => {
    const { ps, W, b } = small();
    expect(W.value.data.buffer).toBe(ps.theta.buffer);
    expect(b.grad.buffer).toBe(ps.grad.buffer);
    ps.theta[7] = 42;
    expect(b.value.data[1]).toBe(42);
    W.value.data[0] = -3;
    expect(ps.theta[0]).toBe(-3);
    b.grad[0] = 9;
    expect(ps.grad[6]).toBe(9);
    expect(W.value.requiresGrad).toBe(true);
  });

  it('runs the initialisers: the same seed gives the same bits, biases get their rule', () => {
    const a = small().ps;
    const c = small().ps;
    expect(Array.from(a.theta)).toEqual(Array.from(c.theta));
    expect(Array.from(a.theta.subarray(6, 10))).toEqual([0.5, 0.5, 1, 1]);
    expect(Array.from(a.buffers)).toEqual([1, 1]);
    // same draws as the initialiser called directly on a fresh generator
    const w = new Float64Array(6);
    normal(1)(w, 3, 2, new Rng(7));
    expect(Array.from(a.theta.subarray(0, 6))).toEqual(Array.from(w));
  });

  it('masks select weights, biases, kinds and layers', () => {
    const { ps } = small();
    expect(Array.from(ps.weightMask())).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(Array.from(ps.biasMask())).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    expect(Array.from(ps.kindMask('gamma'))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(Array.from(ps.layerMask('l0'))).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(() => ps.layerMask('nope')).toThrow(/no layer 'nope'/);
  });

  it('reads and writes the whole vector; float32 sets round on write', () => {
    const { ps } = small('float32');
    const x = Float64Array.from({ length: 10 }, (_, i) => i + 0.1);
    ps.setFlat(x);
    const back = ps.getFlat();
    for (let i = 0; i < 10; i++) expect(back[i]).toBe(Math.fround(x[i]!));
    expect(() => ps.setFlat(new Float64Array(3))).toThrow(/length 3, θ has 10/);
    ps.grad.fill(2);
    ps.zeroGrad();
    expect(Array.from(ps.getGrad())).toEqual(new Array(10).fill(0));
  });

  it('hands out handles whose views belong to the set: reading one before allocate is a clear error', () => {
    const ps = new ParameterSet();
    const a = ps.declare({ name: 'a', shape: [2], kind: 'bias', layer: 'x' });
    const m = ps.declareBuffer({ name: 'm', shape: [3], layer: 'x', fill: 2 });
    expect(a).toMatchObject({
      name: 'a',
      shape: [2],
      kind: 'bias',
      layer: 'x',
      offset: 0,
      size: 2,
    });
    expect(() => a.value).toThrow(/not allocated yet/);
    expect(() => a.grad).toThrow(/not allocated yet/);
    expect(() => m.data).toThrow(/not allocated yet/);
    expect(() => ps.tensors).toThrow(/not allocated yet/);
    ps.allocate(new Rng(0));
    expect(ps.get('a')).toBe(a);
    expect(ps.tensors[0]).toBe(a.value); // created once, the same leaf every read
    expect(a.value.data.buffer).toBe(ps.theta.buffer);
    expect(Array.from(m.data)).toEqual([2, 2, 2]);
    expect(m.tensor.data).toBe(m.data);
  });

  it('rejects duplicate names, declarations after allocation and use before it', () => {
    const ps = new ParameterSet();
    ps.declare({ name: 'a', shape: [2], kind: 'bias', layer: 'x' });
    expect(() => ps.declare({ name: 'a', shape: [1], kind: 'bias', layer: 'x' })).toThrow(
      /already declared/,
    );
    expect(() => ps.theta).toThrow(/not allocated/);
    expect(() => ps.declare({ name: 'b', shape: [1], kind: 'oops' as 'bias', layer: 'x' })).toThrow(
      /kind/,
    );
    ps.allocate(new Rng(0));
    expect(() => ps.declare({ name: 'c', shape: [1], kind: 'bias', layer: 'x' })).toThrow(
      /already allocated/,
    );
    expect(() => ps.get('zz')).toThrow(/no parameter named 'zz'/);
    expect(() => new ParameterSet('int8' as 'float32')).toThrow(TypeError);
  });
});
