import { describe, expect, it } from 'vitest';
import { OptionError } from '../options/index.js';
import { findExperiment } from './registry.js';
import { runExperiment } from './run.js';

describe('runExperiment options', () => {
  const exp = findExperiment('conjugate-gradient');
  it('are checked before any work, naming the option and the value', async () => {
    await expect(runExperiment(exp, { out: '/nonexistent/x', seed: 1.5 })).rejects.toThrow(
      'runExperiment: option seed must be an integer, got 1.5',
    );
    await expect(
      runExperiment(exp, { out: '/nonexistent/x', qiuck: true } as never),
    ).rejects.toThrow('runExperiment: unknown option qiuck (did you mean quick?)');
    await expect(runExperiment(exp, { out: '' })).rejects.toThrow(OptionError);
    await expect(
      runExperiment(exp, { out: '/nonexistent/x', progress: {} as never }),
    ).rejects.toThrow('runExperiment: option progress must be a Progress {start, tick, stop}');
  });
});
