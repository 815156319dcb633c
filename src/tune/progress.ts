/**
 * The log of a running study, one line per finished trial (as Optuna logs
 * "Trial 3 finished with value … and parameters … Best is trial …"):
 *
 *     trial 3 complete: value 0.412351  x1=2.3101, x2=4.5  best 0.397887 (trial 1)  [4/12]
 *     trial 5 pruned at step 3: value 0.9  lr=0.0031  best 0.12 (trial 2)  [6/12]
 *     trial 6 failed: objective returned NaN  x1=…  [7/12]
 *
 * The count is of trials with a result in the whole study (others' workers and
 * earlier runs included); "best" is the best complete value seen by this log.
 */
import type { Params } from './space.js';
import type { FinishStatus, TrialRecord } from './storage.js';

/** A number in 6 significant digits (plain when that is short, else exponent form). */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const s = Number(v.toPrecision(6));
  const plain = String(s);
  return plain.length <= 12 ? plain : s.toExponential(5).replace(/\.?0+e/, 'e');
}

export function formatParams(p: Params): string {
  return Object.entries(p)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? formatValue(v) : String(v)}`)
    .join(', ');
}

export class ProgressLog {
  private best: { value: number; number: number } | null = null;
  private done: number;
  private readonly sign: number;

  constructor(
    direction: 'minimize' | 'maximize',
    private readonly nTrials: number,
    existing: TrialRecord[] = [],
  ) {
    this.sign = direction === 'maximize' ? -1 : 1;
    this.done = 0;
    for (const t of existing) {
      if (t.finishSeq === null) continue;
      this.done++;
      this.consider(t);
    }
  }

  private consider(t: TrialRecord): void {
    if (t.state !== 'complete' || t.value === null) return;
    if (this.best === null || this.sign * t.value < this.sign * this.best.value)
      this.best = { value: t.value, number: t.number };
  }

  /** The line for a trial a worker finished (null when the storage already had it). */
  line(t: TrialRecord, status: FinishStatus): string | null {
    if (status === 'duplicate') return null;
    if (status === 'rejected') {
      return `trial ${t.number} (attempt ${t.attempt + 1}) finished after it was presumed lost and retried elsewhere; this result was dropped`;
    }
    this.done++;
    this.consider(t);
    const parts: string[] = [];
    const last = t.intermediate[t.intermediate.length - 1];
    if (t.state === 'complete')
      parts.push(`trial ${t.number} complete: value ${formatValue(t.value!)}`);
    else if (t.state === 'pruned')
      parts.push(
        `trial ${t.number} pruned${last ? ` at step ${last[0]}` : ''}: value ${t.value === null ? 'none' : formatValue(t.value)}`,
      );
    else parts.push(`trial ${t.number} failed: ${t.error ?? 'unknown error'}`);
    parts.push(formatParams(t.params));
    if (this.best) parts.push(`best ${formatValue(this.best.value)} (trial ${this.best.number})`);
    parts.push(`[${this.done}/${this.nTrials}]`);
    return parts.join('  ');
  }
}
