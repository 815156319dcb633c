export { fit, TrainingError } from './fit.js';
export { evaluate, Batcher, targetWidth } from './evaluate.js';
export { earlyInit, earlyUpdate, type EarlyState } from './earlyStopping.js';
export { saveCheckpoint, loadCheckpoint, CHECKPOINT_FILE, type CheckpointData } from './checkpoint.js';
export type {
  TrainData,
  FitOptions,
  History,
  StepInfo,
  EpochInfo,
  Callbacks,
  EarlyStoppingOptions,
  AveragingOptions,
  CheckpointOptions,
  Monitor,
  LoopView,
} from './types.js';
export { recomputeBatchNorm, hasBatchNorm } from './batchNormStats.js';
