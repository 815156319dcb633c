/**
 * Dropout (Srivastava et al. 2014; *Deep Learning* §7.12; DLFS §6.4.3).
 *
 * Each element is kept with probability 1 − p (mask μᵢ ~ Bernoulli(1 − p),
 * drawn from the layer's own seeded generator, whose state is saved with the
 * model).
 * - 'inverted' (default, PyTorch): training y = x ⊙ μ / (1 − p); evaluation y = x.
 *   The expected activation is the same in both modes.
 * - 'dlfs' (DLFS `Dropout`, non-inverted): training y = x ⊙ μ; evaluation
 *   y = x · (1 − p) (the weight scaling inference rule applied at test time).
 *
 * A fixed mask (`setMask`) replaces the random draw in training mode, for
 * gradient checks and for objectives that must be deterministic. Without a fixed
 * mask, a non-stochastic training pass (`ctx.stochastic` false, as in
 * `Model.flatFunction`) uses the evaluation form.
 *
 * Options: `p` ∈ [0, 1) (the drop ratio, DLFS `dropout_ratio`), `mode`, `rng`
 * (default `new Rng(seed ?? 0)`).
 */
import { z } from 'zod';
import { mul } from '../autodiff/index.js';
import { decay, parseOptions } from '../options/index.js';
import { Rng } from '../random/index.js';
import { Tensor } from '../tensor/index.js';
import { allocate } from '../tensor/tensor.js';
import type { ForwardContext, Module, Stochastic } from './module.js';

export type DropoutMode = 'inverted' | 'dlfs';

/** Options of {@link Dropout}: `mode` ['inverted'], `rng` or `seed` [0] for the mask generator. */
export const dropoutOptions = z.strictObject({
  mode: z.enum(['inverted', 'dlfs']).default('inverted'),
  rng: z.instanceof(Rng).optional(),
  seed: z.number().int().default(0),
});
export type DropoutOptions = z.input<typeof dropoutOptions>;
const ratio = z.strictObject({ p: decay() });

export class Dropout implements Module, Stochastic {
  readonly name: string;
  readonly p: number;
  readonly mode: DropoutMode;
  readonly rng: Rng;
  private fixed: Uint8Array | null = null;
  /** The keep mask (1 = kept) of the last training pass, or null. */
  lastMask: Uint8Array | null = null;

  constructor(name: string, p: number, opts: DropoutOptions = {}) {
    const where = `Dropout '${name}'`;
    parseOptions(where, ratio, { p });
    const o = parseOptions(where, dropoutOptions, opts);
    this.name = name;
    this.p = p;
    this.mode = o.mode;
    this.rng = o.rng ?? new Rng(o.seed);
  }

  /** Fixes the keep mask (1 = keep) used in training mode; null returns to random draws. */
  setMask(mask: Uint8Array | null): void {
    this.fixed = mask ? Uint8Array.from(mask) : null;
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    const p = this.p;
    const useMask = ctx.training && (this.fixed !== null || ctx.stochastic);
    if (!useMask) return this.mode === 'dlfs' && p > 0 ? mul(x, 1 - p) : x;
    let keep: Uint8Array;
    if (this.fixed) {
      if (this.fixed.length !== x.size) {
        throw new RangeError(
          `Dropout '${this.name}': fixed mask has ${this.fixed.length} entries, input has ${x.size}`,
        );
      }
      keep = this.fixed;
    } else {
      keep = new Uint8Array(x.size);
      const r = this.rng;
      for (let i = 0; i < keep.length; i++) keep[i] = r.uniform() >= p ? 1 : 0;
    }
    this.lastMask = keep;
    const scale = this.mode === 'inverted' ? 1 / (1 - p) : 1;
    const m = allocate(x.dtype, x.size);
    for (let i = 0; i < m.length; i++) m[i] = keep[i] === 1 ? scale : 0;
    return mul(x, new Tensor(m, x.shape));
  }

  children(): readonly Module[] {
    return [];
  }
}
