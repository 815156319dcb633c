/**
 * Sequential: y = f_k(… f_2(f_1(x))). `forwardAll` also returns every
 * intermediate output, for activation histograms (DLFS figs 6-10..6-14), hint
 * layers (FitNets) and greedy layer-wise pretraining.
 */
import type { Tensor } from '../tensor/index.js';
import type { ForwardContext, Module } from './module.js';

/** One intermediate output of a Sequential. */
export interface LayerOutput {
  /** The name of the module that produced it. */
  name: string;
  output: Tensor;
}

export class Sequential implements Module {
  readonly name: string;
  readonly layers: readonly Module[];

  constructor(layers: readonly Module[], name = 'seq') {
    if (layers.length === 0) throw new RangeError(`Sequential '${name}': needs at least one layer`);
    const names = new Set<string>();
    for (const l of layers) {
      if (names.has(l.name))
        throw new RangeError(`Sequential '${name}': two layers are named '${l.name}'`);
      names.add(l.name);
    }
    this.name = name;
    this.layers = [...layers];
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    let a = x;
    for (const l of this.layers) a = l.forward(a, ctx);
    return a;
  }

  /** The output of every layer in order (the last is the network's output). */
  forwardAll(x: Tensor, ctx: ForwardContext): LayerOutput[] {
    const out: LayerOutput[] = [];
    let a = x;
    for (const l of this.layers) {
      a = l.forward(a, ctx);
      out.push({ name: l.name, output: a });
    }
    return out;
  }

  /** The layer with the given name. */
  layer(name: string): Module {
    const l = this.layers.find((m) => m.name === name);
    if (!l)
      throw new RangeError(
        `Sequential '${this.name}': no layer '${name}'; have ${this.layers.map((m) => m.name).join(', ')}`,
      );
    return l;
  }

  children(): readonly Module[] {
    return this.layers;
  }
}
