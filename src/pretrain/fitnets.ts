/**
 * FitNets hint training (Romero et al. 2015, "FitNets: hints for thin deep
 * nets", §2.2, stage one of Algorithm 1).
 *
 * A wide, shallow teacher is trained first. The student is deeper and thinner.
 * Stage one trains the student up to its guided layer (hidden block g, weights
 * W_guided = the student's blocks 0…g) together with a regressor r (here a
 * linear map W_r, b_r: the FitNets paper uses a regressor with the teacher's
 * nonlinearity, convolutional for conv layers) to predict the teacher's hint
 * layer u_h(x):
 *
 *   L_HT(W_guided, W_r) = mean over the batch and the hint units of
 *                         (u_h(x) − r(v_g(x; W_guided); W_r))²
 *
 * (the paper's ½‖·‖² summed over units differs by the constant factor
 * 2/width; the minimiser is the same). Stage two (distillation.ts) trains the
 * whole student on the targets and the teacher's softened outputs.
 *
 * Approach: the student's lower part plus the regressor is built as its own
 * mlp, `sizes = [n₀, …, n_{g+1}, hintWidth]`, with the student's architecture
 * options and loss 'mse'; its layers 0…g start from the student's current
 * values, it is trained by `fit` on the precomputed hint targets (the
 * teacher's hint-layer outputs, evaluation mode), and then layers 0…g (and
 * their batch norm) are copied back into the student. The regressor is
 * discarded. Nothing is shared between the two models while training.
 *
 * The hint losses reported are in evaluation mode (batch norm with running
 * statistics), on the training set.
 *
 * Standardised hints (`standardize: true`, not in the paper): each hint unit j
 * is replaced by (u_j − μ_j)/s_j, μ_j and s_j its mean and (population)
 * standard deviation over the training set (a constant unit, s_j = 0, becomes
 * 0; the validation hints use the training set's μ and s). An unbounded ReLU
 * hint then has the scale of the student's sigmoid units, and L_HT reads as a
 * fraction of variance: 1 is the loss of predicting every unit's mean, so
 * 1 − L_HT is the share of the hint's variance that the guided layer explains
 * linearly.
 *
 * Options: `teacher` (required), `hint` (required: the name of the teacher
 * module whose output is the hint, e.g. 'act0'), `guided` (required: the
 * student's hidden block index g), `train` (required: inputs), `fit`
 * (required: fit options), `validation` [none], `seed` [0] (regressor init),
 * `standardize` [false].
 */
import { z } from 'zod';
import type { Dataset, FloatArray } from '../data/index.js';
import { type MlpOptions, type Model, mlp } from '../nn/index.js';
import type { MlpConfig } from '../nn/mlp.js';
import { index, OptionError, parseOptions, seed } from '../options/index.js';
import { evaluate, type FitOptions, fit, type History, type TrainData } from '../train/index.js';
import { layerValues } from './representation.js';
import { transferLayers } from './transfer.js';

const object = <T>() =>
  z.custom<T>((v) => v !== null && typeof v === 'object', { message: 'must be an object' });

/** The options of {@link trainHints} (see the module note). */
export const hintSchema = z.strictObject({
  teacher: object<Model>(),
  hint: z.string(),
  /** A hidden block of the student (checked against the student too). */
  guided: index(),
  train: object<Dataset<FloatArray>>(),
  fit: object<FitOptions>(),
  validation: object<Dataset<FloatArray>>().optional(),
  seed: seed().default(0),
  standardize: z.boolean().default(false),
});

export type HintOptions = z.input<typeof hintSchema>;

export interface HintResult {
  /** The student's lower part + regressor, as trained. */
  hintModel: Model;
  history: History;
  /** Hint loss L_HT on the training set before and after stage one. */
  hintLossBefore: number;
  hintLossAfter: number;
  /** Width of the teacher's hint layer. */
  hintWidth: number;
  /** Per-unit mean and standard deviation used to standardise the hints (null when not standardised). */
  hintStats: ColumnStats | null;
}

/** Per-column mean and population standard deviation of a row-major n × width matrix. */
export interface ColumnStats {
  mean: Float64Array;
  std: Float64Array;
}

/** The mean and population standard deviation of every column of `values` (n × `width`, row-major). */
export function columnStats(values: ArrayLike<number>, width: number): ColumnStats {
  const n = values.length / width;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(n) || n < 1)
    throw new RangeError(`columnStats: ${values.length} values do not form rows of width ${width}`);
  const mean = new Float64Array(width);
  const std = new Float64Array(width);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < width; j++) mean[j] = mean[j]! + values[i * width + j]!;
  for (let j = 0; j < width; j++) mean[j] = mean[j]! / n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < width; j++) {
      const d = values[i * width + j]! - mean[j]!;
      std[j] = std[j]! + d * d;
    }
  for (let j = 0; j < width; j++) std[j] = Math.sqrt(std[j]! / n);
  return { mean, std };
}

/** Standardises every column of `values` in place: (v − mean)/std, or v − mean where std = 0. */
export function standardizeColumns(values: FloatArray, width: number, s: ColumnStats): void {
  const n = values.length / width;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < width; j++) {
      const sd = s.std[j]!;
      const d = values[i * width + j]! - s.mean[j]!;
      values[i * width + j] = sd > 0 ? d / sd : 0;
    }
}

function blockLayers(model: Model, g: number): Record<string, string> {
  const map: Record<string, string> = {};
  for (let i = 0; i <= g; i++) {
    map[`layer${i}`] = `layer${i}`;
    if (model.params.layers.includes(`bn${i}`)) map[`bn${i}`] = `bn${i}`;
  }
  return map;
}

/** Stage one of the module comment; writes the trained layers 0…g into `student`. */
export async function trainHints(student: Model, options: HintOptions): Promise<HintResult> {
  const c = student.config as MlpConfig | undefined;
  if (c?.kind !== 'mlp') throw new TypeError('trainHints: the student must be built by mlp');
  const o = parseOptions('trainHints', hintSchema, options);
  const hidden = c.sizes.length - 2;
  if (o.guided >= hidden) {
    throw new OptionError(
      `trainHints: option guided must be a hidden block of the student in [0, ${hidden - 1}], got ${o.guided}`,
      'trainHints',
      'guided',
    );
  }
  const { standardize } = o;
  const hint = layerValues(o.teacher, o.train, o.hint);
  const hintVal = o.validation ? layerValues(o.teacher, o.validation, o.hint) : null;
  const hintStats = standardize ? columnStats(hint.values, hint.width) : null;
  if (hintStats) {
    standardizeColumns(hint.values, hint.width, hintStats);
    if (hintVal) standardizeColumns(hintVal.values, hint.width, hintStats);
  }
  const sizes = [...c.sizes.slice(0, o.guided + 2), hint.width];
  const opts: MlpOptions = {
    ...(c as unknown as MlpOptions),
    sizes,
    loss: 'mse',
    outputActivation: 'identity',
    seed: o.seed,
  };
  const hintModel = mlp(opts);
  const map = blockLayers(student, o.guided);
  transferLayers(hintModel, student, map);
  const train: TrainData = { data: o.train, targets: hint.values, targetFeatures: hint.width };
  const hintLossBefore = evaluate(hintModel.eval(), train).loss;
  hintModel.train();
  const fo: FitOptions = { ...o.fit };
  if (o.validation && hintVal)
    fo.validation = { data: o.validation, targets: hintVal.values, targetFeatures: hint.width };
  else delete fo.validation;
  const history = await fit(hintModel, train, fo);
  const hintLossAfter = evaluate(hintModel.eval(), train).loss;
  transferLayers(student, hintModel, map);
  return {
    hintModel,
    history,
    hintLossBefore,
    hintLossAfter,
    hintWidth: hint.width,
    hintStats,
  };
}
