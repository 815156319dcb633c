/**
 * Hyper-parameter search: search spaces, samplers (random, grid, Halton, DLFS's
 * range narrowing, GP Bayesian optimisation), pruners, studies that survive
 * crashes and are shared by worker processes, and the `optlab tune` spec.
 *
 * Node-only pieces are not re-exported here: import `SqliteStorage` from
 * './storage/sqlite.js' (or `openStorage` from './storage/open.js'), `runWorker`/`forkWorkers` from './worker.js', and the
 * training behind the `mlp-mnist` objective (`trainMlpTrial`, `mlpMnistSplit`)
 * from './mlpTrain.js' (the objective itself imports it when a trial runs).
 */
export { type DlfsOptions, dlfsSampler } from './dlfsSampler.js';
export { erfc, expectedImprovement, normalCdf, normalPdf } from './ei.js';
export {
  bestSoFar,
  bestSoFarSpec,
  type Direction,
  type ParamPairOptions,
  type ParamScatterOptions,
  paramPairSpec,
  paramScatterSpec,
  rankTrials,
  shortNumber,
  type TopCurvesOptions,
  topCurvesSpec,
} from './figures.js';
export { GaussianProcess, type GpHyper, kernelMatrix, matern52 } from './gp.js';
export { fitGp, type GpFitOptions, negLogMarginal } from './gpFit.js';
export { type GpSamplerOptions, gpSampler } from './gpSampler.js';
export { firstPrimes, Halton, type HaltonOptions, radicalInverse } from './halton.js';
export { workerMayBeAlive } from './liveness.js';
export { MemoryStorage } from './memoryStorage.js';
export {
  MLP_MNIST_DEFAULTS,
  type MlpMnistConfig,
  type MlpMnistHooks,
  type MlpMnistSpec,
  mlpMnistConfig,
  mlpMnistObjective,
  mlpMnistSchema,
  mlpMnistSpace,
} from './mlpSpec.js';
export { type TrialContext, TrialPruned, type TuneObjective } from './objective.js';
export { formatParams, formatValue, ProgressLog } from './progress.js';
export {
  type HalvingOptions,
  type MedianOptions,
  medianPruner,
  type Pruner,
  successiveHalvingPruner,
} from './pruner.js';
export {
  bestTrial,
  type StudySummary,
  summarize,
  type TrialRow,
  trialsTable,
} from './results.js';
export {
  openSpecStudy,
  type RunTuneOptions,
  runTuneSpec,
  type TuneResult,
  tuneResult,
} from './run.js';
export {
  type FinishedTrial,
  type GridOptions,
  gridSampler,
  haltonSampler,
  randomSampler,
  type Sampler,
  type SamplerContext,
  trialRng,
} from './sampler.js';
export {
  type CompiledSpace,
  type Condition,
  compileSpace,
  decode,
  features,
  type ParamSpec,
  type Params,
  type ParamValue,
  type SearchSpace,
  toUnit,
} from './space.js';
export {
  makeObjective,
  makePruner,
  makeSampler,
  parseTuneSpec,
  specFromStudy,
  studyConfig,
  type TuneSpec,
  TuneSpecError,
  tuneSpecSchema,
} from './spec.js';
export {
  type ClaimRequest,
  type ClaimResult,
  checkSettings,
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
export {
  branin,
  braninValue,
  hartmann6,
  hartmann6Value,
  rosenbrock,
  TEST_MINIMA,
} from './testObjectives.js';
