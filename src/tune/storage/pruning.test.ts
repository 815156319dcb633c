/**
 * Pruning across workers: a worker's trial is judged against the intermediate
 * values other workers stored (two Study objects, two connections, two host
 * names), for the median rule and successive halving, on SQLite and
 * PostgreSQL.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrialPruned, type TuneObjective } from '../objective.js';
import { medianPruner, type Pruner, successiveHalvingPruner } from '../pruner.js';
import { randomSampler } from '../sampler.js';
import type { StudyStorage } from '../storage.js';
import { Study } from '../study.js';
import { branin } from '../testObjectives.js';
import { openStorage } from './open.js';
import { storageSuite } from './testdata/suite.test-util.js';

const { dir, pgOk, server } = storageSuite('pruning');

let files = 0;
const kinds = pgOk ? ['sqlite', 'postgres'] : ['sqlite'];
const fresh = async (kind: string) =>
  kind === 'sqlite' ? join(dir, `p${files++}.db`) : server().database();

/** An objective whose curve is `level` + 1/step over 4 steps, asking the pruner after each. */
const curve = (level: number): TuneObjective['evaluate'] => {
  return async (_p, trial) => {
    for (let step = 1; step <= 4; step++) {
      await trial.report(step, level + 1 / step);
      if (trial.shouldPrune()) throw new TrialPruned();
    }
    return level;
  };
};

const pruners: [string, () => Pruner][] = [
  ['median', () => medianPruner({ startupTrials: 3 })],
  ['successive halving', () => successiveHalvingPruner({ minResource: 1, reductionFactor: 2 })],
];

describe.each(kinds)('pruning across workers on %s', (kind) => {
  it.each(pruners)(
    '%s: a bad trial of worker A is pruned at step 1 against worker B’s trials, and not without them',
    async (_, make) => {
      const open = async (storage: StudyStorage, host: string) =>
        Study.open({
          storage,
          name: 'p',
          space: branin.space,
          sampler: randomSampler(),
          seed: 1,
          pruner: make(),
          host,
        });
      const url = await fresh(kind);
      const sa = await openStorage(url);
      const sb = await openStorage(url);
      const b = await open(sb, 'host-b');
      await b.optimize(curve(1), { nTrials: 4 });
      const a = await open(sa, 'host-a');
      await a.optimize(curve(10), { nTrials: 5 });
      const trials = await a.trials();
      expect(trials.map((t) => [t.workerId!.split(':')[0], t.state])).toEqual([
        ['host-b', 'complete'],
        ['host-b', 'complete'],
        ['host-b', 'complete'],
        ['host-b', 'complete'],
        ['host-a', 'pruned'],
      ]);
      expect(trials[4]!.intermediate).toEqual([[1, 11]]);
      await sa.close();
      await sb.close();

      // The same bad trial alone in a study runs to the end: B's trials made the difference.
      const alone = await openStorage(await fresh(kind));
      const solo = await open(alone, 'host-a');
      await solo.optimize(curve(10), { nTrials: 1 });
      expect((await solo.trials()).map((t) => t.state)).toEqual(['complete']);
      await alone.close();
    },
  );
});
