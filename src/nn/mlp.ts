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
import { z } from 'zod';
import {
  type InitInput,
  type InitSpec,
  initializerFromSpec,
  initSpecSchema,
} from '../init/index.js';
import { count, parseOptions } from '../options/index.js';
import { Rng } from '../random/index.js';
import type { DType } from '../tensor/index.js';
import {
  Activation,
  type ActivationConfig,
  type ActivationSpec,
  parseActivation,
} from './activations.js';
import { BatchNorm, type BatchNormConfig, batchNormOptions } from './batchNorm.js';
import { Dropout, type DropoutMode } from './dropout.js';
import { Linear } from './linear.js';
import { LOSS_NAMES, type LossName } from './losses.js';
import { Model } from './model.js';
import type { Module } from './module.js';
import { PARAM_KINDS, ParameterSet, type ParamKind } from './parameters.js';
import { Sequential } from './sequential.js';

/** An activation spec, checked by parseActivation (its message kept). */
const activation = z.unknown().transform((v, ctx): ActivationConfig => {
  try {
    return parseActivation(v, 'activation');
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});
const isRatio = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v < 1;
const DROPOUT_MODES: readonly unknown[] = ['inverted', 'dlfs', undefined];
type DropoutInput = number | { p: number; mode?: DropoutMode };
const dropout = z
  .custom<DropoutInput>(
    (v) =>
      isRatio(v) ||
      (v !== null &&
        typeof v === 'object' &&
        Object.keys(v).every((k) => k === 'p' || k === 'mode') &&
        isRatio((v as { p?: unknown }).p) &&
        DROPOUT_MODES.includes((v as { mode?: unknown }).mode)),
    { message: "must be a ratio in [0, 1) or {p, mode: 'inverted' | 'dlfs'}" },
  )
  .default(0)
  .transform((d) =>
    typeof d === 'number'
      ? { p: d, mode: 'inverted' as DropoutMode }
      : { p: d.p, mode: d.mode ?? 'inverted' },
  );
const WD_NAMES: readonly unknown[] = ['weights', 'all', 'none'];
const weightDecayMask = z
  .custom<'weights' | 'all' | 'none' | ParamKind[]>(
    (v) =>
      WD_NAMES.includes(v) ||
      (Array.isArray(v) && v.every((k) => PARAM_KINDS.includes(k as ParamKind))),
    { message: `must be 'weights', 'all', 'none' or a list of kinds (${PARAM_KINDS.join(', ')})` },
  )
  .default('weights')
  .transform((w) => (Array.isArray(w) ? [...w] : w));

/**
 * The options of {@link mlp} and their defaults (written only here; see the
 * module comment). Its output is the {@link MlpConfig} saved with the model.
 */
export const mlpOptions = z.strictObject({
  kind: z.literal('mlp').optional(),
  sizes: z.array(count()).min(2),
  activation: activation.prefault('relu'),
  outputActivation: activation.prefault('identity'),
  init: initSpecSchema.prefault('he-normal'),
  biasInit: initSpecSchema.prefault('zeros'),
  bias: z.boolean().default(true),
  batchNorm: z
    .custom<'before' | 'after' | false>((v) => v === 'before' || v === 'after' || v === false, {
      message: "must be 'before', 'after' or false",
    })
    .default(false),
  batchNormOptions: batchNormOptions.prefault({}),
  biasBeforeBatchNorm: z.boolean().default(false),
  dropout,
  loss: z.enum(LOSS_NAMES as [LossName, ...LossName[]]).default('softmax-cross-entropy'),
  dtype: z.enum(['float32', 'float64']).default('float64'),
  seed: z.number().int().nullable().default(null),
  rng: z.instanceof(Rng).optional(),
  weightDecayMask,
});

export interface MlpOptions {
  sizes: readonly number[];
  activation?: ActivationSpec;
  outputActivation?: ActivationSpec;
  /** The weight initialiser: a name, a spec object or DLFS's weight_init_std number. */
  init?: InitInput;
  /** The bias initialiser, as `init`. */
  biasInit?: InitInput;
  bias?: boolean;
  batchNorm?: 'before' | 'after' | false;
  batchNormOptions?: z.input<typeof batchNormOptions>;
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

/** Validates mlp options into the saved config (an OptionError naming the option, value and allowed range). */
export function parseMlpOptions(o: MlpOptions | MlpConfig): MlpConfig {
  const { rng: _, ...c } = parseOptions('mlp', mlpOptions, o);
  return { ...c, kind: 'mlp' };
}

const asActivationSpec = (a: ActivationConfig): ActivationSpec => ({
  name: a.name,
  alpha: a.alpha,
});

/**
 * Builds the model (parameters initialised from `seed`/`rng`). See the module comment.
 *
 * @example
 * ```ts
 * import { data, mlp } from 'optlab';
 * const { x, y } = data.toTensors(data.spirals({ seed: 0, perClass: 50, classes: 2 }));
 * const model = mlp({ sizes: [2, 32, 2], init: 'he-normal', seed: 0 });
 * const before = model.evaluate(x, y).loss;
 * for (let k = 0; k < 200; k++) {
 *   model.lossAndGrad(x, y); // writes ∇θ J into model.grad
 *   for (let i = 0; i < model.size; i++) model.theta[i]! -= 0.5 * model.grad[i]!;
 * }
 * console.log(before, model.evaluate(x, y)); // the loss falls
 * ```
 */
export function mlp(options: MlpOptions | MlpConfig): Model {
  const c = parseMlpOptions(options);
  const rng = ('rng' in options ? options.rng : undefined) ?? new Rng(c.seed ?? 0);
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
