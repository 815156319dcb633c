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
    // DLFS's first round repeats random search's first half (same seed and draws).
    expect((r.series.trials!.lr as number[]).slice(10, 15)).toEqual(
      (r.series.trials!.lr as number[]).slice(0, 5),
    );
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
