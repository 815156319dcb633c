/** Every experiment, by name, in the order of EXPERIMENTS.md. */

import { batchNorm } from './batchNorm.js';
import { batchnormGradcheck } from './batchnormGradcheck.js';
import { batchnormPlacement } from './batchnormPlacement.js';
import { batchSize } from './batchSize.js';
import { cliffClipping } from './cliffClipping.js';
import { conjugateGradient } from './conjugateGradient.js';
import { coordinateDescent } from './coordinateDescent.js';
import { dropout } from './dropout.js';
import { edgeOfStability } from './edgeOfStability.js';
import { fitnets } from './fitnets.js';
import { hessianFree } from './hessianFree.js';
import { hyperparameterSearch } from './hyperparameterSearch.js';
import { illConditioning } from './illConditioning.js';
import { initActivations } from './initActivations.js';
import { initMnist } from './initMnist.js';
import { longTermDependencies } from './longTermDependencies.js';
import { lossLine } from './lossLine.js';
import { modernOptimizers } from './modernOptimizers.js';
import { optimizerPaths } from './optimizerPaths.js';
import { optimizersAll } from './optimizersAll.js';
import { optimizersMnist } from './optimizersMnist.js';
import { polyakAveraging } from './polyakAveraging.js';
import { pretraining } from './pretraining.js';
import { saddle } from './saddle.js';
import { samSharpness } from './samSharpness.js';
import { surrogateLoss } from './surrogateLoss.js';
import type { Experiment } from './types.js';
import { unsupervisedPretraining } from './unsupervisedPretraining.js';
import { weightDecay } from './weightDecay.js';

export const experiments: Experiment[] = [
  optimizerPaths, // 1
  optimizersMnist, // 2
  initActivations, // 3
  initMnist, // 4
  batchNorm, // 5
  batchnormGradcheck, // 6
  weightDecay, // 7
  dropout, // 8
  hyperparameterSearch, // 9
  optimizersAll, // 10
  conjugateGradient, // 11
  cliffClipping, // 12
  illConditioning, // 13
  lossLine, // 14
  saddle, // 15
  coordinateDescent, // 16
  polyakAveraging, // 17
  pretraining, // 18
  fitnets, // 19
  batchnormPlacement, // 20
  longTermDependencies, // 21
  surrogateLoss, // 22
  batchSize, // 23
  unsupervisedPretraining, // 24
  // beyond the books (issue 20)
  edgeOfStability, // 25
  samSharpness, // 26
  modernOptimizers, // 27
  hessianFree, // 28
];

export function findExperiment(name: string): Experiment {
  const e = experiments.find((x) => x.name === name);
  if (!e) {
    throw new RangeError(
      `unknown experiment '${name}'; \`optlab list\` shows them: ${experiments.map((x) => x.name).join(', ')}`,
    );
  }
  return e;
}
