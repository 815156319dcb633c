/** Types of the training loop: data, options, history, events. */
import type { BatchSampler, Dataset, FloatArray } from '../data/core.js';
import type { Averager, Transform } from '../optim/index.js';
import type { CallbackResult } from '../options/index.js';
import type { CheckpointData } from './checkpointStore.js';
import type { DivergenceOptions } from './divergence.js';

/** Progress of long work: the runner shows a bar on a terminal, plain lines otherwise. */
export interface Progress {
  /** Starts a phase of `total` units. */
  start(total: number, label: string): void;
  /** Advances by `n` units (default 1); `info` is shown beside the bar. */
  tick(n?: number, info?: string): void;
  /** Ends the phase. */
  stop(): void;
}

/**
 * Training data: a dataset whose labels are the targets, or with `targets`
 * rows (regression, autoencoders: `targets: 'inputs'` reconstructs x).
 */
export interface TrainData {
  data: Dataset<FloatArray>;
  /** Regression targets, row-major n × `targetFeatures`, or 'inputs' (x itself). Default: the labels. */
  targets?: FloatArray | 'inputs';
  targetFeatures?: number;
}

export type Monitor = 'val_loss' | 'val_accuracy' | 'train_loss' | 'train_accuracy';

export interface EarlyStoppingOptions {
  /** Metric watched at the end of each epoch (default 'val_loss'). */
  monitor?: Monitor;
  /** Epochs without improvement before stopping (default 5). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put back the parameters of the best epoch when training ends (default true). */
  restoreBest?: boolean;
}

export interface AveragingOptions {
  /** 'polyak': arithmetic mean from update `start`; 'ema': exponential with `decay`. */
  kind: 'polyak' | 'ema';
  start?: number | undefined;
  decay?: number | undefined;
}

export interface CheckpointOptions {
  /** Folder of checkpoint.json (written atomically). */
  dir: string;
  /** Every this many epochs (default 1); a checkpoint is also written at the end. */
  everyEpochs?: number;
}

export interface StepInfo {
  step: number;
  epoch: number;
  loss: number;
  /** Accuracy on the batch (classification), else NaN. */
  accuracy: number;
  lr?: number;
}

export interface EpochInfo {
  epoch: number;
  step: number;
  trainLoss: number;
  trainAccuracy: number;
  /** Validation loss and accuracy: present only when `fit` was given a validation set. */
  valLoss?: number;
  valAccuracy?: number;
  /** Validation metrics with the averaged parameters, when averaging. */
  avgValLoss?: number;
  avgValAccuracy?: number;
  seconds: number;
}

/**
 * What `fit` calls as it trains. Each returns a {@link CallbackResult}: the
 * string 'stop' ends training (`history.reason` is then 'callback'; a resumed
 * run goes on from there), anything else lets it continue.
 */
export interface Callbacks {
  /** After every update; return 'stop' to end training. */
  onStep?(info: StepInfo, ctx: LoopView): CallbackResult;
  /** After every epoch's evaluation (and early stopping's verdict); return 'stop' to end training. */
  onEpoch?(info: EpochInfo, ctx: LoopView): CallbackResult;
}

/** What a callback may look at (read-only by convention). */
export interface LoopView {
  theta: FloatArray;
  grad: FloatArray;
  step: number;
  epoch: number;
}

export interface FitOptions {
  /** The optimizer: a transform (optim/) applied to the flat gradient. */
  optimizer: Transform<unknown>;
  batchSize: number;
  /** Number of epochs (default 1 unless `iterations` is given). */
  epochs?: number;
  /** Number of updates in total (overrides epochs). */
  iterations?: number;
  /** 'epoch' (shuffled, without replacement; default) or 'replacement' (DLFS's np.random.choice). */
  sampler?: 'epoch' | 'replacement';
  validation?: TrainData;
  /** Rows of the training set evaluated at each epoch end (default: all; 0: skip). */
  trainEvalSize?: number;
  /** Evaluation batch size (default 1000). */
  evalBatchSize?: number;
  earlyStopping?: EarlyStoppingOptions;
  averaging?: AveragingOptions;
  checkpoint?: CheckpointOptions;
  /** Resume from this folder's checkpoint.json, or from a loaded checkpoint (bit-identical to never stopping). */
  resume?: string | CheckpointData;
  /**
   * The divergence guard (divergence.ts): stop when the smoothed loss exceeds
   * `factor` × its start or grows `growth`-fold within `window` updates. Off
   * unless given (the CLI turns it on by default).
   */
  divergence?: DivergenceOptions | false;
  /**
   * The caller's settings (JSON): stored in checkpoints, and a resume with other
   * settings is refused naming the differences.
   */
  settings?: unknown;
  /** Anything else the caller wants kept in checkpoints (JSON), not compared on resume. */
  meta?: unknown;
  seed?: number;
  callbacks?: Callbacks;
  progress?: Progress;
  /** Record every update's loss in the history (default true). */
  recordSteps?: boolean;
}

export interface History {
  steps: StepInfo[];
  epochs: EpochInfo[];
  /** The epoch whose parameters were kept by early stopping (restoreBest), else null. */
  bestEpoch: number | null;
  stoppedEarly: boolean;
  /** Why training ended. */
  reason: 'completed' | 'early-stopping' | 'callback';
  /** Averaged parameters, when averaging. */
  averaged?: FloatArray;
}

/** Internal: the sampler type used. */
export type { Averager, BatchSampler };
