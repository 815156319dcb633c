/**
 * optlab for Node.js: the browser-safe core (./core.ts) plus what needs Node —
 * datasets from files and downloads, model files, the training loop with
 * checkpoints, studies in SQLite, figures and reports, and the experiments.
 *
 * Layers are namespaces (`ad`, `nn`, `optim`, …) so that names stay plain
 * inside each; the most used names are also exported at the top.
 */
export * from './core.js';
export * as data from './data/index.js';
export { loadDataset } from './data/index.js';
export { experiments, findExperiment } from './experiments/registry.js';
export { runExperiment } from './experiments/run.js';
export * as nnio from './nn/node/index.js';
export * as report from './report/index.js';
export * as train from './train/index.js';
export { evaluate, fit, TrainingError } from './train/index.js';
export * as tune from './tune/index.js';
