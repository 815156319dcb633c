export { hasBatchNorm, recomputeBatchNorm } from './batchNormStats.js';
export {
  CHECKPOINT_FILE,
  type CheckpointData,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint.js';
export { type EarlyState, earlyInit, earlyUpdate } from './earlyStopping.js';
export { Batcher, evaluate, targetWidth } from './evaluate.js';
export { fit, TrainingError } from './fit.js';
export {
  type LrRangeTestOptions,
  type LrRangeTestResult,
  lrRangeTest,
  suggest as lrRangeSuggestion,
} from './lrRangeTest.js';
export type {
  AveragingOptions,
  Callbacks,
  CheckpointOptions,
  EarlyStoppingOptions,
  EpochInfo,
  FitOptions,
  History,
  LoopView,
  Monitor,
  StepInfo,
  TrainData,
} from './types.js';
