/**
 * Where a study lives. The interface is asynchronous and coarse-grained so that
 * a server database (PostgreSQL: `SELECT … FOR UPDATE` in a transaction) can
 * implement it later beside the in-memory store here and the SQLite one
 * (sqliteStorage.ts, Node only).
 *
 * Trial life cycle: `waiting` (a retry queued after a crash) → `running` (claimed
 * by one worker) → `complete` | `pruned` | `failed`. A trial's `number` is its
 * sampling index; a retry is a new row with the same number and parameters and
 * `attempt` + 1. The budget counts distinct trial numbers: a trial whose
 * objective failed (threw, or returned NaN) still uses its number; one whose
 * worker died is retried under the same number, up to `maxAttempts` times.
 */
import type { Params } from './space.js';

export type TrialState = 'waiting' | 'running' | 'complete' | 'pruned' | 'failed';

export interface TrialRecord {
  /** Row id, unique in the storage. */
  id: number;
  /** Sampling index in the study (0, 1, …); shared by a trial and its retries. */
  number: number;
  attempt: number;
  state: TrialState;
  params: Params;
  /** Final value (complete), last intermediate value (pruned), else null. */
  value: number | null;
  /** Intermediate values in report order: [step, value]. */
  intermediate: [number, number][];
  workerId: string | null;
  /** Order of completion within the study (1, 2, …), null until finished. */
  finishSeq: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  error: string | null;
}

export interface StudyConfig {
  name: string;
  direction: 'minimize' | 'maximize';
  /**
   * Everything that determines the trials (objective, space, sampler, seed), as
   * JSON-serialisable data. Reopening a study with a different config is an error.
   */
  config: unknown;
}

export interface StudyInfo extends StudyConfig {
  id: number;
}

export interface ClaimRequest {
  studyId: number;
  workerId: string;
  /** Total number of trials the study should finish. */
  nTrials: number;
  /** A trial interrupted this many times is given up (left failed). */
  maxAttempts: number;
  /** Whether a running trial's worker is gone (its trial is then failed and requeued). */
  isStale: (t: TrialRecord) => boolean;
  /** Proposes parameters for a new trial number, given all trials (called inside the lock). */
  propose: (number: number, trials: TrialRecord[]) => Params;
}

export type ClaimResult =
  | { kind: 'trial'; trial: TrialRecord }
  /** Nothing to claim now but other workers' trials are still running. */
  | { kind: 'wait' }
  | { kind: 'done' };

export interface StudyStorage {
  /** Creates the study or opens the existing one of that name (configs must match). */
  openStudy(config: StudyConfig): Promise<StudyInfo>;
  /**
   * Atomically: fails and requeues stale running trials, then claims the oldest
   * waiting trial or, while the budget allows, creates trial number max+1 with
   * `propose`, marking it running for `workerId`.
   */
  claimTrial(req: ClaimRequest): Promise<ClaimResult>;
  reportIntermediate(trialId: number, step: number, value: number): Promise<void>;
  finishTrial(
    trialId: number,
    state: 'complete' | 'pruned' | 'failed',
    value: number | null,
    error?: string,
  ): Promise<void>;
  getTrials(studyId: number): Promise<TrialRecord[]>;
  close(): Promise<void>;
}

/** Deterministic JSON (sorted keys) used to compare study configs. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Running trials whose worker is gone, and which of them get a retry. */
export function findStale(
  trials: TrialRecord[],
  req: ClaimRequest,
): { stale: TrialRecord[]; retry: TrialRecord[] } {
  const stale = trials.filter((t) => t.state === 'running' && req.isStale(t));
  return { stale, retry: stale.filter((t) => t.attempt + 1 < req.maxAttempts) };
}

/**
 * The claim decision shared by every storage, run inside its lock on the study's
 * trials after stale ones were failed and requeued: the waiting trial with the
 * smallest number, else a new number while fewer than `nTrials` numbers exist,
 * else wait for running trials, else done.
 */
export function decideClaim(
  trials: TrialRecord[],
  nTrials: number,
):
  | { kind: 'claim'; trial: TrialRecord }
  | { kind: 'new'; number: number }
  | { kind: 'wait' }
  | { kind: 'done' } {
  let waiting: TrialRecord | null = null;
  const numbers = new Set<number>();
  let maxNumber = -1;
  let running = false;
  for (const t of trials) {
    maxNumber = Math.max(maxNumber, t.number);
    numbers.add(t.number);
    if (t.state === 'running') running = true;
    if (t.state === 'waiting' && (waiting === null || t.number < waiting.number)) waiting = t;
  }
  if (waiting) return { kind: 'claim', trial: waiting };
  if (numbers.size < nTrials) return { kind: 'new', number: maxNumber + 1 };
  return running ? { kind: 'wait' } : { kind: 'done' };
}
