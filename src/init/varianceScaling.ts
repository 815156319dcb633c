/**
 * Variance-scaling initialisers: W_ij drawn independently with variance
 * scale / fan, where fan is fanIn, fanOut or their average. Glorot (Xavier), He
 * and LeCun are the special cases below; DLFS's "Xavier" and "He" are LeCun
 * normal and He normal.
 *
 * | name           | distribution                     | variance          |
 * |----------------|----------------------------------|-------------------|
 * | glorotUniform  | U(−√(6/(m+n)), √(6/(m+n)))·gain  | 2 gain²/(m+n)     |
 * | glorotNormal   | N(0, 2/(m+n))·gain               | 2 gain²/(m+n)     |
 * | heNormal       | N(0, 2/m)                        | 2/m               |
 * | heUniform      | U(−√(6/m), √(6/m))               | 2/m               |
 * | lecunNormal    | N(0, 1/m)                        | 1/m               |
 * | lecunUniform   | U(−√(3/m), √(3/m))               | 1/m               |
 * | dlfsXavier     | N(0, 1/m) (= lecunNormal)        | 1/m               |
 * | dlfsHe         | N(0, 2/m) (= heNormal)           | 2/m               |
 *
 * with m = fanIn (inputs of the layer) and n = fanOut (its units).
 *
 * Convention differences: the normal forms are plain (untruncated) Gaussians as
 * in PyTorch's `xavier_normal_`/`kaiming_normal_` and DLFS; Keras truncates at 2σ
 * and rescales. A uniform U(−a, a) has variance a²/3, hence the factor 3.
 */
import { z } from 'zod';
import { finite, parseOptions, positive } from '../options/index.js';
import { checkShape, type Initializer } from './types.js';

/** Which fan the variance is divided by. */
export type FanMode = 'fan-in' | 'fan-out' | 'fan-avg';

/**
 * Options of {@link varianceScaling}: `scale` s > 0 (Var W_ij = s / fan) [1],
 * `mode` [fan-in], `distribution` normal | uniform [normal].
 */
export const varianceScalingOptions = z.strictObject({
  scale: positive().default(1),
  mode: z.enum(['fan-in', 'fan-out', 'fan-avg']).default('fan-in'),
  distribution: z.enum(['normal', 'uniform']).default('normal'),
});
export type VarianceScalingOptions = z.input<typeof varianceScalingOptions>;

/** Options of {@link glorotUniform} and {@link glorotNormal}: `gain` > 0 [1]. */
export const gainOptions = z.strictObject({ gain: positive().default(1) });
/** Options of {@link heNormal} and {@link heUniform}: `mode` fan-in | fan-out [fan-in]. */
export const heOptions = z.strictObject({ mode: z.enum(['fan-in', 'fan-out']).default('fan-in') });

/**
 * The general rule (Keras's `VarianceScaling`): Var W_ij = scale / fan, with
 * fan = fanIn, fanOut or (fanIn + fanOut)/2 by `mode`; normal: N(0, scale/fan);
 * uniform: U(−√(3·scale/fan), √(3·scale/fan)).
 */
export function varianceScaling(options: VarianceScalingOptions = {}): Initializer {
  const where = 'variance-scaling';
  const o = parseOptions(where, varianceScalingOptions, options);
  return scaled(where, o.scale, o.mode, o.distribution);
}

function scaled(
  name: string,
  scale: number,
  mode: FanMode,
  distribution: 'normal' | 'uniform',
): Initializer {
  return (out, fanIn, fanOut, rng) => {
    checkShape(name, out, fanIn, fanOut);
    const fan = mode === 'fan-in' ? fanIn : mode === 'fan-out' ? fanOut : (fanIn + fanOut) / 2;
    const variance = scale / fan;
    if (distribution === 'normal') {
      rng.fillNormal(out, 0, Math.sqrt(variance));
    } else {
      const a = Math.sqrt(3 * variance);
      rng.fillUniform(out, -a, a);
    }
  };
}

function gainOf(name: string, options: z.input<typeof gainOptions>): number {
  return parseOptions(name, gainOptions, options).gain;
}

function modeOf(name: string, options: z.input<typeof heOptions>): FanMode {
  return parseOptions(name, heOptions, options).mode;
}

/**
 * The normalised initialisation of *Deep Learning* eq. (8.23):
 * W_ij ~ U(−√(6/(m+n)), √(6/(m+n))), times `gain` (PyTorch's `xavier_uniform_`),
 * so that Var W_ij = 2 gain²/(m+n), a compromise between equal activation
 * variance (1/m) and equal gradient variance (1/n) across layers.
 * Reference: X. Glorot, Y. Bengio, "Understanding the difficulty of training deep
 * feedforward neural networks", AISTATS 2010, eq. (16).
 *
 * @param options.gain multiplier > 0, default 1 (PyTorch suggests 5/3 for tanh).
 */
export function glorotUniform(options: z.input<typeof gainOptions> = {}): Initializer {
  const gain = gainOf('glorot-uniform', options);
  return scaled('glorot-uniform', gain * gain, 'fan-avg', 'uniform');
}

/**
 * W_ij ~ N(0, 2 gain²/(m+n)): the Gaussian with the variance of
 * {@link glorotUniform}. Reference: Glorot & Bengio 2010. Untruncated
 * (PyTorch's `xavier_normal_`; Keras's `glorot_normal` truncates).
 *
 * @param options.gain multiplier > 0, default 1.
 */
export function glorotNormal(options: z.input<typeof gainOptions> = {}): Initializer {
  const gain = gainOf('glorot-normal', options);
  return scaled('glorot-normal', gain * gain, 'fan-avg', 'normal');
}

/**
 * W_ij ~ N(0, 2/fan), fan = m by default: keeps the variance of ReLU activations
 * constant from layer to layer (the forward pass halves it, the factor 2 restores it).
 * Reference: K. He, X. Zhang, S. Ren, J. Sun, "Delving deep into rectifiers",
 * ICCV 2015, eq. (10) (fan-in) and eq. (14) (fan-out, for the backward pass).
 *
 * @param options.mode 'fan-in' (default) or 'fan-out'.
 */
export function heNormal(options: z.input<typeof heOptions> = {}): Initializer {
  return scaled('he-normal', 2, modeOf('he-normal', options), 'normal');
}

/**
 * W_ij ~ U(−√(6/fan), √(6/fan)): the uniform with He's variance 2/fan.
 * Reference: He et al. 2015 (variance), PyTorch's `kaiming_uniform_` (form).
 *
 * @param options.mode 'fan-in' (default) or 'fan-out'.
 */
export function heUniform(options: z.input<typeof heOptions> = {}): Initializer {
  return scaled('he-uniform', 2, modeOf('he-uniform', options), 'uniform');
}

/**
 * W_ij ~ N(0, 1/m): unit-variance pre-activations for unit-variance inputs.
 * Reference: Y. LeCun, L. Bottou, G. Orr, K.-R. Müller, "Efficient BackProp",
 * 1998, §4.6. Untruncated (Keras's `lecun_normal` truncates).
 */
export function lecunNormal(): Initializer {
  return scaled('lecun-normal', 1, 'fan-in', 'normal');
}

/** W_ij ~ U(−√(3/m), √(3/m)): the uniform with LeCun's variance 1/m. Reference: LeCun et al. 1998. */
export function lecunUniform(): Initializer {
  return scaled('lecun-uniform', 1, 'fan-in', 'uniform');
}

/**
 * DLFS's "Xavier" initial value (ch. 6.2.2, `weight_init_std='sigmoid'` or
 * `'xavier'`): W_ij ~ N(0, 1/n) with n = the number of nodes of the previous
 * layer, i.e. `np.random.randn(m, n) * np.sqrt(1.0 / m)`. Identical to
 * {@link lecunNormal}, and NOT the book's normalised initialisation
 * ({@link glorotUniform}), which also uses fanOut.
 */
export function dlfsXavier(): Initializer {
  return scaled('dlfs-xavier', 1, 'fan-in', 'normal');
}

/**
 * DLFS's "He" initial value (ch. 6.2.3, `weight_init_std='relu'` or `'he'`):
 * W_ij ~ N(0, 2/m), i.e. `np.random.randn(m, n) * np.sqrt(2.0 / m)`.
 * Identical to {@link heNormal} with mode 'fan-in'. Reference: He et al. 2015.
 */
export function dlfsHe(): Initializer {
  return scaled('dlfs-he', 2, 'fan-in', 'normal');
}

const slopeOptions = z.strictObject({ slope: finite() });

/** Nonlinearities known to {@link recommendedGain}. */
export type GainNonlinearity = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leaky-relu' | 'selu';

/**
 * The gain that restores unit variance after a nonlinearity, as PyTorch's
 * `calculate_gain`: linear and sigmoid 1, tanh 5/3, ReLU √2,
 * leaky ReLU √(2/(1 + slope²)), SELU 3/4. Use it as `gain` of
 * {@link glorotUniform}, {@link glorotNormal} or the orthogonal initialiser.
 *
 * @param slope negative slope of leaky ReLU, default 0.01.
 */
export function recommendedGain(nonlinearity: GainNonlinearity, slope = 0.01): number {
  switch (nonlinearity) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leaky-relu':
      parseOptions('recommendedGain', slopeOptions, { slope });
      return Math.sqrt(2 / (1 + slope * slope));
    case 'selu':
      return 3 / 4;
    default:
      throw new RangeError(
        `recommendedGain: unknown nonlinearity ${String(nonlinearity)}; expected linear, sigmoid, tanh, relu, leaky-relu or selu`,
      );
  }
}
