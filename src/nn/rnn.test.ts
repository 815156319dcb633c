import { describe, expect, it } from 'vitest';
import { gradients, matmul, mul, sub, sum } from '../autodiff/index.js';
import { Rng } from '../random/index.js';
import { randn, Tensor } from '../tensor/index.js';
import { checkModule, probeModel } from './check.test-util.js';
import { LSTM } from './lstm.js';
import { liveContext } from './module.js';
import { RNN, sequenceSteps } from './rnn.js';

const TRAIN = liveContext(true);

describe('RNN (tanh)', () => {
  it('computes h_t = tanh(x_t W_x + h_{t−1} W_h + b) (naive loop)', () => {
    let rnn: RNN | null = null;
    const model = probeModel((ps) => (rnn = new RNN(ps, 'rnn', 2, 3)));
    const x = randn([4, 2, 2], new Rng(1));
    const { hiddens } = rnn!.run(x, TRAIN);
    const Wx = rnn!.Wx.value.data;
    const Wh = rnn!.Wh.value.data;
    const b = rnn!.b!.value.data;
    let h = [new Float64Array(3), new Float64Array(3)];
    for (let t = 0; t < 4; t++) {
      h = h.map((hb, bi) => {
        const out = new Float64Array(3);
        for (let j = 0; j < 3; j++) {
          let z = b[j]!;
          for (let k = 0; k < 2; k++) z += x.data[(t * 2 + bi) * 2 + k]! * Wx[k * 3 + j]!;
          for (let k = 0; k < 3; k++) z += hb[k]! * Wh[k * 3 + j]!;
          out[j] = Math.tanh(z);
        }
        return out;
      });
      for (let bi = 0; bi < 2; bi++)
        for (let j = 0; j < 3; j++)
          expect(hiddens[t]!.data[bi * 3 + j]).toBeCloseTo(h[bi]![j]!, 14);
    }
    expect(model.size).toBe(2 * 3 + 3 * 3 + 3);
  });

  it('passes gradcheck over 4 steps', () => {
    const model = probeModel((ps) => new RNN(ps, 'rnn', 3, 4));
    checkModule(model, randn([4, 2, 3], new Rng(2)));
  });

  it('returns every hidden state as a graph node: ∂Σh_T/∂h_{T−1} = (1 − h_T²) W_hᵀ', () => {
    let rnn: RNN | null = null;
    probeModel((ps) => (rnn = new RNN(ps, 'rnn', 2, 3)));
    const { hiddens, last } = rnn!.run(randn([5, 1, 2], new Rng(3)), TRAIN);
    const [g4] = gradients(sum(last), [hiddens[3]!], { retainGraph: true });
    const expected = matmul(sub(1, mul(last, last)), rnn!.Wh.value.detach(), false, true);
    g4!.toFlatArray().forEach((v, i) => {
      expect(v).toBeCloseTo(expected.data[i]!, 14);
    });
    // and the gradient reaches every earlier state
    const gs = gradients(sum(last), hiddens);
    expect(gs.every((g) => g.toFlatArray().some((v) => v !== 0))).toBe(true);
  });

  it('accepts a list of T tensors like the [T, batch, features] tensor', () => {
    let rnn: RNN | null = null;
    probeModel((ps) => (rnn = new RNN(ps, 'rnn', 2, 3)));
    const x = randn([3, 2, 2], new Rng(4));
    const list = sequenceSteps(x, 2, 'test').map((t) => new Tensor(t.data.slice(), t.shape));
    expect(rnn!.forward(x, TRAIN).toFlatArray()).toEqual(rnn!.run(list, TRAIN).last.toFlatArray());
    expect(() => rnn!.forward(randn([3, 2, 5], new Rng(1)), TRAIN)).toThrow(
      /input must be \[T, batch, 2\]/,
    );
  });
});

describe('LSTM', () => {
  it('initialises the forget-gate bias (default 1, gate order i, f, g, o)', () => {
    let lstm: LSTM | null = null;
    probeModel((ps) => (lstm = new LSTM(ps, 'lstm', 2, 3)));
    expect(Array.from(lstm!.b.value.data)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    probeModel((ps) => (lstm = new LSTM(ps, 'lstm', 2, 3, { forgetBias: 0 })));
    expect(Array.from(lstm!.b.value.data)).toEqual(new Array(12).fill(0));
  });

  it('computes the cell equations (naive single step from zero state)', () => {
    let lstm: LSTM | null = null;
    probeModel((ps) => (lstm = new LSTM(ps, 'lstm', 2, 1)));
    const x = randn([1, 1, 2], new Rng(5));
    const { last, lastCell } = lstm!.run(x, TRAIN);
    const Wx = lstm!.Wx.value.data; // [2, 4]
    const b = lstm!.b.value.data;
    const z = [0, 1, 2, 3].map((k) => x.data[0]! * Wx[k]! + x.data[1]! * Wx[4 + k]! + b[k]!);
    const sg = (v: number) => 1 / (1 + Math.exp(-v));
    const c = sg(z[0]!) * Math.tanh(z[2]!); // f · c0 = 0
    expect(lastCell.data[0]).toBeCloseTo(c, 14);
    expect(last.data[0]).toBeCloseTo(sg(z[3]!) * Math.tanh(c), 14);
  });

  it('passes gradcheck over 3 steps', () => {
    const model = probeModel((ps) => new LSTM(ps, 'lstm', 3, 2, { forgetBias: 0.5 }));
    checkModule(model, randn([3, 2, 3], new Rng(6)));
  });
});
