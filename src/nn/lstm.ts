/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997; *Deep Learning* §10.10.1,
 * eqs. 10.40–10.44), row-vector form with the four gates side by side:
 *
 *   z = x⁽ᵗ⁾ W_x + h⁽ᵗ⁻¹⁾ W_h + b                   [batch, 4H], blocks in the
 *                                                    order input, forget, cell, output
 *   i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
 *   c⁽ᵗ⁾ = f ⊙ c⁽ᵗ⁻¹⁾ + i ⊙ g                        (the self-loop, weight f)
 *   h⁽ᵗ⁾ = o ⊙ tanh(c⁽ᵗ⁾)
 *
 * The forget-gate bias b_f starts at `forgetBias` (default 1, as §10.10.1
 * recommends after Gers et al. 2000 and Jozefowicz et al. 2015): σ(1) ≈ 0.73, so
 * the cell keeps most of its content and gradients survive many steps. With
 * b_f = 0 the self-loop weight starts near 0.5 and gradients shrink faster
 * (EXPERIMENTS item 21). The other biases start at 0; `biasInit` replaces the
 * whole rule.
 *
 * Gate order matches PyTorch and `LSTM_GATES` of src/init. Options: `init` for
 * W_x (default Glorot uniform), `recurrentInit` for W_h (default orthogonal),
 * `forgetBias`, `biasInit`. Input as in {@link RNN}; `run` returns all hidden
 * and cell states.
 */
import { z } from 'zod';
import { add, matmul, mul, sigmoid, slice, tanh } from '../autodiff/index.js';
import { glorotUniform, type Initializer, lstmForgetBias, orthogonal } from '../init/index.js';
import { finite, parseOptions } from '../options/index.js';
import type { Tensor } from '../tensor/index.js';
import type { ForwardContext, Module } from './module.js';
import type { Parameter, ParameterSet } from './parameters.js';
import { initialState, sequenceSteps } from './rnn.js';

const initializer = z.custom<Initializer>((v) => typeof v === 'function', {
  message: 'must be an initialiser (a function)',
});

/**
 * Options of {@link LSTM}: `init`, `recurrentInit`, `biasInit` (initialisers),
 * `forgetBias` (the forget-gate block of the default bias; its default, 1, is
 * lstmForgetBias's).
 */
export const lstmOptions = z.strictObject({
  init: initializer.optional(),
  recurrentInit: initializer.optional(),
  forgetBias: finite().optional(),
  biasInit: initializer.optional(),
});
export type LstmOptions = z.input<typeof lstmOptions>;

export interface LstmResult {
  hiddens: Tensor[];
  cells: Tensor[];
  last: Tensor;
  lastCell: Tensor;
}

export class LSTM implements Module {
  readonly name: string;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly Wx: Parameter;
  readonly Wh: Parameter;
  readonly b: Parameter;

  constructor(
    params: ParameterSet,
    name: string,
    inputSize: number,
    hiddenSize: number,
    opts: LstmOptions = {},
  ) {
    for (const [k, v] of [
      ['inputSize', inputSize],
      ['hiddenSize', hiddenSize],
    ] as const) {
      if (!Number.isInteger(v) || v < 1)
        throw new RangeError(`LSTM '${name}': ${k} must be an integer ≥ 1, got ${String(v)}`);
    }
    const { forgetBias } = parseOptions(`LSTM '${name}'`, lstmOptions, opts);
    const H = hiddenSize;
    this.name = name;
    this.inputSize = inputSize;
    this.hiddenSize = H;
    this.Wx = params.declare({
      name: `${name}.Wx`,
      shape: [inputSize, 4 * H],
      kind: 'weight',
      layer: name,
      init: opts.init ?? glorotUniform(),
    });
    this.Wh = params.declare({
      name: `${name}.Wh`,
      shape: [H, 4 * H],
      kind: 'recurrent',
      layer: name,
      init: opts.recurrentInit ?? orthogonal(1),
    });
    this.b = params.declare({
      name: `${name}.b`,
      shape: [4 * H],
      kind: 'bias',
      layer: name,
      init: opts.biasInit ?? lstmForgetBias({ hidden: H, forget: forgetBias, other: 0 }),
      fanIn: 1,
      fanOut: 4 * H,
    });
  }

  /** Runs the cell over the sequence; h0 and c0 default to zeros. */
  run(x: Tensor | readonly Tensor[], ctx: ForwardContext, h0?: Tensor, c0?: Tensor): LstmResult {
    const where = `LSTM '${this.name}'`;
    const H = this.hiddenSize;
    const steps = sequenceSteps(x, this.inputSize, where);
    const first = steps[0]!;
    const B = first.shape[0]!;
    let h = initialState(h0, B, H, first, where);
    let c = initialState(c0, B, H, first, where);
    const Wx = ctx.param(this.Wx);
    const Wh = ctx.param(this.Wh);
    const b = ctx.param(this.b);
    const gate = (z: Tensor, k: number) => slice(z, [0, k * H], [B, H]);
    const hiddens: Tensor[] = [];
    const cells: Tensor[] = [];
    for (const xt of steps) {
      const z = add(add(matmul(xt, Wx), matmul(h, Wh)), b);
      const i = sigmoid(gate(z, 0));
      const f = sigmoid(gate(z, 1));
      const g = tanh(gate(z, 2));
      const o = sigmoid(gate(z, 3));
      c = add(mul(f, c), mul(i, g));
      h = mul(o, tanh(c));
      hiddens.push(h);
      cells.push(c);
    }
    return { hiddens, cells, last: h, lastCell: c };
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    return this.run(x, ctx).last;
  }

  children(): readonly Module[] {
    return [];
  }
}
