/**
 * Hyper-parameter search: search spaces, samplers (random, grid, Halton, DLFS's
 * range narrowing, GP Bayesian optimisation), pruners, studies that survive
 * crashes and are shared by worker processes, and the `optlab tune` spec.
 *
 * Node-only pieces are not re-exported here: `SqliteStorage` and `openStorage`
 * are in `optlab/storage` (src/storage.ts), `runWorker`/`forkWorkers` in './worker.js', and the
 * training behind the `mlp-mnist` objective (`trainMlpTrial`, `mlpMnistSplit`)
 * from './mlpTrain.js' (the objective itself imports it when a trial runs).
 */
export { type DlfsOptions, dlfsSampler } from './dlfsSampler.js';
export {
  bestSoFarSpec,
  type Direction,
  type ParamPairOptions,
  type ParamScatterOptions,
  paramPairSpec,
  paramScatterSpec,
  type TopCurvesOptions,
  topCurvesSpec,
} from './figures.js';
export { type GpSamplerOptions, gpSampler } from './gpSampler.js';
export { MemoryStorage } from './memoryStorage.js';
export {
  type MlpMnistConfig,
  type MlpMnistSpec,
  mlpMnistObjective,
  mlpMnistSpace,
} from './mlpSpec.js';
export { type TrialContext, TrialPruned, type TuneObjective } from './objective.js';
export {
  type HalvingOptions,
  type MedianOptions,
  medianPruner,
  type Pruner,
  successiveHalvingPruner,
} from './pruner.js';
export { bestTrial, type StudySummary, summarize, type TrialRow, trialsTable } from './results.js';
export { type RunTuneOptions, runTuneSpec, type TuneResult } from './run.js';
export {
  type FinishedTrial,
  type GridOptions,
  gridSampler,
  haltonSampler,
  randomSampler,
  type Sampler,
  type SamplerContext,
} from './sampler.js';
export type {
  Condition,
  ParamSpec as Distribution,
  Params,
  ParamValue,
  SearchSpace,
} from './space.js';
export { parseTuneSpec, type TuneSpec, TuneSpecError, tuneSpecSchema } from './spec.js';
export {
  type ClaimRequest,
  type ClaimResult,
  DEFAULT_SETTINGS,
  type FinishStatus,
  StorageError,
  type StudyConfig,
  type StudyInfo,
  type StudySettings,
  type StudyStorage,
  type TrialOutcome,
  type TrialRecord,
  type TrialState,
} from './storage.js';
export { type OptimizeOptions, Study, type StudyOptions } from './study.js';
export { branin, hartmann6, rosenbrock as rosenbrockObjective } from './testObjectives.js';
