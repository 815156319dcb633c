export { hasBatchNorm, recomputeBatchNorm } from './batchNormStats.js';
export {
  CHECKPOINT_FILE,
  type CheckpointData,
  fileCheckpoints,
  loadCheckpoint,
  removeStaleTemps,
  saveCheckpoint,
} from './checkpoint.js';
export type { CheckpointStore } from './checkpointStore.js';
export { type TrainConfig, trainConfigSchema } from './config.js';
export {
  type DivergenceOptions,
  type DivergenceState,
  divergenceInit,
  divergenceSettings,
  divergenceUpdate,
} from './divergence.js';
export { type EarlyState, earlyInit, earlyUpdate } from './earlyStopping.js';
export { Batcher, evaluate, targetWidth } from './evaluate.js';
export { fit, TrainingError } from './fit.js';
export { fitLoop } from './loop.js';
export {
  type LrRangeTestOptions,
  type LrRangeTestResult,
  lrRangeTest,
  suggest as lrRangeSuggestion,
} from './lrRangeTest.js';
export { ResumeMismatchError, settingsDiff } from './resume.js';
export { setupTraining, type TrainingSetup } from './setup.js';
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
  Progress,
  StepInfo,
  TrainData,
} from './types.js';
