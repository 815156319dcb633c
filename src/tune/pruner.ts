/**
 * Pruning: stopping unpromising trials early from their intermediate values
 * (all minimised; a maximised study negates them first).
 *
 * - Median rule (Golovin et al., "Google Vizier", KDD 2017, §3.2.2; Optuna's
 *   MedianPruner): at step s, prune when the trial's best value so far is worse
 *   than the median of the values other finished trials reported at step s.
 *   Options: `startupTrials` 5 (no pruning until this many trials finished),
 *   `warmupSteps` 0 (no pruning before this step), `minTrials` 1 (trials with a
 *   value at step s needed to form the median).
 * - Successive halving, asynchronous form (Li et al., "A system for massively
 *   parallel hyperparameter tuning" (ASHA), MLSys 2020, Algorithm 2): rung k
 *   sits at step minResource·η^k. When a trial first reports a step ≥ a rung's
 *   step, its value there is compared with every trial's value at that rung;
 *   the trial continues only if it ranks within the best max(1, ⌊m/η⌋) of the m
 *   values. Options: `minResource` 1, `reductionFactor` η = 3.
 */
import { z } from 'zod';
import { median } from '../linalg/stats.js';
import { count, index, nonnegative, parseOptions, positive } from '../options/index.js';
import type { TrialRecord } from './storage.js';

export interface Pruner {
  readonly name: string;
  /**
   * Whether `trial` (its intermediate values so far, the last one just
   * reported) should stop, given the study's other trials.
   */
  shouldPrune(trial: TrialRecord, others: TrialRecord[]): boolean;
}

function valueAt(t: TrialRecord, step: number): number | undefined {
  for (const [s, v] of t.intermediate) if (s === step) return v;
  return undefined;
}

/** The options of {@link medianPruner} with their defaults (the tune spec reuses it). */
export const medianOptionsSchema = z.strictObject({
  startupTrials: index().default(5),
  warmupSteps: nonnegative().default(0),
  minTrials: count().default(1),
});

export type MedianOptions = z.input<typeof medianOptionsSchema>;

export function medianPruner(options: MedianOptions = {}): Pruner {
  const o = parseOptions('medianPruner', medianOptionsSchema, options);
  const { startupTrials: startup, warmupSteps: warmup, minTrials } = o;
  return {
    name: 'median',
    shouldPrune(trial, others) {
      const last = trial.intermediate[trial.intermediate.length - 1];
      if (!last) return false;
      const [step] = last;
      if (step < warmup) return false;
      const finished = others.filter(
        (t) => t.id !== trial.id && (t.state === 'complete' || t.state === 'pruned'),
      );
      if (finished.filter((t) => t.state === 'complete').length < startup) return false;
      const atStep: number[] = [];
      for (const t of finished) {
        const v = valueAt(t, step);
        if (v !== undefined && !Number.isNaN(v)) atStep.push(v);
      }
      if (atStep.length < minTrials) return false;
      let best = Number.POSITIVE_INFINITY;
      for (const [, v] of trial.intermediate) best = Math.min(best, Number.isNaN(v) ? Infinity : v);
      return best > median(atStep);
    },
  };
}

/** The options of {@link successiveHalvingPruner} with their defaults (the tune spec reuses it). */
export const halvingOptionsSchema = z.strictObject({
  minResource: positive().default(1),
  reductionFactor: z.number().finite().min(2).default(3),
});

export type HalvingOptions = z.input<typeof halvingOptionsSchema>;

/** A trial's value at the rung placed at `rungStep`: its first report at a step ≥ rungStep. */
function rungValue(t: TrialRecord, rungStep: number): { step: number; value: number } | null {
  for (const [s, v] of t.intermediate) if (s >= rungStep) return { step: s, value: v };
  return null;
}

export function successiveHalvingPruner(options: HalvingOptions = {}): Pruner {
  const o = parseOptions('successiveHalvingPruner', halvingOptionsSchema, options);
  const { minResource: r0, reductionFactor: eta } = o;
  return {
    name: 'successive-halving',
    shouldPrune(trial, others) {
      const last = trial.intermediate[trial.intermediate.length - 1];
      if (!last) return false;
      const [step] = last;
      // Rungs whose decision point is this very report.
      for (let k = 0, rung = r0; rung <= step; k++, rung = r0 * eta ** (k + 1)) {
        const mine = rungValue(trial, rung);
        if (!mine || mine.step !== step) continue;
        const values = [mine.value];
        for (const t of others) {
          if (t.id === trial.id) continue;
          const rv = rungValue(t, rung);
          if (rv) values.push(rv.value);
        }
        values.sort((a, b) => a - b);
        const keep = Math.max(1, Math.floor(values.length / eta));
        if (!(mine.value <= values[keep - 1]!)) return true;
      }
      return false;
    },
  };
}
