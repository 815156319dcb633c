/**
 * Masking noise, the input corruption of a denoising autoencoder (Vincent et
 * al. 2008, "Extracting and composing robust features with denoising
 * autoencoders", §2.3; *Deep Learning* §14.2.2): in training mode each input
 * element is set to 0 with probability ν, independently,
 *
 *   x̃ = x ⊙ μ,   μᵢ ~ Bernoulli(1 − ν),
 *
 * with NO rescaling (unlike inverted dropout); in evaluation mode x̃ = x. The
 * mask is drawn from the module's own seeded generator, saved with the model
 * (it is `Stochastic`). A non-stochastic training pass (`Model.flatFunction`)
 * leaves the input clean.
 */
import { mul } from '../autodiff/index.js';
import type { ForwardContext, Module } from '../nn/index.js';
import type { Stochastic } from '../nn/module.js';
import { Rng } from '../random/index.js';
import { Tensor } from '../tensor/index.js';
import { allocate } from '../tensor/tensor.js';

export class MaskingNoise implements Module, Stochastic {
  readonly name: string;
  readonly nu: number;
  readonly rng: Rng;

  /** `nu` ∈ [0, 1): the probability of zeroing an element; `rng` [new Rng(0)]. */
  constructor(name: string, nu: number, rng: Rng = new Rng(0)) {
    if (typeof nu !== 'number' || !(nu >= 0 && nu < 1))
      throw new RangeError(
        `MaskingNoise '${name}': nu must be a number in [0, 1), got ${String(nu)}`,
      );
    this.name = name;
    this.nu = nu;
    this.rng = rng;
  }

  forward(x: Tensor, ctx: ForwardContext): Tensor {
    if (!ctx.training || !ctx.stochastic || this.nu === 0) return x;
    const m = allocate(x.dtype, x.size);
    const r = this.rng;
    const nu = this.nu;
    for (let i = 0; i < m.length; i++) m[i] = r.uniform() >= nu ? 1 : 0;
    return mul(x, new Tensor(m, x.shape));
  }

  children(): readonly Module[] {
    return [];
  }
}
