/**
 * Linear (affine, fully connected) layer: y = x W + b, for a batch x of shape
 * [m, in], W of shape [in, out] (row-major: column j holds the incoming weights
 * of unit j, as DLFS's `Affine` and the initialisers of src/init expect) and b of
 * shape [out] broadcast over the rows.
 *
 * Options:
 * - `bias` (default true): false drops b (e.g. before batch normalisation, where
 *   β makes it redundant, *Deep Learning* §8.7.1; or DLFS's activation
 *   histograms of figs 6-10..6-14, which use no bias).
 * - `init` (default He normal, N(0, 2/in)): the weight initialiser.
 * - `biasInit` (default zeros): the bias initialiser, given b as a [1, out] row.
 */
import { add, matmul } from '../autodiff/index.js';
import { heNormal, type Initializer, zeros } from '../init/index.js';
import type { Tensor } from '../tensor/index.js';
import { formatShape } from '../tensor/shape.js';
import type { ForwardContext, Module } from './module.js';
import type { Parameter, ParameterSet } from './parameters.js';

export interface LinearOptions {
  bias?: boolean;
  init?: Initializer;
  biasInit?: Initializer;
}

function checkSize(where: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new RangeError(`${where}: ${name} must be an integer ≥ 1, got ${String(v)}`);
  }
  return v;
}

export class Linear implements Module {
  readonly name: string;
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly W: Parameter;
  readonly b: Parameter | null;

  constructor(
    params: ParameterSet,
    name: string,
    inFeatures: number,
    outFeatures: number,
    opts: LinearOptions = {},
  ) {
    const where = `Linear '${name}'`;
    this.name = name;
    this.inFeatures = checkSize(where, 'inFeatures', inFeatures);
    this.outFeatures = checkSize(where, 'outFeatures', outFeatures);
    this.W = params.declare({
      name: `${name}.W`,
      shape: [inFeatures, outFeatures],
      kind: 'weight',
      layer: name,
      init: opts.init ?? heNormal(),
    });
    this.b =
      opts.bias === false
        ? null
        : params.declare({
            name: `${name}.b`,
            shape: [outFeatures],
            kind: 'bias',
            layer: name,
            init: opts.biasInit ?? zeros(),
            fanIn: 1,
            fanOut: outFeatures,
          });
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    if (x.rank !== 2 || x.shape[1] !== this.inFeatures) {
      throw new RangeError(
        `Linear '${this.name}': input must be [m, ${this.inFeatures}], got ${formatShape(x.shape)}`,
      );
    }
    const y = matmul(x, ctx.param(this.W));
    return this.b ? add(y, ctx.param(this.b)) : y;
  }

  children(): readonly Module[] {
    return [];
  }
}
