export { constant, identity, normal, sample, uniform, zeros } from './basic.js';
export {
  classFrequencies,
  LSTM_GATES,
  type LstmBiasOptions,
  type LstmGate,
  lstmForgetBias,
  reluBias,
  softmaxMarginalBias,
} from './bias.js';
export { householderQ, orthogonal } from './orthogonal.js';
export { sparse } from './sparse.js';
export {
  INIT_ALIASES,
  INIT_NAMES,
  type InitAlias,
  type InitInput,
  type InitName,
  type InitSpec,
  initializerFromSpec,
  initSpecSchema,
  parseInit,
  parseInitSpec,
} from './spec.js';
export { checkShape, type Initializer, initBias, type WeightArray } from './types.js';
export {
  dlfsHe,
  dlfsXavier,
  type FanMode,
  type GainNonlinearity,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  recommendedGain,
  type VarianceScalingOptions,
  varianceScaling,
} from './varianceScaling.js';
