export { recomputeBatchNorm } from './batchNormStats.js';
export {
  type CheckpointData,
  fileCheckpoints,
  loadCheckpoint,
  saveCheckpoint,
} from './checkpoint.js';
export type { CheckpointStore } from './checkpointStore.js';
export { type TrainConfig, trainConfigSchema } from './config.js';
export type { DivergenceOptions } from './divergence.js';
export { evaluate } from './evaluate.js';
export { fit, TrainingError } from './fit.js';
export {
  type LrRangeTestOptions,
  type LrRangeTestResult,
  lrRangeTest,
  suggest as lrRangeSuggestion,
} from './lrRangeTest.js';
export { ResumeMismatchError } from './resume.js';
export { setupTraining, type TrainingSetup } from './setup.js';
export type {
  AveragingOptions,
  Callbacks,
  CheckpointOptions,
  EarlyStoppingOptions,
  EpochInfo,
  FitOptions,
  History,
  Progress,
  StepInfo,
  TrainData,
} from './types.js';
