/**
 * Element-wise initialisers that ignore the shape: zeros, constant, normal,
 * uniform; and the identity for square matrices.
 */
import type { Rng } from '../random/index.js';
import { checkNumber, checkShape, type Initializer, type WeightArray } from './types.js';

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
  checkNumber('constant', 'value', value);
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
export function normal(std = 0.01, mean = 0): Initializer {
  checkNumber('normal', 'std', std, 0);
  checkNumber('normal', 'mean', mean);
  return (out, fanIn, fanOut, rng) => {
    checkShape('normal', out, fanIn, fanOut);
    rng.fillNormal(out, mean, std);
  };
}

/**
 * W_ij ~ U[lo, hi), independent, from `rng.uniform()` in row-major order.
 * (In float32 storage a value just below `hi` may round up to `hi`.)
 *
 * @param lo lower bound, default −0.05 (Keras's RandomUniform).
 * @param hi upper bound > lo, default 0.05.
 */
export function uniform(lo = -0.05, hi = 0.05): Initializer {
  checkNumber('uniform', 'lo', lo);
  checkNumber('uniform', 'hi', hi, lo, Number.POSITIVE_INFINITY, { lo: true });
  return (out, fanIn, fanOut, rng) => {
    checkShape('uniform', out, fanIn, fanOut);
    rng.fillUniform(out, lo, hi);
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
export function identity(gain = 1): Initializer {
  checkNumber('identity', 'gain', gain);
  return (out, fanIn, fanOut) => {
    checkShape('identity', out, fanIn, fanOut);
    if (fanIn !== fanOut) {
      throw new RangeError(
        `identity: needs a square matrix (fanIn = fanOut), got [${fanIn}, ${fanOut}]`,
      );
    }
    out.fill(0);
    for (let i = 0; i < fanIn; i++) out[i * fanOut + i] = gain;
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
