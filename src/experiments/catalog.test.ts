import { describe, expect, it } from 'vitest';
import { editDistance, experimentNames, loadExperiment, suggestExperiments } from './catalog.js';
import { experiments } from './registry.js';

describe('experiment catalog', () => {
  it('names the experiments of the registry, in its order, and loads the same objects', async () => {
    expect(experimentNames).toEqual(experiments.map((e) => e.name));
    for (const e of experiments) expect(await loadExperiment(e.name)).toBe(e);
  });
  it('an unknown name is a RangeError suggesting the closest names', async () => {
    await expect(loadExperiment('sadle')).rejects.toThrow(/did you mean 'saddle'/);
    await expect(loadExperiment('zzzzzzzz')).rejects.toThrow(/^unknown experiment 'zzzzzzzz' \(/);
  });
  it('suggests by edit distance and by prefix', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(suggestExperiments('batchnorm')).toEqual([
      'batch-norm',
      'batchnorm-gradcheck',
      'batchnorm-placement',
    ]);
    expect(suggestExperiments('polyak')).toEqual(['polyak-averaging']);
    expect(suggestExperiments('init-mnst')[0]).toBe('init-mnist');
  });
});
