/**
 * nn/: modules whose parameters are views into ONE flat vector θ (DESIGN layer 5).
 * Browser-safe; file input/output is in `./node/index.js`.
 */

export {
  ACTIVATION_NAMES,
  Activation,
  type ActivationName,
  type ActivationSpec,
} from './activations.js';
export { BatchNorm, type BatchNormOptions } from './batchNorm.js';
export { Dropout, type DropoutMode, type DropoutOptions } from './dropout.js';
export { Linear, type LinearOptions } from './linear.js';
export {
  accuracy,
  binaryCrossEntropyLoss,
  LOSS_NAMES,
  type LossFunction,
  type LossName,
  lossFunction,
  meanSquaredError,
  predictClasses,
  softmaxCrossEntropy,
  type Targets,
  targetClasses,
  zeroOneError,
} from './losses.js';
export { LSTM, type LstmOptions, type LstmResult } from './lstm.js';
export { type MlpOptions, mlp } from './mlp.js';
export { Model, type ModelOptions, type ModelState } from './model.js';
export type { ForwardContext, Module } from './module.js';
export { modelObjective } from './objective.js';
export {
  type Parameter,
  ParameterSet,
  type ParamKind,
  type ParamSpec as ParameterSpec,
} from './parameters.js';
export { RNN, type RnnOptions, type RnnResult } from './rnn.js';
export { Sequential } from './sequential.js';
export { decodeModel, encodeModel, type ModelManifest } from './serialize.js';
