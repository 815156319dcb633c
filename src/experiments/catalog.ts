/**
 * The experiments by name, each loaded only when asked for: `optlab run NAME`
 * imports one experiment's module (and what it needs), not all of
 * registry.ts, so the command starts quickly. The order and names are those of
 * registry.ts (a test checks they agree).
 */
import type { Experiment } from './types.js';

const loaders: Record<string, () => Promise<Experiment>> = {
  'optimizer-paths': async () => (await import('./optimizerPaths.js')).optimizerPaths,
  'optimizers-mnist': async () => (await import('./optimizersMnist.js')).optimizersMnist,
  'init-activations': async () => (await import('./initActivations.js')).initActivations,
  'init-mnist': async () => (await import('./initMnist.js')).initMnist,
  'batch-norm': async () => (await import('./batchNorm.js')).batchNorm,
  'batchnorm-gradcheck': async () => (await import('./batchnormGradcheck.js')).batchnormGradcheck,
  'weight-decay': async () => (await import('./weightDecay.js')).weightDecay,
  dropout: async () => (await import('./dropout.js')).dropout,
  'hyperparameter-search': async () =>
    (await import('./hyperparameterSearch.js')).hyperparameterSearch,
  'optimizers-all': async () => (await import('./optimizersAll.js')).optimizersAll,
  'conjugate-gradient': async () => (await import('./conjugateGradient.js')).conjugateGradient,
  'cliff-clipping': async () => (await import('./cliffClipping.js')).cliffClipping,
  'ill-conditioning': async () => (await import('./illConditioning.js')).illConditioning,
  'loss-line': async () => (await import('./lossLine.js')).lossLine,
  saddle: async () => (await import('./saddle.js')).saddle,
  'coordinate-descent': async () => (await import('./coordinateDescent.js')).coordinateDescent,
  'polyak-averaging': async () => (await import('./polyakAveraging.js')).polyakAveraging,
  pretraining: async () => (await import('./pretraining.js')).pretraining,
  fitnets: async () => (await import('./fitnets.js')).fitnets,
  'batchnorm-placement': async () => (await import('./batchnormPlacement.js')).batchnormPlacement,
  'long-term-dependencies': async () =>
    (await import('./longTermDependencies.js')).longTermDependencies,
  'surrogate-loss': async () => (await import('./surrogateLoss.js')).surrogateLoss,
  'batch-size': async () => (await import('./batchSize.js')).batchSize,
  'unsupervised-pretraining': async () =>
    (await import('./unsupervisedPretraining.js')).unsupervisedPretraining,
  // beyond the books (issue 20)
  'edge-of-stability': async () => (await import('./edgeOfStability.js')).edgeOfStability,
  'sam-sharpness': async () => (await import('./samSharpness.js')).samSharpness,
  'modern-optimizers': async () => (await import('./modernOptimizers.js')).modernOptimizers,
  'hessian-free': async () => (await import('./hessianFree.js')).hessianFree,
};

/** Every experiment's name, in the order of EXPERIMENTS.md. */
export const experimentNames: readonly string[] = Object.keys(loaders);

/**
 * The names closest to a mistyped one (edit distance ≤ 3, or sharing a prefix
 * or a word), best first.
 */
export function suggestExperiments(name: string, max = 3): string[] {
  const scored = experimentNames.map((n) => {
    let d = editDistance(name, n);
    if (n.startsWith(name) || name.startsWith(n)) d = Math.min(d, 1);
    else if (name.length >= 4 && n.includes(name)) d = Math.min(d, 2);
    return { n, d };
  });
  const limit = Math.max(2, Math.min(4, Math.floor(name.length / 3)));
  return scored
    .filter((s) => s.d <= limit)
    .sort((a, b) => a.d - b.d)
    .slice(0, max)
    .map((s) => s.n);
}

/** Levenshtein distance (insertions, deletions, substitutions each cost 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The message for a name that is not an experiment: the closest names, then how to list them. */
export function unknownExperimentMessage(name: string): string {
  const near = suggestExperiments(name);
  const hint = near.length > 0 ? `; did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : '';
  return `unknown experiment '${name}'${hint} (\`optlab list\` shows all ${experimentNames.length})`;
}

/** Loads one experiment by name; an unknown name is a RangeError with the closest names. */
export async function loadExperiment(name: string): Promise<Experiment> {
  const load = loaders[name];
  if (!load) throw new RangeError(unknownExperimentMessage(name));
  return load();
}
