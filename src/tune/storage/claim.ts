/**
 * The claim protocol of the SQL storages (sql.ts), in one write transaction:
 * 1. Running trials whose worker is gone (`isStale`, decided by the study) are
 *    failed as interrupted with a compare-and-set on their heartbeat, so a
 *    trial that just sent a sign of life is left alone, and a waiting retry is
 *    queued while attempts remain.
 * 2. The waiting trial with the smallest number is taken — in PostgreSQL with
 *    `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent workers each get a
 *    different one without waiting for each other.
 * 3. Else the study row is locked (`FOR UPDATE`; in SQLite the transaction is
 *    `BEGIN IMMEDIATE`, which already holds the database's write lock) and,
 *    while fewer than `nTrials` numbers use the budget, number max + 1 is
 *    created running with the sampler's proposal. The unique index on (study,
 *    number, attempt) makes a duplicate impossible even if the locking were
 *    wrong.
 * The trials are read only when the sampler needs them (GP, DLFS), so a claim
 * costs a few indexed statements.
 */
import { type ClaimRequest, type ClaimResult, LOST, type TrialRecord } from '../storage.js';
import { TRIAL_COLUMNS, type TrialRow, toRecord } from './rows.js';
import type { Query } from './sql.js';

export interface ClaimLocks {
  /** ' FOR UPDATE SKIP LOCKED' in PostgreSQL, '' in SQLite. */
  skipLocked: string;
  /** ' FOR UPDATE' in PostgreSQL, '' in SQLite. */
  forUpdate: string;
  /** The study's complete, pruned and running trials (for samplers that need them). */
  history: (studyId: number) => Promise<TrialRecord[]>;
}

export async function claim(
  q: Query,
  now: number,
  req: ClaimRequest,
  locks: ClaimLocks,
): Promise<ClaimResult> {
  const sid = req.studyId;
  const open = await q<TrialRow>(
    `SELECT ${TRIAL_COLUMNS} FROM optlab_trials
       WHERE study_id = ? AND state IN ('running', 'waiting')`,
    [sid],
  );
  // 1. Stale running trials.
  let retries = false;
  for (const r of open) {
    if (r.state !== 'running') {
      retries = true;
      continue;
    }
    const t = toRecord(r);
    if (!req.isStale(t, now)) continue;
    const hit = await q(
      `UPDATE optlab_trials SET state = 'failed', interrupted = 1, error = ?, finished_at = ?
         WHERE id = ? AND state = 'running' AND COALESCE(heartbeat_at, -1) = ? RETURNING id`,
      [LOST, now, t.id, t.heartbeatAt ?? -1],
    );
    if (hit.length === 1 && t.attempt + 1 < req.maxAttempts) {
      await q(
        `INSERT INTO optlab_trials (study_id, number, attempt, state, params)
           VALUES (?, ?, ?, 'waiting', ?)`,
        [sid, t.number, t.attempt + 1, r.params],
      );
      retries = true;
    }
  }
  // 2. A waiting retry.
  if (retries) {
    const [waiting] = await q<{ id: number }>(
      `SELECT id FROM optlab_trials WHERE study_id = ? AND state = 'waiting'
         ORDER BY number, attempt LIMIT 1${locks.skipLocked}`,
      [sid],
    );
    if (waiting) {
      const [row] = await q<TrialRow>(
        `UPDATE optlab_trials SET state = 'running', worker_id = ?, started_at = ?, heartbeat_at = ?
           WHERE id = ? RETURNING ${TRIAL_COLUMNS}`,
        [req.workerId, now, now, waiting.id],
      );
      return { kind: 'trial', trial: toRecord(row!) };
    }
  }
  // 3. A new number, under the study row's lock. The lock is taken in a
  // statement of its own: in READ COMMITTED the next statement then sees
  // every number committed before the lock was granted (a subquery of the
  // locking statement would still see its older snapshot).
  await q(`SELECT id FROM optlab_studies WHERE id = ?${locks.forUpdate}`, [sid]);
  const [c] = await q<{ n: number; top: number | null; active: number }>(
    `SELECT COUNT(DISTINCT CASE WHEN state = 'failed' AND interrupted = 1 THEN NULL ELSE number END) AS n,
              MAX(number) AS top,
              SUM(CASE WHEN state IN ('running', 'waiting') THEN 1 ELSE 0 END) AS active
       FROM optlab_trials WHERE study_id = ?`,
    [sid],
  );
  if (!c) throw new RangeError(`claimTrial: no study with id ${sid}`);
  if (Number(c.n) >= req.nTrials) return { kind: Number(c.active) > 0 ? 'wait' : 'done' };
  const number = c.top === null ? 0 : Number(c.top) + 1;
  const history = req.needsHistory ? await locks.history(sid) : [];
  const params = req.propose(number, history);
  const [row] = await q<TrialRow>(
    `INSERT INTO optlab_trials
         (study_id, number, attempt, state, params, worker_id, started_at, heartbeat_at)
       VALUES (?, ?, 0, 'running', ?, ?, ?, ?) RETURNING ${TRIAL_COLUMNS}`,
    [sid, number, JSON.stringify(params), req.workerId, now, now],
  );
  return { kind: 'trial', trial: toRecord(row!) };
}
