import { describe, expect, it } from 'vitest';
import { OptionError } from '../options/index.js';
import { medianPruner, successiveHalvingPruner } from './pruner.js';
import type { TrialRecord } from './storage.js';

let nextId = 1;
function trial(curve: number[], state: TrialRecord['state'] = 'complete'): TrialRecord {
  return {
    id: nextId++,
    number: nextId,
    attempt: 0,
    state,
    params: {},
    value: curve[curve.length - 1] ?? null,
    intermediate: curve.map((v, i) => [i + 1, v]),
    workerId: null,
    finishSeq: null,
    startedAt: null,
    finishedAt: null,
    heartbeatAt: null,
    interrupted: false,
    error: null,
  };
}

describe('median pruner', () => {
  const done = [trial([1.0, 0.8, 0.6]), trial([1.2, 0.9, 0.7]), trial([0.9, 0.5, 0.4])];
  const p = medianPruner({ startupTrials: 3 });

  it('prunes a trial whose best so far is above the median at this step', () => {
    // Step 2 values of finished trials: 0.8, 0.9, 0.5 → median 0.8; best so far 0.95 > 0.8.
    expect(p.shouldPrune(trial([1.1, 0.95], 'running'), done)).toBe(true);
    // Best so far 0.75 ≤ 0.8: keep.
    expect(p.shouldPrune(trial([1.1, 0.75], 'running'), done)).toBe(false);
  });

  it('waits for startup trials and warm-up steps', () => {
    expect(medianPruner({ startupTrials: 4 }).shouldPrune(trial([5, 5], 'running'), done)).toBe(
      false,
    );
    expect(
      medianPruner({ startupTrials: 3, warmupSteps: 3 }).shouldPrune(
        trial([5, 5], 'running'),
        done,
      ),
    ).toBe(false);
    expect(
      medianPruner({ startupTrials: 3, warmupSteps: 2 }).shouldPrune(
        trial([5, 5], 'running'),
        done,
      ),
    ).toBe(true);
  });
});

describe('successive halving (asynchronous)', () => {
  // η = 2, rungs at steps 1, 2, 4, …
  const p = successiveHalvingPruner({ minResource: 1, reductionFactor: 2 });
  const others = [trial([0.5, 0.4, 0.3, 0.2]), trial([0.9, 0.8, 0.7, 0.6]), trial([0.7, 0.6])];

  it('continues a trial in the top 1/η of its rung, prunes one below', () => {
    // Rung at step 1: values 0.5, 0.9, 0.7 and 0.6 → keep ⌊4/2⌋ = 2 best (0.5, 0.6).
    expect(p.shouldPrune(trial([0.6], 'running'), others)).toBe(false);
    expect(p.shouldPrune(trial([0.8], 'running'), others)).toBe(true);
  });

  it('decides only at a rung: step 3 is no rung, step 4 is', () => {
    // Rung 2 (step 2): 0.4, 0.8, 0.6 and 0.55 → keep 2: 0.4, 0.55 → promoted.
    expect(p.shouldPrune(trial([0.6, 0.55], 'running'), others)).toBe(false);
    expect(p.shouldPrune(trial([0.6, 0.55, 0.99], 'running'), others)).toBe(false);
    // Rung 3 (step 4): 0.2, 0.6 and 0.65 → keep ⌊3/2⌋ = 1: only 0.2 → prune.
    expect(p.shouldPrune(trial([0.6, 0.55, 0.99, 0.65], 'running'), others)).toBe(true);
  });
});

describe('pruner options', () => {
  it('are checked once, with the option and the value named', () => {
    expect(() => medianPruner({ minTrials: 0 })).toThrow(
      'medianPruner: option minTrials must be a number ≥ 1, got 0',
    );
    expect(() => medianPruner({ warmupStep: 2 } as never)).toThrow(
      'medianPruner: unknown option warmupStep (did you mean warmupSteps?)',
    );
    expect(() => successiveHalvingPruner({ reductionFactor: 1 })).toThrow(
      'successiveHalvingPruner: option reductionFactor must be a number ≥ 2, got 1',
    );
    expect(() => successiveHalvingPruner({ minResource: 0 })).toThrow(OptionError);
  });
});
