/**
 * The interface between the search and what it tunes. Any objective — an
 * analytic test function or the training of a network — is a search space plus
 * an `evaluate` function from parameter values to the number to minimise (or
 * maximise, with `direction`).
 *
 * A training objective reports one intermediate value per step (epoch) through
 * `trial.report(step, value)` — stored at once, so a crash loses nothing — and
 * asks `trial.shouldPrune()` after each report; when it says yes the objective
 * throws `new TrialPruned()` and the trial is stored as pruned, its value the
 * last reported one.
 */
import type { Params, SearchSpace } from './space.js';

export interface TrialContext {
  /** The trial's number in the study (0, 1, …): its sampling index. */
  readonly number: number;
  readonly params: Params;
  /** Stores an intermediate value (e.g. validation loss after epoch `step`). */
  report(step: number, value: number): Promise<void>;
  /** The pruner's verdict on the values reported so far (false without a pruner). */
  shouldPrune(): boolean;
}

export interface TuneObjective {
  readonly name: string;
  readonly space: SearchSpace;
  /** 'minimize' (default) or 'maximize'. */
  readonly direction?: 'minimize' | 'maximize';
  evaluate(params: Params, trial: TrialContext): number | Promise<number>;
}

/** Thrown by an objective to stop a trial the pruner rejected. */
export class TrialPruned extends Error {
  constructor(message = 'trial pruned') {
    super(message);
    this.name = 'TrialPruned';
  }
}
