import { describe, expect, it } from 'vitest';
import {
  bestSoFar,
  bestSoFarSpec,
  paramPairSpec,
  paramScatterSpec,
  rankTrials,
  shortNumber,
  topCurvesSpec,
} from './figures.js';
import type { SearchSpace } from './space.js';
import type { TrialRecord, TrialState } from './storage.js';

let id = 0;
function rec(
  number: number,
  state: TrialState,
  value: number | null,
  params: Record<string, number>,
  finishSeq: number | null = number + 1,
): TrialRecord {
  return {
    id: ++id,
    number,
    attempt: 0,
    state,
    params,
    value,
    intermediate:
      value === null
        ? []
        : [
            [1, value / 2],
            [2, value],
          ],
    workerId: null,
    finishSeq,
    startedAt: null,
    finishedAt: null,
    heartbeatAt: null,
    interrupted: false,
    error: null,
  };
}

const space: SearchSpace = {
  lr: { type: 'loguniform', low: 1e-6, high: 1e-2 },
  wd: { type: 'uniform', low: 0, high: 1 },
};

// Finished in the order 0, 1, 3, 2 (trial 3 finished before trial 2).
const trials = [
  rec(0, 'complete', 0.3, { lr: 1e-4, wd: 0.1 }, 1),
  rec(1, 'complete', 0.1, { lr: 1e-5, wd: 0.2 }, 2),
  rec(2, 'complete', 0.5, { lr: 5e-3, wd: 0.3 }, 4),
  rec(3, 'failed', null, { lr: 1e-2, wd: 0.4 }, 3),
  rec(4, 'pruned', 0.9, { lr: 2e-3, wd: 0.5 }, 5),
  rec(5, 'complete', 0.5, { lr: 1e-3, wd: 0.6 }, 6),
];

type Row = Record<string, unknown>;
const rowsOf = (spec: unknown): Row[] => (spec as { data: { values: Row[] } }).data.values;

describe('study figures', () => {
  it('ranks complete trials only, best first, ties by number', () => {
    expect(rankTrials(trials, 'maximize').map((t) => t.number)).toEqual([2, 5, 0, 1]);
    expect(rankTrials(trials, 'minimize').map((t) => t.number)).toEqual([1, 0, 2, 5]);
  });

  it('gives the best value so far in completion order, skipping failed and pruned values', () => {
    // Completion order 0 (0.3), 1 (0.1), 3 (failed), 2 (0.5), 4 (pruned 0.9), 5 (0.5).
    expect(bestSoFar(trials, 'maximize')).toEqual([0.3, 0.3, 0.3, 0.5, 0.5, 0.5]);
    expect(bestSoFar(trials, 'minimize')).toEqual([0.3, 0.1, 0.1, 0.1, 0.1, 0.1]);
  });

  it('draws best-so-far as a staircase', () => {
    const spec = bestSoFarSpec([{ name: 'a', trials }], { title: 't', direction: 'maximize' });
    const pts = rowsOf(spec).map((r) => [r.x, r.y]);
    // A jump at trial 4 (0.3 → 0.5) becomes two points at x = 4.
    expect(pts).toEqual([
      [1, 0.3],
      [2, 0.3],
      [3, 0.3],
      [4, 0.3],
      [4, 0.5],
      [5, 0.5],
      [6, 0.5],
    ]);
  });

  it('plots value against a parameter on a log axis when the space is log-scaled', () => {
    const spec = paramScatterSpec(trials, 'lr', {
      title: 'acc vs lr',
      direction: 'maximize',
      space,
      highlightTop: 2,
      colorBy: { param: 'lr' },
    }) as unknown as {
      layer: { encoding: { x: { scale: { type: string; domain: number[] } } } }[];
    };
    const rows = rowsOf(spec);
    expect(rows).toHaveLength(4);
    expect(rows.filter((r) => r.hi).map((r) => r.y)).toEqual([0.5, 0.5]);
    expect(rows[0]!.c).toBeCloseTo(Math.log10(5e-3), 12);
    expect(spec.layer[0]!.encoding.x.scale.type).toBe('log');
    expect(spec.layer[0]!.encoding.x.scale.domain).toEqual([1e-6, 1e-2]);
    const lin = paramScatterSpec(trials, 'wd', { title: 'acc vs wd', space }) as unknown as {
      layer: { encoding: { x: { scale: { type: string } } } }[];
    };
    expect(lin.layer[0]!.encoding.x.scale.type).toBe('linear');
    const pair = paramPairSpec(trials, 'lr', 'wd', { title: 'pair', space, direction: 'maximize' });
    expect(rowsOf(pair).map((r) => r.c)).toEqual([0.5, 0.5, 0.3, 0.1]);
  });

  it('draws the learning curves of the best k trials, best first', () => {
    const spec = topCurvesSpec(trials, { title: 'top', direction: 'maximize', k: 3 });
    const rows = rowsOf(spec);
    const cells = [...new Set(rows.map((r) => r.cell))];
    expect(cells).toEqual(['#1 0.5', '#2 0.5', '#3 0.3']);
    expect(rows.filter((r) => r.cell === '#3 0.3').map((r) => r.y)).toEqual([0.15, 0.3]);
    expect(() => topCurvesSpec([trials[3]!], { title: 'none' })).toThrow(/no complete trial/);
    expect(() => topCurvesSpec(trials, { title: 'k', k: 0 })).toThrow(/k must be/);
  });

  it('formats short numbers', () => {
    expect(shortNumber(0.123456)).toBe('0.123');
    expect(shortNumber(0.00012)).toBe('1.2e−4');
    expect(shortNumber(42)).toBe('42');
  });
});
