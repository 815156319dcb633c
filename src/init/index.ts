export { constant, identity, normal, uniform, zeros } from './basic.js';
export {
  LSTM_GATES,
  type LstmBiasOptions,
  type LstmGate,
  lstmForgetBias,
  reluBias,
  softmaxMarginalBias,
} from './bias.js';
export { orthogonal } from './orthogonal.js';
export { sparse } from './sparse.js';
export {
  INIT_NAMES,
  type InitAlias,
  type InitInput,
  type InitName,
  type InitSpec,
  initializerFromSpec,
  initSpecSchema,
} from './spec.js';
export type { Initializer } from './types.js';
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
