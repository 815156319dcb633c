import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { randn, tensor } from '../tensor/index.js';
import { ACTIVATION_NAMES, Activation, parseActivation } from './activations.js';
import { checkModule, probeModel, run } from './check.test-util.js';
import { Linear } from './linear.js';
import { Sequential } from './sequential.js';

describe('Linear', () => {
  it('computes x W + b with W [in, out] row-major (hand-computed)', () => {
    const model = probeModel((ps) => new Linear(ps, 'l', 2, 3));
    // W = [[1, 2, 3], [4, 5, 6]], b = [0.5, -1, 2]
    model.params.setFlat([1, 2, 3, 4, 5, 6, 0.5, -1, 2]);
    const y = run(model, tensor([[1, -1]]));
    // [1·1 − 4 + 0.5, 2 − 5 − 1, 3 − 6 + 2] = [−2.5, −4, −1]
    expect(y.toFlatArray()).toEqual([-2.5, -4, -1]);
  });

  it('passes gradcheck with and without bias', () => {
    const x = randn([4, 3], new Rng(2));
    checkModule(
      probeModel((ps) => new Linear(ps, 'l', 3, 5)),
      x,
    );
    const nb = probeModel((ps) => new Linear(ps, 'l', 3, 5, { bias: false }));
    expect(nb.size).toBe(15);
    checkModule(nb, x);
  });

  it('rejects bad sizes and inputs', () => {
    expect(() => probeModel((ps) => new Linear(ps, 'l', 0, 2))).toThrow(
      /inFeatures must be an integer ≥ 1, got 0/,
    );
    const m = probeModel((ps) => new Linear(ps, 'l', 3, 2));
    expect(() => run(m, randn([2, 4], new Rng(1)))).toThrow(/input must be \[m, 3\]/);
  });
});

describe('activations', () => {
  it('compute their formulas element-wise', () => {
    const x = tensor([[-2, -0.5, 0.5, 3]]);
    const expected: Record<string, (v: number) => number> = {
      relu: (v) => Math.max(0, v),
      sigmoid: (v) => 1 / (1 + Math.exp(-v)),
      tanh: Math.tanh,
      'leaky-relu': (v) => (v > 0 ? v : 0.01 * v),
      softplus: (v) => Math.log(1 + Math.exp(v)),
      identity: (v) => v,
    };
    for (const name of ACTIVATION_NAMES) {
      const m = probeModel(() => new Activation('a', name));
      const y = run(m, x).toFlatArray();
      x.toFlatArray().forEach((v, i) => {
        expect(y[i]).toBeCloseTo(expected[name]!(v), 14);
      });
    }
    const lr = probeModel(() => new Activation('a', { name: 'leaky-relu', alpha: 0.2 }));
    expect(run(lr, x).toFlatArray()).toEqual([-0.4, -0.1, 0.5, 3]);
  });

  it('each passes gradcheck inside Linear → activation', () => {
    const x = randn([3, 4], new Rng(5));
    for (const name of ACTIVATION_NAMES) {
      checkModule(
        probeModel((ps) => new Sequential([new Linear(ps, 'l', 4, 3), new Activation('a', name)])),
        x,
      );
    }
  });

  it('reject unknown names and bad slopes', () => {
    expect(() => parseActivation('swish')).toThrow(
      'activation: option name must be one of relu, sigmoid, tanh, leaky-relu, softplus, identity, got "swish"',
    );
    expect(() => parseActivation({ name: 'leaky-relu', alpha: 2 })).toThrow(
      'activation: option alpha must be a number < 1, got 2',
    );
    expect(parseActivation('LEAKY_RELU')).toEqual({ name: 'leaky-relu', alpha: 0.01 });
  });
});
