/**
 * Element-wise initialisers that ignore the shape: zeros, constant, normal,
 * uniform; and the identity for square matrices.
 */
import { z } from 'zod';
import { finite, nonnegative, parseOptions } from '../options/index.js';
import type { Rng } from '../random/index.js';
import { checkShape, type Initializer, type WeightArray } from './types.js';

/** Options of {@link constant}: `value`, any finite number (no default: name it). */
export const constantOptions = z.strictObject({ value: finite() });
/** Options of {@link normal}: `std` ≥ 0 [0.01], `mean` [0]. */
export const normalOptions = z.strictObject({
  std: nonnegative().default(0.01),
  mean: finite().default(0),
});
/** Options of {@link uniform}: `lo` [−0.05], `hi` > lo [0.05]. */
export const uniformOptions = z
  .strictObject({ lo: finite().default(-0.05), hi: finite().default(0.05) })
  .superRefine((o, ctx) => {
    if (!(o.hi > o.lo))
      ctx.addIssue({ code: 'custom', path: ['hi'], message: `must be a number > lo = ${o.lo}` });
  });
/** Options of {@link identity}: `gain` [1]. */
export const identityOptions = z.strictObject({ gain: finite().default(1) });

/** W = 0. Draws nothing from the generator. Right for biases; for weights it leaves units symmetric. */
export function zeros(): Initializer {
  return (out, fanIn, fanOut) => {
    checkShape('zeros', out, fanIn, fanOut);
    out.fill(0);
  };
}

/**
 * W_ij = value. Draws nothing from the generator. With value 0.1 on the biases
 * of ReLU units it is the rule of *Deep Learning* §6.3.1 / §8.4 ("set the bias of
 * ReLU hidden units to 0.1 rather than 0 to avoid saturating ReLU at init").
 *
 * @param value any finite number (no default: name it).
 */
export function constant(value: number): Initializer {
  parseOptions('constant', constantOptions, { value });
  return (out, fanIn, fanOut) => {
    checkShape('constant', out, fanIn, fanOut);
    out.fill(value);
  };
}

/**
 * W_ij ~ N(mean, std²), independent, from `rng.normal()` in row-major order.
 * DLFS's `weight_init_std` given as a number is exactly this with mean 0.
 *
 * @param std standard deviation ≥ 0, default 0.01 (DLFS's default `weight_init_std`).
 * @param mean default 0.
 */
export function normal(std?: number, mean?: number): Initializer {
  const o = parseOptions('normal', normalOptions, { std, mean });
  return (out, fanIn, fanOut, rng) => {
    checkShape('normal', out, fanIn, fanOut);
    rng.fillNormal(out, o.mean, o.std);
  };
}

/**
 * W_ij ~ U[lo, hi), independent, from `rng.uniform()` in row-major order.
 * (In float32 storage a value just below `hi` may round up to `hi`.)
 *
 * @param lo lower bound, default −0.05 (Keras's RandomUniform).
 * @param hi upper bound > lo, default 0.05.
 */
export function uniform(lo?: number, hi?: number): Initializer {
  const o = parseOptions('uniform', uniformOptions, { lo, hi });
  return (out, fanIn, fanOut, rng) => {
    checkShape('uniform', out, fanIn, fanOut);
    rng.fillUniform(out, o.lo, o.hi);
  };
}

/**
 * W = gain · I, for square W only (fanIn = fanOut): the layer starts as a scaled
 * identity map, as in IRNN (Le, Jaitly & Hinton, 2015, "A simple way to
 * initialize recurrent networks of rectified linear units") for recurrent
 * weights. Draws nothing from the generator.
 *
 * @param gain diagonal value, default 1.
 */
export function identity(gain?: number): Initializer {
  const { gain: g } = parseOptions('identity', identityOptions, { gain });
  return (out, fanIn, fanOut) => {
    checkShape('identity', out, fanIn, fanOut);
    if (fanIn !== fanOut) {
      throw new RangeError(
        `identity: needs a square matrix (fanIn = fanOut), got [${fanIn}, ${fanOut}]`,
      );
    }
    out.fill(0);
    for (let i = 0; i < fanIn; i++) out[i * fanOut + i] = g;
  };
}

/** Helper for tests and callers: a fresh array of the shape filled by `init`. */
export function sample(
  init: Initializer,
  fanIn: number,
  fanOut: number,
  rng: Rng,
  dtype: 'float32' | 'float64' = 'float64',
): WeightArray {
  const out =
    dtype === 'float32' ? new Float32Array(fanIn * fanOut) : new Float64Array(fanIn * fanOut);
  init(out, fanIn, fanOut, rng);
  return out;
}
