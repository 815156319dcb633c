/**
 * nn/: modules whose parameters are views into ONE flat vector θ (DESIGN layer 5).
 * Browser-safe; file input/output is in `./node/index.js`.
 */

export {
  ACTIVATION_NAMES,
  Activation,
  type ActivationConfig,
  type ActivationName,
  type ActivationSpec,
  activationFunction,
  parseActivation,
} from './activations.js';
export {
  BatchNorm,
  type BatchNormConfig,
  type BatchNormOptions,
  parseBatchNormOptions,
} from './batchNorm.js';
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
export { type MlpConfig, type MlpOptions, mlp, parseMlpOptions } from './mlp.js';
export { type FlatOptions, Model, type ModelOptions, type ModelState } from './model.js';
export {
  type ForwardContext,
  isStochastic,
  liveContext,
  type Module,
  type Stochastic,
  walk,
} from './module.js';
export { modelObjective } from './objective.js';
export {
  type Buffer,
  type BufferSpec,
  PARAM_KINDS,
  type Parameter,
  ParameterSet,
  type ParamKind,
  type ParamSpec,
} from './parameters.js';
export { RNN, type RnnOptions, type RnnResult, sequenceSteps } from './rnn.js';
export { type LayerOutput, Sequential } from './sequential.js';
export {
  checkManifest,
  decodeModel,
  encodeModel,
  fnv1a,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelManifest,
} from './serialize.js';
