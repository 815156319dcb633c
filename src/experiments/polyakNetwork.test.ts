import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { runPolyakNetwork } from './polyakNetwork.js';
import { silentProgress } from './progress.js';

/** A numeric column of a series. */
const col = (s: Record<string, unknown> | undefined, name: string): number[] =>
  Array.from((s as Record<string, ArrayLike<number>>)[name]!);

describe('polyak-averaging, network part', () => {
  it('averaged weights are at least as accurate as the last iterate', async () => {
    const r = await runPolyakNetwork({
      quick: true,
      seed: 0,
      rng: new Rng(0),
      data: 'mnist',
      progress: silentProgress(),
      log: () => {},
    });
    const failed = r.checks!.filter((c) => !c.passed).map((c) => `${c.name}: ${c.observed}`);
    expect(r.checks!.length).toBeGreaterThan(0);
    expect(failed).toEqual([]);
    const acc = r.series!['network-accuracy'];
    expect(col(acc, 'epoch')).toEqual([1, 2, 3, 4, 5, 6]);
    const polyak = col(acc, 'polyak');
    // the arithmetic average starts at epoch 2's end: nothing to show before
    expect(Number.isNaN(polyak[0]!)).toBe(true);
    expect(Number.isNaN(polyak[1]!)).toBe(true);
    expect(polyak[2]!).toBeGreaterThan(0.5);
    expect(r.figures).toHaveLength(1);
  });
});
