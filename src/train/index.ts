export { hasBatchNorm, recomputeBatchNorm } from './batchNormStats.js';
export {
  CHECKPOINT_FILE,
  type CheckpointData,
  loadCheckpoint,
  removeStaleTemps,
  saveCheckpoint,
} from './checkpoint.js';
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
export { ResumeMismatchError, settingsDiff } from './resume.js';
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
