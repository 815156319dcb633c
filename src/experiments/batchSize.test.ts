import { describe, expect, it } from 'vitest';
import { batchSize } from './batchSize.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

/** A numeric column of a series. */
const col = (s: Record<string, unknown> | undefined, name: string): number[] =>
  Array.from((s as Record<string, ArrayLike<number>>)[name]!);

describe('experiment batch-size', () => {
  it('gradient standard error falls as 1/√m; throughput measured; small batches learn more per example', async () => {
    const r = await runQuick(batchSize);
    expectAllChecksPass(r);
    const m = col(r.series['standard-error'], 'm');
    const theory = col(r.series['standard-error'], 'theory');
    expect(m).toEqual([1, 2, 4, 8, 16, 32, 64]);
    // the theory column is σ/√m for one σ
    for (let k = 1; k < m.length; k++)
      expect(theory[k]! * Math.sqrt(m[k]!)).toBeCloseTo(theory[0]!, 10);
    expect(col(r.series.throughput, 'm')).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    // 3 batch sizes × 2 learning rates, each with 2000/m updates
    const ms = col(r.series['loss-at-budget'], 'm');
    const updates = col(r.series['loss-at-budget'], 'updates');
    expect(ms).toHaveLength(6);
    for (let k = 0; k < ms.length; k++) expect(updates[k]).toBe(Math.round(2000 / ms[k]!));
  });
});
