/**
 * optlab's browser-safe core: everything that computes, nothing that touches
 * files, processes or the network. `optlab/core` in the exports map; a test
 * checks that nothing imported from here reaches a `node:` module.
 */

export * as ad from './autodiff/index.js';
export * as backend from './backend/index.js';
export * as contract from './contract/index.js';
export * as data from './data/core.js';
export * as diagnostics from './diagnostics/index.js';
export * as init from './init/index.js';
export * as nn from './nn/index.js';
export { Model, mlp } from './nn/index.js';
export * as objectives from './objectives/index.js';
export * as optim from './optim/index.js';
export { Rng, type RngState } from './random/index.js';
export * as charts from './report/specs.js';
export * as solvers from './solvers/index.js';
export { minimize } from './solvers/index.js';
export * from './tensor/index.js';
export * as train from './train/core.js';
