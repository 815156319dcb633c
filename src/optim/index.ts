/**
 * optim/ — composable gradient transformations over the flat gradient (Optax
 * style), the named optimizers built from them, schedules, iterate averaging,
 * state serialisation (the JSON specs and `runTrace` are in contract/).
 */
export {
  type AdadeltaOptions,
  type AdadeltaState,
  adadelta,
  adadeltaSchema,
  scaleByAdadelta,
} from './adadelta.js';
export { type AdagradOptions, type AdagradState, scaleByAdagrad } from './adagrad.js';
export {
  type AdahessianOptions,
  type AdahessianState,
  adahessian,
  adahessianSchema,
} from './adahessian.js';
export {
  type AdamOptions,
  type AdamState,
  adamSchema,
  adamwSchema,
  nadamSchema,
  scaleByAdam,
  scaleByAdamSchema,
} from './adam.js';
export {
  type AdamaxOptions,
  type AdamaxState,
  adamax,
  adamaxSchema,
  scaleByAdamax,
} from './adamax.js';
export {
  type Averager,
  type AverageState,
  ema,
  emaSchema,
  polyak,
  polyakSchema,
} from './averaging.js';
export {
  applyUpdates,
  chain,
  identity,
  type NamedStates,
  namedChain,
  scale,
  step,
} from './base.js';
export {
  type AgcOptions,
  adaptiveGradClip,
  agcSchema,
  clipByGlobalNorm,
  clipByValue,
} from './clip.js';
export {
  type DeltaBarDeltaOptions,
  type DeltaBarDeltaState,
  deltaBarDelta,
  deltaBarDeltaSchema,
} from './deltaBarDelta.js';
export {
  type DlfsAdamState,
  dlfsAdagrad,
  dlfsAdagradSchema,
  dlfsAdam,
  dlfsAdamSchema,
  dlfsNesterov,
  dlfsNesterovSchema,
  dlfsRmsprop,
  dlfsRmspropSchema,
} from './dlfs.js';
export { type FiniteState, skipNonFinite } from './finite.js';
export { type LionOptions, lion, lionSchema, scaleByLion } from './lion.js';
export { type LookaheadState, lookahead, lookaheadSchema } from './lookahead.js';
export type { MatrixBlock } from './matrixBlocks.js';
export {
  type TraceOptions as MomentumTraceOptions,
  type TraceState,
  trace,
} from './momentumTrace.js';
export { type MultiStepsState, multiSteps } from './multiSteps.js';
export {
  type MuonAdamwOptions,
  type MuonOptions,
  type MuonState,
  muon,
  muonAdamwSchema,
  muonSchema,
  muonWithAdamw,
} from './muon.js';
export {
  type NadamScheduleOptions,
  type NadamScheduleState,
  nadamSchedule,
  scaleByNadamSchedule,
} from './nadam.js';
export {
  type AdagradNamedOptions,
  type AdagradOptimizerState,
  type AdamNamedOptions,
  type AdamOptimizerState,
  adagrad,
  adagradSchema,
  adam,
  adamw,
  type DecayOptions,
  type DecayState,
  type MomentumOptions,
  type MomentumState,
  momentum,
  momentumSchema,
  nadam,
  nesterov,
  type Optimizer,
  type RmspropOptions,
  type RmspropState,
  rmsprop,
  rmspropSchema,
  type SgdOptions,
  type SgdState,
  sgd,
  sgdSchema,
} from './optimizers.js';
export { type PartitionState, partition } from './partition.js';
export {
  type PlateauOptions,
  type PlateauState,
  plateauSchema,
  type ReduceOnPlateau,
  reduceOnPlateau,
} from './plateau.js';
export { type RadamOptions, radam, radamSchema, scaleByRadam } from './radam.js';
export { type RmsOptions, type RmsState, scaleByRms } from './rms.js';
export { type SamOptions, type SamState, sam, samSchema } from './sam.js';
export { type CountState, scaleByLearningRate } from './scaleByLearningRate.js';
export {
  type ScheduleFreeAdamwOptions,
  type ScheduleFreeOptions,
  type ScheduleFreeState,
  scheduleFreeAdamw,
  scheduleFreeAdamwSchema,
  scheduleFreeSgd,
  scheduleFreeSgdSchema,
} from './scheduleFree.js';
export {
  type CosineOptions,
  constant,
  cosine,
  cosineSchema,
  exponential,
  exponentialSchema,
  type LinearDecayOptions,
  linearDecay,
  linearDecaySchema,
  multiStep,
  multiStepSchema,
  type OneCycleOptions,
  oneCycle,
  oneCycleSchema,
  polynomial,
  polynomialSchema,
  stepDecay,
  stepDecaySchema,
  warmup,
  warmupSchema,
} from './schedules.js';
export { adoptState, deserializeState, serializeState } from './serialize.js';
export { type ShampooOptions, type ShampooState, shampoo, shampooSchema } from './shampoo.js';
export { type SoapOptions, type SoapState, soap, soapSchema } from './soap.js';
export { type SophiaOptions, type SophiaState, sophia, sophiaSchema } from './sophia.js';
export type {
  Hyper,
  Oracle,
  Schedule,
  StateOf,
  Transform,
  Vec,
} from './types.js';
export { addDecayedWeights, addWeightDecay, type Mask } from './weightDecay.js';
