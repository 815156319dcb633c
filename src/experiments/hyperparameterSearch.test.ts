import { describe, expect, it } from 'vitest';
import { hyperparameterSearch } from './hyperparameterSearch.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment hyperparameter-search', () => {
  it('finds lr near 1e-2, narrowing helps, GP keeps up with random search', async () => {
    const r = await runQuick(hyperparameterSearch);
    expectAllChecksPass(r);
    // Quick form: 10 trials per search, three searches.
    expect(r.summary.map((s) => s.search)).toEqual(['random', 'DLFS narrowing', 'GP-EI']);
    expect(r.series.trials!.lr).toHaveLength(30);
    for (const lr of r.series.trials!.lr as number[]) expect(lr >= 1e-6 && lr <= 1e-2).toBe(true);
    // Each search draws from its own stream, so they can differ: no search's
    // learning rates repeat another's.
    const lr = r.series.trials!.lr as number[];
    const [random, dlfs, gp] = [lr.slice(0, 10), lr.slice(10, 20), lr.slice(20, 30)];
    for (const v of dlfs.slice(0, 5)) expect(random).not.toContain(v);
    for (const v of gp) expect(random).not.toContain(v);
    expect(new Set(r.summary.map((s) => s['best val acc'])).size).toBeGreaterThan(1);
    // Top-5 curves: 6 epochs each.
    expect(r.series['top-curves']!.epoch).toHaveLength(5 * 6);
    expect(r.figures.map((f) => f.name)).toEqual([
      'top-curves',
      'accuracy-vs-lr',
      'accuracy-vs-weight-decay',
      'best-so-far',
      'gp-samples',
      'narrowing',
    ]);
  }, 120_000);
});
