import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTuneSpec } from './run.js';
import { parseTuneSpec, TuneSpecError } from './spec.js';
import { braninValue } from './testObjectives.js';

const dir = mkdtempSync(join(tmpdir(), 'optlab-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tune spec', () => {
  it('rejects unknown and bad fields, naming them', () => {
    const ok = { objective: { name: 'branin' }, sampler: { name: 'random' }, trials: 5, seed: 1 };
    expect(parseTuneSpec(ok)).toEqual(ok);
    const field = (spec: unknown) => {
      try {
        parseTuneSpec(spec);
      } catch (e) {
        expect(e).toBeInstanceOf(TuneSpecError);
        expect(e).toBeInstanceOf(TypeError);
        return (e as TuneSpecError).field;
      }
      return 'no error';
    };
    expect(field({ ...ok, extra: 1 })).toBe('extra');
    expect(field({ ...ok, sampler: { name: 'random', points: 3 } })).toBe('sampler.points');
    expect(field({ ...ok, sampler: { name: 'annealing' } })).toBe('sampler.name');
    expect(field({ ...ok, objective: { name: 'branin', dim: 3 } })).toBe('objective.dim');
    expect(field({ ...ok, objective: { name: 'rosenbrock', dim: 1 } })).toBe('objective.dim');
    const median = { name: 'median', startupTrials: 2 };
    expect(parseTuneSpec({ ...ok, pruner: median }).pruner).toEqual(median);
    expect(field({ ...ok, pruner: { name: 'median', eta: 3 } })).toBe('pruner.eta');
    expect(field({ ...ok, pruner: { name: 'successive-halving', reductionFactor: 1 } })).toBe(
      'pruner.reductionFactor',
    );
    expect(field({ ...ok, trials: 0 })).toBe('trials');
    expect(field({ ...ok, trials: 2.5 })).toBe('trials');
    expect(field({ ...ok, seed: 'x' })).toBe('seed');
    expect(field({ objective: ok.objective, sampler: ok.sampler })).toBe('trials');
  });

  it('words its errors as the library options it reuses do, one line each', () => {
    const ok = { objective: { name: 'branin' }, sampler: { name: 'random' }, trials: 5 };
    const message = (spec: unknown) => {
      try {
        parseTuneSpec(spec);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(message({ ...ok, sampler: { name: 'dlfs', keep: 2 } })).toBe(
      'tune spec: option sampler.keep must be a number ≤ 1, got 2',
    );
    expect(message({ ...ok, sampler: { name: 'grid', pionts: 3 } })).toBe(
      'tune spec: unknown option sampler.pionts (did you mean points?)',
    );
    expect(message({ ...ok, sampler: { name: 'annealing' } })).toBe(
      'tune spec: option sampler.name must be one of random, grid, halton, dlfs, gp, got "annealing"',
    );
    expect(message({ ...ok, pruner: { name: 'median', minTrials: 0 } })).toBe(
      'tune spec: option pruner.minTrials must be a number ≥ 1, got 0',
    );
    expect(message({ ...ok, trials: 2.5 })).toBe(
      'tune spec: option trials must be an integer, got 2.5',
    );
    // gp's `noise` is a library option the JSON spec does not offer.
    expect(message({ ...ok, sampler: { name: 'gp', noise: 0.1 } })).toBe(
      'tune spec: unknown option sampler.noise',
    );
    // Options are checked, not filled: the stored study configuration holds what the spec said.
    expect(parseTuneSpec({ ...ok, sampler: { name: 'dlfs', rounds: 2 } }).sampler).toEqual({
      name: 'dlfs',
      rounds: 2,
    });
  });

  it('returns {best, trials} with N rows of x1, x2 params and their true values', async () => {
    const r = await runTuneSpec({
      objective: { name: 'branin' },
      sampler: { name: 'halton' },
      trials: 7,
      seed: 2,
    });
    expect(r.trials.length).toBe(7);
    for (const t of r.trials) {
      expect(Object.keys(t.params)).toEqual(['x1', 'x2']);
      expect(t.value).toBe(braninValue(t.params.x1 as number, t.params.x2 as number));
    }
    const min = Math.min(...r.trials.map((t) => t.value));
    expect(r.best!.value).toBe(min);
    expect(r.trials.find((t) => t.value === min)!.params).toEqual(r.best!.params);
  });

  it('the same spec and seed give the same trials, for every sampler; another seed differs', async () => {
    const samplers = [
      { name: 'random' },
      { name: 'grid', shuffle: true },
      { name: 'halton' },
      { name: 'dlfs', roundSize: 4 },
      { name: 'gp', initial: 4, candidates: 64 },
    ];
    for (const sampler of samplers) {
      const spec = { objective: { name: 'rosenbrock', dim: 3 }, sampler, trials: 8, seed: 11 };
      const a = await runTuneSpec(spec);
      const b = await runTuneSpec(spec);
      expect(a).toEqual(b);
      expect(Object.keys(a.trials[0]!.params)).toEqual(['x1', 'x2', 'x3']);
      if (sampler.name !== 'grid') {
        const c = await runTuneSpec({ ...spec, seed: 12 });
        expect(c.trials).not.toEqual(a.trials);
      }
    }
  });

  it('an SQLite study gives the trials of the in-memory one, and a rerun resumes without new trials', async () => {
    const spec = {
      objective: { name: 'hartmann6' },
      sampler: { name: 'gp', initial: 5, candidates: 64 },
      trials: 8,
    };
    const file = join(dir, 'a.db');
    const mem = await runTuneSpec(spec);
    const disk = await runTuneSpec(spec, { storage: file, study: 'h6' });
    expect(disk).toEqual(mem);
    expect(await runTuneSpec(spec, { storage: file, study: 'h6' })).toEqual(mem);
    // A larger budget continues the same study.
    const more = await runTuneSpec({ ...spec, trials: 10 }, { storage: file, study: 'h6' });
    expect(more.trials.slice(0, 8)).toEqual(mem.trials);
    expect(more.trials.length).toBe(10);
    await expect(runTuneSpec({ ...spec, seed: 3 }, { storage: file, study: 'h6' })).rejects.toThrow(
      /different configuration/,
    );
  });

  it('checks its options', async () => {
    const spec = { objective: { name: 'branin' }, sampler: { name: 'random' }, trials: 2 };
    await expect(runTuneSpec(spec, { workers: 0 })).rejects.toThrow(/workers/);
    await expect(runTuneSpec(spec, { workers: 2 })).rejects.toThrow(/storage/);
  });
});
