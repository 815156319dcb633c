/**
 * Bias rules of *Deep Learning* §8.4. A bias is the [1, fanOut] matrix b of the
 * layer x W + b; these initialisers require fanIn = 1 (call them through
 * `initBias(init, b, rng)` or as `init(b, 1, b.length, rng)`). None of them draws
 * from the generator. The constant rule (ReLU units: 0.1) is `constant(0.1)`,
 * also named {@link reluBias}.
 */
import { z } from 'zod';
import { count, finite, nonnegative, parseOptions, positive } from '../options/index.js';
import { constant } from './basic.js';
import { checkShape, type Initializer, type WeightArray } from './types.js';

function checkBiasShape(name: string, out: WeightArray, fanIn: number, fanOut: number): void {
  checkShape(name, out, fanIn, fanOut);
  if (fanIn !== 1) {
    throw new RangeError(
      `${name}: is a bias rule and fills a [1, fanOut] row; got fanIn = ${fanIn} (use initBias(init, b, rng))`,
    );
  }
}

/** Options of {@link reluBias}: `value` [0.1]. */
export const reluBiasOptions = z.strictObject({ value: finite().default(0.1) });

/**
 * b_j = value, default 0.1: "set the bias of ReLU hidden units to 0.1 rather
 * than 0 to avoid saturating the ReLU at initialisation" (*Deep Learning* §6.3.1,
 * §8.4). Same as `constant(value)`.
 */
export function reluBias(value?: number): Initializer {
  return constant(parseOptions('relu-bias', reluBiasOptions, { value }).value);
}

/** Options of {@link softmaxMarginalBias}: `marginals`, K ≥ 1 numbers > 0. */
export const softmaxMarginalOptions = z.strictObject({
  marginals: z.array(positive()).min(1),
});

/**
 * Output bias from class marginals: b_k = log p_k − (1/K) Σ_j log p_j, so that
 * softmax(b) = p exactly (softmax is invariant to adding a constant; subtracting
 * the mean picks the solution with Σ b_k = 0). With zero weights in the last
 * layer the untrained network then predicts the marginal class frequencies
 * (*Deep Learning* §8.4: "set the output bias so that softmax(b) = c").
 *
 * @param marginals K ≥ 1 positive finite numbers, probabilities or counts; they
 *   are normalised to sum 1. A class with frequency 0 would need b_k = −∞ and is
 *   rejected: smooth the counts first (e.g. add 1).
 */
export function softmaxMarginalBias(marginals: ArrayLike<number>): Initializer {
  const where = 'softmax-marginal';
  const arrayLike =
    marginals !== null &&
    typeof marginals === 'object' &&
    typeof (marginals as { length?: unknown }).length === 'number';
  const list = arrayLike && !Array.isArray(marginals) ? Array.from(marginals) : marginals;
  const p = parseOptions(where, softmaxMarginalOptions, { marginals: list }).marginals;
  const K = p.length;
  let logSum = 0;
  const logs = new Float64Array(K);
  let total = 0;
  for (let k = 0; k < K; k++) total += p[k]!;
  for (let k = 0; k < K; k++) {
    logs[k] = Math.log(p[k]! / total);
    logSum += logs[k]!;
  }
  const mean = logSum / K;
  const b = new Float64Array(K);
  for (let k = 0; k < K; k++) b[k] = logs[k]! - mean;
  return (out, fanIn, fanOut) => {
    checkBiasShape(where, out, fanIn, fanOut);
    if (fanOut !== K) {
      throw new RangeError(`${where}: bias has ${fanOut} entries but ${K} marginals were given`);
    }
    out.set(b);
  };
}

const classFrequencyOptions = z.strictObject({ numClasses: count(), smoothing: nonnegative() });

/**
 * Class frequencies of integer labels in [0, numClasses), plus `smoothing`
 * (a pseudo-count per class, default 0), for {@link softmaxMarginalBias}.
 */
export function classFrequencies(
  labels: ArrayLike<number>,
  numClasses: number,
  smoothing = 0,
): Float64Array {
  parseOptions('classFrequencies', classFrequencyOptions, { numClasses, smoothing });
  const counts = new Float64Array(numClasses).fill(smoothing);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (!Number.isInteger(y) || y < 0 || y >= numClasses) {
      throw new RangeError(
        `classFrequencies: labels[${i}] must be an integer in [0, ${numClasses - 1}], got ${y}`,
      );
    }
    counts[y] = counts[y]! + 1;
  }
  let total = 0;
  for (let k = 0; k < numClasses; k++) total += counts[k]!;
  if (total === 0) throw new RangeError('classFrequencies: no labels and smoothing 0');
  for (let k = 0; k < numClasses; k++) counts[k] = counts[k]! / total;
  return counts;
}

/** The four LSTM gates. */
export type LstmGate = 'input' | 'forget' | 'cell' | 'output';

/** PyTorch's and Keras's order: [input, forget, cell (candidate g), output]. */
export const LSTM_GATES: readonly LstmGate[] = ['input', 'forget', 'cell', 'output'];

/**
 * Options of {@link lstmForgetBias}: `hidden` h (the bias has 4h entries),
 * `forget` value of the forget-gate block [1], `other` value of the other three
 * blocks [0], `gates` order of the four blocks of width h
 * [input, forget, cell, output].
 */
export const lstmForgetOptions = z.strictObject({
  hidden: count(),
  forget: finite().default(1),
  other: finite().default(0),
  gates: z
    .array(z.enum(['input', 'forget', 'cell', 'output']))
    .refine((g) => g.length === 4 && LSTM_GATES.every((x) => g.includes(x)), {
      message: `must be a permutation of ${LSTM_GATES.join(', ')}`,
    })
    .default(['input', 'forget', 'cell', 'output']),
});
export type LstmBiasOptions = z.input<typeof lstmForgetOptions>;

/**
 * LSTM bias with the forget-gate block set to 1 (others 0): the gate pre-activations
 * z = x W + h U + b of width 4h are laid out as consecutive blocks of width h in
 * the order `gates` (default [input, forget, cell, output], so entries
 * [h, 2h) are the forget gate). σ(1) ≈ 0.73 keeps the cell state, and gradients
 * through it, alive early in training.
 * References: F. Gers, J. Schmidhuber, F. Cummins, "Learning to forget", 2000;
 * R. Jozefowicz, W. Zaremba, I. Sutskever, "An empirical exploration of recurrent
 * network architectures", ICML 2015; *Deep Learning* §10.10.1.
 */
export function lstmForgetBias(options: LstmBiasOptions): Initializer {
  const where = 'lstm-forget';
  const { hidden: h, forget, other, gates } = parseOptions(where, lstmForgetOptions, options);
  const f = gates.indexOf('forget');
  return (out, fanIn, fanOut) => {
    checkBiasShape(where, out, fanIn, fanOut);
    if (fanOut !== 4 * h) {
      throw new RangeError(`${where}: bias must have 4·hidden = ${4 * h} entries, got ${fanOut}`);
    }
    out.fill(other);
    out.fill(forget, f * h, (f + 1) * h);
  };
}
