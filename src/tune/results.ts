/**
 * Study results as plain data for tables and figures (the report layer draws
 * them): the trials in the order they finished with the best value so far, and
 * the best trial.
 */
import type { Params } from './space.js';
import type { TrialRecord, TrialState } from './storage.js';

export interface TrialRow {
  number: number;
  attempt: number;
  state: TrialState;
  params: Params;
  value: number | null;
  /** Best complete value up to and including this row (null before the first). */
  bestSoFar: number | null;
  intermediate: [number, number][];
  /** Duration in milliseconds, when known. */
  durationMs: number | null;
  error: string | null;
}

/** Finished trials (complete, pruned, failed) in completion order, with the best so far. */
export function trialsTable(
  trials: TrialRecord[],
  direction: 'minimize' | 'maximize' = 'minimize',
): TrialRow[] {
  const sign = direction === 'maximize' ? -1 : 1;
  const done = trials
    .filter((t) => t.finishSeq !== null)
    .sort((a, b) => a.finishSeq! - b.finishSeq!);
  let best: number | null = null;
  return done.map((t) => {
    if (t.state === 'complete' && t.value !== null) {
      if (best === null || sign * t.value < sign * best) best = t.value;
    }
    return {
      number: t.number,
      attempt: t.attempt,
      state: t.state,
      params: t.params,
      value: t.value,
      bestSoFar: best,
      intermediate: t.intermediate,
      durationMs: t.startedAt !== null && t.finishedAt !== null ? t.finishedAt - t.startedAt : null,
      error: t.error,
    };
  });
}

/** The best complete trial (lowest value, or highest when maximising; ties: earliest number). */
export function bestTrial(
  trials: TrialRecord[],
  direction: 'minimize' | 'maximize' = 'minimize',
): TrialRecord | null {
  const sign = direction === 'maximize' ? -1 : 1;
  let best: TrialRecord | null = null;
  for (const t of trials) {
    if (t.state !== 'complete' || t.value === null) continue;
    if (
      best === null ||
      sign * t.value < sign * best.value! ||
      (t.value === best.value && t.number < best.number)
    ) {
      best = t;
    }
  }
  return best;
}

/** What a study holds (`summarize`). */
export interface StudySummary {
  complete: number;
  pruned: number;
  /** Trials whose objective failed (threw or returned NaN). */
  failed: number;
  /** Attempts lost with their worker (retried or given up). */
  interrupted: number;
  /** Trial numbers given up after `maxAttempts` interrupted attempts (replaced by new numbers). */
  givenUp: number[];
  /** Trial numbers with a result or still to get one (the budget's count). */
  counted: number;
}

/** Counts of a study's trials by outcome, and the numbers given up (see storage.ts). */
export function summarize(trials: TrialRecord[]): StudySummary {
  const s: StudySummary = {
    complete: 0,
    pruned: 0,
    failed: 0,
    interrupted: 0,
    givenUp: [],
    counted: 0,
  };
  const live = new Set<number>();
  const all = new Set<number>();
  for (const t of trials) {
    all.add(t.number);
    if (t.state === 'failed' && t.interrupted) s.interrupted++;
    else {
      live.add(t.number);
      if (t.state === 'complete') s.complete++;
      else if (t.state === 'pruned') s.pruned++;
      else if (t.state === 'failed') s.failed++;
    }
  }
  s.counted = live.size;
  s.givenUp = [...all].filter((n) => !live.has(n)).sort((a, b) => a - b);
  return s;
}
