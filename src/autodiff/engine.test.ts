import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { randn, type Tensor, tensor, zeros } from '../tensor/index.js';
import * as ad from './index.js';

describe('gradients, vjp and hvp', () => {
  it('grad of Σ x² is 2x, and hvp of it is 2v', () => {
    const x = tensor([1, -2, 3]);
    const f = (t: Tensor) => ad.sum(ad.square(t));
    expect(ad.grad(f)(x).toFlatArray()).toEqual([2, -4, 6]);
    expect(ad.hvp(f, x, tensor([1, 0, -1])).toFlatArray()).toEqual([2, 0, -2]);
  });

  it('hvp equals H·v for a quadratic ½xᵀAx with its Hessian A', () => {
    const r = new Rng(3);
    const B = randn([5, 5], r);
    const A = ad.add(ad.matmul(B, B, true, false), ad.transpose(ad.matmul(B, B, true, false)));
    const x = randn([5], r);
    const v = randn([5], r);
    const f = (t: Tensor) => ad.mul(ad.dot(t, ad.matmul(A, t)), 0.5);
    const h = ad.hvp(f, x, v).data;
    const Av = ad.matmul(A, v).data;
    for (let i = 0; i < 5; i++) expect(h[i]).toBeCloseTo(Av[i]!, 12);
  });

  it('vjp pulls back any cotangent: J = diag(cos-free) for y = x ⊙ c', () => {
    const c = tensor([2, 3, 4]);
    const [y, back] = ad.vjp((t) => ad.mul(t, c), tensor([1, 1, 1]));
    expect(y.toFlatArray()).toEqual([2, 3, 4]);
    expect(back(tensor([1, 0, 2])).toFlatArray()).toEqual([2, 0, 8]);
    expect(back(tensor([0, 1, 0])).toFlatArray()).toEqual([0, 3, 0]);
  });

  it('an input the output does not depend on gets zeros', () => {
    const x = tensor([1, 2]).variable();
    const z = tensor([3]).variable();
    const [gx, gz] = ad.gradients(ad.sum(ad.square(x)), [x, z]);
    expect(gx!.toFlatArray()).toEqual([2, 4]);
    expect(gz!.toFlatArray()).toEqual([0]);
  });

  it('a non-scalar output needs a seed', () => {
    const x = tensor([1, 2]).variable();
    expect(() => ad.gradients(ad.mul(x, 2), [x])).toThrow(/seed/);
  });

  it('releases the tape after a first-order backward pass', () => {
    const x = tensor([1, 2]).variable();
    const h = ad.tanh(x);
    const y = ad.sum(h);
    ad.gradients(y, [x]);
    expect(h.creator).toBeNull();
    expect(y.creator).toBeNull();
  });

  it('records nothing under noGrad', () => {
    const x = tensor([1, 2]).variable();
    const y = ad.noGrad(() => ad.mul(x, x));
    expect(y.requiresGrad).toBe(false);
    expect(y.creator).toBeNull();
  });

  it('a long loop of value-and-gradient does not keep earlier graphs alive', () => {
    // every step's intermediate tensors lose their creators, so nothing chains across steps
    let w = tensor([0.5, -0.5]);
    for (let k = 0; k < 200; k++) {
      const [, g] = ad.valueAndGrad((t) => ad.sum(ad.square(ad.tanh(t))))(w);
      w = ad.noGrad(() => ad.sub(w, ad.mul(g, 0.1)));
      expect(w.creator).toBeNull();
    }
    expect(Math.abs(w.data[0]!)).toBeLessThan(0.5);
  });

  it('gradient through a float32 cast is the identity within float32 precision', () => {
    const x = tensor([0.3, -1.2, 2.5]);
    const g = ad.grad((t) => ad.sum(ad.square(ad.cast(ad.cast(t, 'float32'), 'float64'))))(x);
    const xs = x.data;
    for (let i = 0; i < 3; i++) expect(g.data[i]! / (2 * xs[i]!)).toBeCloseTo(1, 6);
    expect(g.dtype).toBe('float64');
  });
});

describe('numerics and errors', () => {
  it('softmax is stable for huge logits and sums to one', () => {
    const s = ad.softmax(
      tensor([
        [1000, 1001, 999],
        [-1000, -1000, -1000],
      ]),
    );
    const d = s.data;
    expect(d[0]! + d[1]! + d[2]!).toBeCloseTo(1, 14);
    expect(d[3]).toBeCloseTo(1 / 3, 14);
    expect(Number.isFinite(ad.crossEntropy(tensor([[1000, -1000]]), [1]).item())).toBe(true);
    // −log softmax([1000, −1000])[1] = 2000
    expect(ad.crossEntropy(tensor([[1000, -1000]]), [1]).item()).toBeCloseTo(2000, 9);
  });

  it('shape mismatches name the op and both shapes', () => {
    expect(() => ad.add(zeros([2, 3]), zeros([4]))).toThrow(/add: shapes \[2, 3\] and \[4\]/);
    expect(() => ad.matmul(zeros([2, 3]), zeros([2, 3]))).toThrow(
      /matmul: inner dimensions differ: \[2, 3\] · \[2, 3\]/,
    );
    expect(() => ad.reshape(zeros([2, 3]), [4])).toThrow(/reshape: cannot reshape \[2, 3\]/);
    expect(() => ad.crossEntropy(zeros([2, 3]), [0, 3])).toThrow(/index 3/);
  });

  it('float32 and float64 promote to float64; numbers take the tensor dtype', () => {
    const a = zeros([2], 'float32');
    expect(ad.add(a, zeros([2], 'float64')).dtype).toBe('float64');
    expect(ad.add(a, 1).dtype).toBe('float32');
    expect(ad.mul(2, a).dtype).toBe('float32');
  });

  it('float32 end to end: an MLP-like loss and its gradient stay float32', () => {
    const r = new Rng(1);
    const W = randn([4, 3], r, { dtype: 'float32' });
    const X = randn([5, 4], r, { dtype: 'float32' });
    const [v, g] = ad.valueAndGrad((w) => ad.crossEntropy(ad.matmul(X, w), [0, 1, 2, 0, 1]))(W);
    expect(v.dtype).toBe('float32');
    expect(g.dtype).toBe('float32');
    expect(g.shape).toEqual([4, 3]);
  });
});
