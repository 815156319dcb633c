/** Every experiment, by name, in the order of EXPERIMENTS.md. */
import { cliffClipping } from './cliffClipping.js';
import { conjugateGradient } from './conjugateGradient.js';
import { coordinateDescent } from './coordinateDescent.js';
import { initActivations } from './initActivations.js';
import { optimizerPaths } from './optimizerPaths.js';
import { polyakAveraging } from './polyakAveraging.js';
import { saddle } from './saddle.js';
import { surrogateLoss } from './surrogateLoss.js';
import type { Experiment } from './types.js';

export const experiments: Experiment[] = [
  optimizerPaths, // 1
  initActivations, // 3
  conjugateGradient, // 11
  cliffClipping, // 12
  saddle, // 15
  coordinateDescent, // 16
  polyakAveraging, // 17
  surrogateLoss, // 22
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
