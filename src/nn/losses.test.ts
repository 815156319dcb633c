import { describe, expect, it } from 'vitest';
import { gradcheck } from '../autodiff/index.js';
import { Rng } from '../random/index.js';
import { randn, tensor } from '../tensor/index.js';
import {
  accuracy,
  binaryCrossEntropyLoss,
  lossFunction,
  meanSquaredError,
  predictClasses,
  softmaxCrossEntropy,
  zeroOneError,
} from './losses.js';

describe('losses', () => {
  it('softmax cross-entropy: hand-computed, and one-hot targets equal labels', () => {
    // logits [0, ln 3] → softmax [1/4, 3/4]; label 1 → −ln(3/4)
    const z = tensor([
      [0, Math.log(3)],
      [0, 0],
    ]);
    const labels = Int32Array.from([1, 0]);
    // mean of −ln(3/4) and −ln(1/2)
    const want = (-Math.log(0.75) - Math.log(0.5)) / 2;
    expect(softmaxCrossEntropy(z, labels).item()).toBeCloseTo(want, 14);
    const onehot = tensor([
      [0, 1],
      [1, 0],
    ]);
    expect(softmaxCrossEntropy(z, onehot).item()).toBeCloseTo(want, 14);
    const zr = randn([3, 4], new Rng(1));
    const soft = tensor([
      [0.1, 0.2, 0.3, 0.4],
      [1, 0, 0, 0],
      [0.25, 0.25, 0.25, 0.25],
    ]);
    expect(gradcheck((t) => softmaxCrossEntropy(t, soft), zr).ok).toBe(true);
  });

  it('binary cross-entropy from logits: −mean[y log σ(z) + (1 − y) log(1 − σ(z))]', () => {
    const z = tensor([[2], [-1], [0.5]]);
    const y = tensor([[1], [0], [0]]);
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    const want = -(Math.log(s(2)) + Math.log(1 - s(-1)) + Math.log(1 - s(0.5))) / 3;
    expect(binaryCrossEntropyLoss(z, y).item()).toBeCloseTo(want, 14);
    expect(() => binaryCrossEntropyLoss(z, Int32Array.from([1, 0, 0]))).toThrow(/must be a tensor/);
  });

  it('mse is the mean of squared differences', () => {
    // ((1−0)² + (2−4)²)/2 = 2.5
    expect(meanSquaredError(tensor([[1, 2]]), tensor([[0, 4]])).item()).toBe(2.5);
    expect(() => meanSquaredError(tensor([[1, 2]]), tensor([[0, 4, 1]]))).toThrow(/do not match/);
    expect(() => lossFunction('hinge' as 'mse')).toThrow(/unknown loss "hinge"/);
  });

  it('accuracy and 0-1 error: argmax rows, or a single logit column thresholded at 0', () => {
    const out = tensor([
      [0.1, 0.9, 0],
      [2, 1, 0],
      [0, 0, 3],
      [1, 5, 2],
    ]);
    expect(Array.from(predictClasses(out))).toEqual([1, 0, 2, 1]);
    expect(accuracy(out, Int32Array.from([1, 0, 0, 1]))).toBe(0.75);
    expect(zeroOneError(out, Int32Array.from([1, 0, 0, 1]))).toBe(0.25);
    const bin = tensor([[0.3], [-2], [1]]);
    expect(accuracy(bin, tensor([[1], [0], [0]]))).toBeCloseTo(2 / 3, 15);
    expect(
      accuracy(
        out,
        tensor([
          [0, 1, 0],
          [1, 0, 0],
          [0, 0, 1],
          [0, 0, 1],
        ]),
      ),
    ).toBe(0.75);
  });
});
