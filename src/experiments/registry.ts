/** Every experiment, by name, in the order of EXPERIMENTS.md. */

import { optimizerPaths } from './optimizerPaths.js';
import type { Experiment } from './types.js';

export const experiments: Experiment[] = [optimizerPaths];

export function findExperiment(name: string): Experiment {
  const e = experiments.find((x) => x.name === name);
  if (!e) {
    throw new RangeError(
      `unknown experiment '${name}'; \`optlab list\` shows them: ${experiments.map((x) => x.name).join(', ')}`,
    );
  }
  return e;
}
