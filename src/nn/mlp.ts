/**
 * The multilayer perceptron builder (DLFS `MultiLayerNet` / `MultiLayerNetExtend`,
 * *Deep Learning* §6): sizes [n₀, n₁, …, n_L], L Linear layers; each hidden
 * block is
 *
 *   batchNorm 'before' (DLFS, the book §8.7.1):  Linear → BatchNorm → act → Dropout
 *   batchNorm 'after':                            Linear → act → BatchNorm → Dropout
 *   batchNorm false:                              Linear → act → Dropout
 *
 * and the last layer is Linear → `outputActivation` (default identity: the loss
 * takes logits). Names: `layer{i}` (Linear), `bn{i}`, `act{i}`, `drop{i}`, i the
 * 0-based layer index; parameters `layer0.W`, `layer0.b`, `bn0.gamma`, ….
 *
 * Options (validated once, defaults in brackets):
 * - `sizes` (required): ≥ 2 positive integers.
 * - `activation` ['relu']: relu, sigmoid, tanh, leaky-relu ({name, alpha}), softplus, identity.
 * - `outputActivation` ['identity'] (e.g. 'sigmoid' for DLFS's activation histograms).
 * - `init` ['he-normal']: an init spec of src/init (name, {name, …} or a DLFS
 *   weight_init_std number/'he'/'xavier').
 * - `biasInit` ['zeros']; `bias` [true] (false: no biases at all).
 * - `batchNorm` [false]: 'before' | 'after' | false; `batchNormOptions` [{}]
 *   (preset 'book' | 'dlfs', eps, momentum, runningVarInit).
 * - `biasBeforeBatchNorm` [false]: keep b in a Linear followed by batch norm (β
 *   makes it redundant, CORRECTIONS #10; DLFS keeps it: set true to match its
 *   parameter count).
 * - `dropout` [0]: drop ratio p, or {p, mode: 'inverted' | 'dlfs'}.
 * - `loss` ['softmax-cross-entropy'] | 'binary-cross-entropy' | 'mse'.
 * - `dtype` ['float64']; `seed` [0] or `rng`: the generator for initialisation;
 *   dropout layers get independent generators split from it afterwards.
 * - `weightDecayMask` ['weights']: which parameters weight decay touches —
 *   'weights' (W only, as DLFS), 'all', 'none', or a list of kinds.
 */
import { type InitSpec, initializerFromSpec } from '../init/index.js';
import { parseInitSpec } from '../init/spec.js';
import { Rng } from '../random/index.js';
import type { DType } from '../tensor/index.js';
import {
  Activation,
  type ActivationConfig,
  type ActivationSpec,
  parseActivation,
} from './activations.js';
import {
  BatchNorm,
  type BatchNormConfig,
  type BatchNormOptions,
  parseBatchNormOptions,
} from './batchNorm.js';
import { Dropout, type DropoutMode } from './dropout.js';
import { Linear } from './linear.js';
import { LOSS_NAMES, type LossName } from './losses.js';
import { Model } from './model.js';
import type { Module } from './module.js';
import { PARAM_KINDS, ParameterSet, type ParamKind } from './parameters.js';
import { Sequential } from './sequential.js';

export interface MlpOptions {
  sizes: readonly number[];
  activation?: ActivationSpec;
  outputActivation?: ActivationSpec;
  init?: unknown;
  biasInit?: unknown;
  bias?: boolean;
  batchNorm?: 'before' | 'after' | false;
  batchNormOptions?: BatchNormOptions;
  biasBeforeBatchNorm?: boolean;
  dropout?: number | { p: number; mode?: DropoutMode };
  loss?: LossName;
  dtype?: DType;
  seed?: number;
  rng?: Rng;
  weightDecayMask?: 'weights' | 'all' | 'none' | readonly ParamKind[];
}

/** The validated, fully filled options (JSON-serialisable: saved as the model's config). */
export interface MlpConfig {
  kind: 'mlp';
  sizes: number[];
  activation: ActivationConfig;
  outputActivation: ActivationConfig;
  init: InitSpec;
  biasInit: InitSpec;
  bias: boolean;
  batchNorm: 'before' | 'after' | false;
  batchNormOptions: BatchNormConfig;
  biasBeforeBatchNorm: boolean;
  dropout: { p: number; mode: DropoutMode };
  loss: LossName;
  dtype: DType;
  seed: number | null;
  weightDecayMask: 'weights' | 'all' | 'none' | ParamKind[];
}

const KNOWN = new Set([
  'sizes',
  'activation',
  'outputActivation',
  'init',
  'biasInit',
  'bias',
  'batchNorm',
  'batchNormOptions',
  'biasBeforeBatchNorm',
  'dropout',
  'loss',
  'dtype',
  'seed',
  'rng',
  'weightDecayMask',
  'kind',
]);

function bool(v: unknown, name: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean')
    throw new TypeError(`mlp: option '${name}' must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

/** Validates mlp options (TypeError/RangeError naming the option, value and allowed range). */
export function parseMlpOptions(o: MlpOptions | MlpConfig): MlpConfig {
  if (o === null || typeof o !== 'object') throw new TypeError('mlp: options must be an object');
  for (const k of Object.keys(o))
    if (!KNOWN.has(k)) throw new RangeError(`mlp: unknown option '${k}'`);
  const sizes = o.sizes;
  if (
    !Array.isArray(sizes) ||
    sizes.length < 2 ||
    sizes.some((s) => !Number.isInteger(s) || s < 1)
  ) {
    throw new RangeError(
      `mlp: option 'sizes' must be at least 2 integers ≥ 1, got ${JSON.stringify(sizes)}`,
    );
  }
  const batchNorm = o.batchNorm ?? false;
  if (batchNorm !== false && batchNorm !== 'before' && batchNorm !== 'after') {
    throw new RangeError(
      `mlp: option 'batchNorm' must be 'before', 'after' or false, got ${JSON.stringify(batchNorm)}`,
    );
  }
  const d = o.dropout ?? 0;
  const dropout =
    typeof d === 'number'
      ? { p: d, mode: 'inverted' as DropoutMode }
      : { p: d.p, mode: d.mode ?? 'inverted' };
  if (typeof dropout.p !== 'number' || !(dropout.p >= 0 && dropout.p < 1)) {
    throw new RangeError(
      `mlp: option 'dropout' must be a ratio in [0, 1), got ${JSON.stringify(d)}`,
    );
  }
  if (dropout.mode !== 'inverted' && dropout.mode !== 'dlfs') {
    throw new RangeError(
      `mlp: option 'dropout.mode' must be 'inverted' or 'dlfs', got ${JSON.stringify(dropout.mode)}`,
    );
  }
  const loss = o.loss ?? 'softmax-cross-entropy';
  if (!LOSS_NAMES.includes(loss))
    throw new RangeError(
      `mlp: option 'loss' must be one of ${LOSS_NAMES.join(', ')}, got ${JSON.stringify(loss)}`,
    );
  const dtype = o.dtype ?? 'float64';
  if (dtype !== 'float32' && dtype !== 'float64')
    throw new RangeError(
      `mlp: option 'dtype' must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`,
    );
  const seed = o.seed ?? null;
  if (seed !== null && (typeof seed !== 'number' || !Number.isFinite(seed))) {
    throw new RangeError(`mlp: option 'seed' must be a finite number, got ${JSON.stringify(seed)}`);
  }
  const wd = o.weightDecayMask ?? 'weights';
  if (Array.isArray(wd)) {
    for (const k of wd)
      if (!PARAM_KINDS.includes(k))
        throw new RangeError(
          `mlp: option 'weightDecayMask' has unknown kind ${JSON.stringify(k)}; kinds: ${PARAM_KINDS.join(', ')}`,
        );
  } else if (wd !== 'weights' && wd !== 'all' && wd !== 'none') {
    throw new RangeError(
      `mlp: option 'weightDecayMask' must be 'weights', 'all', 'none' or a list of kinds, got ${JSON.stringify(wd)}`,
    );
  }
  const wrap = (name: string, f: () => InitSpec) => {
    try {
      return f();
    } catch (e) {
      const err = e as Error;
      throw new (err instanceof TypeError ? TypeError : RangeError)(
        `mlp: option '${name}': ${err.message}`,
      );
    }
  };
  return {
    kind: 'mlp',
    sizes: [...sizes],
    activation: parseActivation(o.activation ?? 'relu', "mlp: option 'activation'"),
    outputActivation: parseActivation(
      o.outputActivation ?? 'identity',
      "mlp: option 'outputActivation'",
    ),
    init: wrap('init', () => parseInitSpec(o.init ?? 'he-normal')),
    biasInit: wrap('biasInit', () => parseInitSpec(o.biasInit ?? 'zeros')),
    bias: bool(o.bias, 'bias', true),
    batchNorm,
    batchNormOptions: parseBatchNormOptions(
      o.batchNormOptions ?? {},
      "mlp: option 'batchNormOptions'",
    ),
    biasBeforeBatchNorm: bool(o.biasBeforeBatchNorm, 'biasBeforeBatchNorm', false),
    dropout,
    loss,
    dtype,
    seed,
    weightDecayMask: Array.isArray(wd) ? [...wd] : (wd as 'weights' | 'all' | 'none'),
  };
}

const asActivationSpec = (a: ActivationConfig): ActivationSpec => ({
  name: a.name,
  alpha: a.alpha,
});

/** Builds the model (parameters initialised from `seed`/`rng`). See the module comment. */
export function mlp(options: MlpOptions | MlpConfig): Model {
  const c = parseMlpOptions(options);
  const rng = (options as MlpOptions).rng ?? new Rng(c.seed ?? 0);
  const ps = new ParameterSet(c.dtype);
  const init = initializerFromSpec(c.init);
  const biasInit = initializerFromSpec(c.biasInit);
  const layers: Module[] = [];
  const dropouts: Dropout[] = [];
  const L = c.sizes.length - 1;
  for (let i = 0; i < L; i++) {
    const hidden = i < L - 1;
    const bnHere = hidden ? c.batchNorm : false;
    const useBias = c.bias && (bnHere !== 'before' || c.biasBeforeBatchNorm);
    const nOut = c.sizes[i + 1]!;
    layers.push(new Linear(ps, `layer${i}`, c.sizes[i]!, nOut, { bias: useBias, init, biasInit }));
    if (!hidden) break;
    if (bnHere === 'before') layers.push(new BatchNorm(ps, `bn${i}`, nOut, c.batchNormOptions));
    layers.push(new Activation(`act${i}`, asActivationSpec(c.activation)));
    if (bnHere === 'after') layers.push(new BatchNorm(ps, `bn${i}`, nOut, c.batchNormOptions));
    if (c.dropout.p > 0) {
      const d = new Dropout(`drop${i}`, c.dropout.p, { mode: c.dropout.mode });
      dropouts.push(d);
      layers.push(d);
    }
  }
  if (c.outputActivation.name !== 'identity')
    layers.push(new Activation(`act${L - 1}`, asActivationSpec(c.outputActivation)));
  ps.allocate(rng);
  // independent dropout streams, split after initialisation so they do not shift the weights
  for (const d of dropouts) d.rng.setState(rng.split().getState());
  const mask =
    c.weightDecayMask === 'weights'
      ? ps.weightMask()
      : c.weightDecayMask === 'all'
        ? ps.mask(() => true)
        : c.weightDecayMask === 'none'
          ? ps.mask(() => false)
          : ps.kindMask(...c.weightDecayMask);
  return new Model(new Sequential(layers, 'mlp'), ps, {
    loss: c.loss,
    config: c,
    weightDecayMask: mask,
  });
}
