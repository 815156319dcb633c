/**
 * A vanilla recurrent network with tanh units (*Deep Learning* §10.2, eq. 10.8
 * without the output layer):
 *
 *   h⁽ᵗ⁾ = tanh(x⁽ᵗ⁾ W_x + h⁽ᵗ⁻¹⁾ W_h + b),   t = 1..T,  h⁽⁰⁾ given (default 0).
 *
 * Row-vector convention like Linear: W_x [features, hidden], W_h [hidden, hidden].
 * The gradient flowing back through T steps is multiplied by W_hᵀ diag(1 − h²)
 * at every step, so it vanishes or explodes with the spectral radius of W_h
 * (§8.2.5, §10.7; EXPERIMENTS item 21). `run` returns every hidden state, each a
 * node of the graph, so `gradients(loss, hiddens)` gives ∂J/∂h⁽ᵗ⁾ for every t.
 *
 * Input: a tensor [T, batch, features] or a list of T tensors [batch, features].
 * `forward` returns the last hidden state [batch, hidden] (so a Linear head can
 * follow in a Sequential).
 *
 * Options: `init` for W_x (default Glorot uniform), `recurrentInit` for W_h
 * (default orthogonal, gain 1), `biasInit` (default zeros), `bias` (default true).
 * Parameter kinds: W_x 'weight', W_h 'recurrent', b 'bias'.
 */
import { add, matmul, reshape, slice, tanh } from '../autodiff/index.js';
import { glorotUniform, type Initializer, orthogonal, zeros } from '../init/index.js';
import { type Tensor, zeros as zerosTensor } from '../tensor/index.js';
import { formatShape } from '../tensor/shape.js';
import type { ForwardContext, Module } from './module.js';
import type { Parameter, ParameterSet } from './parameters.js';

export interface RnnOptions {
  init?: Initializer;
  recurrentInit?: Initializer;
  biasInit?: Initializer;
  bias?: boolean;
}

/** Every hidden state h⁽¹⁾..h⁽ᵀ⁾ and the last one. */
export interface RnnResult {
  hiddens: Tensor[];
  last: Tensor;
}

/** Splits [T, batch, features] (or a list) into T tensors [batch, features], checking sizes. */
export function sequenceSteps(
  x: Tensor | readonly Tensor[],
  features: number,
  where: string,
): Tensor[] {
  if (Array.isArray(x)) {
    const xs = x as readonly Tensor[];
    if (xs.length === 0) throw new RangeError(`${where}: the sequence is empty`);
    const b = xs[0]!.shape[0];
    xs.forEach((t, i) => {
      if (t.rank !== 2 || t.shape[1] !== features || t.shape[0] !== b) {
        throw new RangeError(
          `${where}: step ${i} must be [${b}, ${features}], got ${formatShape(t.shape)}`,
        );
      }
    });
    return [...xs];
  }
  const t = x as Tensor;
  if (t.rank !== 3 || t.shape[2] !== features || t.shape[0]! < 1) {
    throw new RangeError(
      `${where}: input must be [T, batch, ${features}] with T ≥ 1, got ${formatShape(t.shape)}`,
    );
  }
  const [T, B] = t.shape as [number, number, number];
  const out: Tensor[] = [];
  for (let s = 0; s < T; s++)
    out.push(reshape(slice(t, [s, 0, 0], [1, B, features]), [B, features]));
  return out;
}

/** Checks a given initial state or makes zeros. */
export function initialState(
  h: Tensor | undefined,
  batch: number,
  hidden: number,
  like: Tensor,
  where: string,
): Tensor {
  if (!h) return zerosTensor([batch, hidden], like.dtype);
  if (h.rank !== 2 || h.shape[0] !== batch || h.shape[1] !== hidden) {
    throw new RangeError(
      `${where}: initial state must be [${batch}, ${hidden}], got ${formatShape(h.shape)}`,
    );
  }
  return h;
}

export class RNN implements Module {
  readonly name: string;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly Wx: Parameter;
  readonly Wh: Parameter;
  readonly b: Parameter | null;

  constructor(
    params: ParameterSet,
    name: string,
    inputSize: number,
    hiddenSize: number,
    opts: RnnOptions = {},
  ) {
    for (const [k, v] of [
      ['inputSize', inputSize],
      ['hiddenSize', hiddenSize],
    ] as const) {
      if (!Number.isInteger(v) || v < 1)
        throw new RangeError(`RNN '${name}': ${k} must be an integer ≥ 1, got ${String(v)}`);
    }
    this.name = name;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.Wx = params.declare({
      name: `${name}.Wx`,
      shape: [inputSize, hiddenSize],
      kind: 'weight',
      layer: name,
      init: opts.init ?? glorotUniform(),
    });
    this.Wh = params.declare({
      name: `${name}.Wh`,
      shape: [hiddenSize, hiddenSize],
      kind: 'recurrent',
      layer: name,
      init: opts.recurrentInit ?? orthogonal(1),
    });
    this.b =
      opts.bias === false
        ? null
        : params.declare({
            name: `${name}.b`,
            shape: [hiddenSize],
            kind: 'bias',
            layer: name,
            init: opts.biasInit ?? zeros(),
            fanIn: 1,
            fanOut: hiddenSize,
          });
  }

  /** Runs the recurrence over the sequence; `h0` defaults to zeros. */
  run(x: Tensor | readonly Tensor[], ctx: ForwardContext, h0?: Tensor): RnnResult {
    const where = `RNN '${this.name}'`;
    const steps = sequenceSteps(x, this.inputSize, where);
    const first = steps[0]!;
    let h = initialState(h0, first.shape[0]!, this.hiddenSize, first, where);
    const Wx = ctx.param(this.Wx);
    const Wh = ctx.param(this.Wh);
    const b = this.b ? ctx.param(this.b) : null;
    const hiddens: Tensor[] = [];
    for (const xt of steps) {
      let z = add(matmul(xt, Wx), matmul(h, Wh));
      if (b) z = add(z, b);
      h = tanh(z);
      hiddens.push(h);
    }
    return { hiddens, last: h };
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    return this.run(x, ctx).last;
  }

  children(): readonly Module[] {
    return [];
  }
}
