/**
 * The study storage over SQL, shared by SQLite and PostgreSQL: the queries and
 * the claim protocol are written once here; a `SqlDriver` supplies
 * transactions, the clock and the dialect's locking clauses.
 *
 * Claim, in one short write transaction:
 * 1. Running trials whose worker is gone (`isStale`, decided by the study) are
 *    failed (`interrupted`) with a compare-and-set on their heartbeat, so a
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
import {
  type ClaimRequest,
  type ClaimResult,
  canonicalJson,
  DEFAULT_SETTINGS,
  type FinishStatus,
  LOST,
  type StudyConfig,
  type StudyInfo,
  type StudySettings,
  type StudyStorage,
  sameOutcome,
  type TrialOutcome,
  type TrialRecord,
  type TrialState,
} from '../storage.js';
import type { Dialect } from './schema.js';

export type Query = <R = Record<string, unknown>>(
  sql: string,
  params?: readonly unknown[],
) => Promise<R[]>;

export interface SqlDriver {
  readonly dialect: Dialect;
  readonly location: string;
  /**
   * Runs `fn` in one transaction — 'write': holding the write lock from the
   * start (SQLite `BEGIN IMMEDIATE`); 'read': a consistent snapshot — and
   * retries it from the start, with back-off, on transient errors (a busy
   * database, a lost connection). `now` is the database's clock in ms.
   * Transactions of one driver run one at a time.
   */
  tx<T>(mode: 'read' | 'write', fn: (q: Query, now: number) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface TrialRow {
  id: number;
  study_id: number;
  number: number;
  attempt: number;
  state: string;
  params: string;
  value: number | null;
  worker_id: string | null;
  finish_seq: number | null;
  started_at: number | null;
  finished_at: number | null;
  heartbeat_at: number | null;
  interrupted: number;
  error: string | null;
}

interface StudyRow {
  id: number;
  name: string;
  direction: string;
  config: string;
  n_trials: number | null;
  settings: string | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toRecord(r: TrialRow, intermediate: [number, number][] = []): TrialRecord {
  return {
    id: Number(r.id),
    number: Number(r.number),
    attempt: Number(r.attempt),
    state: r.state as TrialState,
    params: JSON.parse(r.params),
    value: num(r.value),
    intermediate,
    workerId: r.worker_id,
    finishSeq: num(r.finish_seq),
    startedAt: num(r.started_at),
    finishedAt: num(r.finished_at),
    heartbeatAt: num(r.heartbeat_at),
    interrupted: Number(r.interrupted) === 1,
    error: r.error,
  };
}

function toInfo(r: StudyRow): StudyInfo {
  return {
    id: Number(r.id),
    name: r.name,
    direction: r.direction as 'minimize' | 'maximize',
    config: JSON.parse(r.config),
    nTrials: num(r.n_trials),
    settings: { ...DEFAULT_SETTINGS, ...(r.settings ? (JSON.parse(r.settings) as object) : {}) },
  };
}

const TRIAL_COLUMNS =
  'id, study_id, number, attempt, state, params, value, worker_id, finish_seq, started_at, finished_at, heartbeat_at, interrupted, error';

export class SqlStorage implements StudyStorage {
  private readonly skipLocked: string;
  private readonly forUpdate: string;

  constructor(protected readonly driver: SqlDriver) {
    const pg = driver.dialect === 'postgres';
    this.skipLocked = pg ? ' FOR UPDATE SKIP LOCKED' : '';
    this.forUpdate = pg ? ' FOR UPDATE' : '';
  }

  get location(): string {
    return this.driver.location;
  }

  async openStudy(config: StudyConfig): Promise<StudyInfo> {
    const json = canonicalJson(config.config);
    for (let tries = 0; ; tries++) {
      try {
        return await this.driver.tx('write', async (q) => {
          const [row] = await q<StudyRow>(
            `SELECT * FROM optlab_studies WHERE name = ?${this.forUpdate}`,
            [config.name],
          );
          if (row) {
            if (row.direction !== config.direction || row.config !== json) {
              throw new RangeError(
                `study "${config.name}" exists in ${this.location} with a different configuration: ${row.config}`,
              );
            }
            if (config.nTrials !== undefined)
              await q('UPDATE optlab_studies SET n_trials = ? WHERE id = ?', [
                config.nTrials,
                row.id,
              ]);
            if (config.settings)
              await q('UPDATE optlab_studies SET settings = ? WHERE id = ?', [
                JSON.stringify(config.settings),
                row.id,
              ]);
            const [again] = await q<StudyRow>('SELECT * FROM optlab_studies WHERE id = ?', [
              row.id,
            ]);
            return toInfo(again!);
          }
          return this.insertStudy(q, config, 0);
        });
      } catch (e) {
        // Two processes creating the same study at once: the loser opens the winner's.
        if (tries < 3 && isUniqueViolation(e)) continue;
        throw e;
      }
    }
  }

  private async insertStudy(q: Query, c: StudyConfig, finishSeq: number): Promise<StudyInfo> {
    const settings: StudySettings = c.settings ?? DEFAULT_SETTINGS;
    const [r] = await q<StudyRow>(
      `INSERT INTO optlab_studies (name, direction, config, n_trials, settings, finish_seq)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
      [
        c.name,
        c.direction,
        canonicalJson(c.config),
        c.nTrials ?? null,
        JSON.stringify(settings),
        finishSeq,
      ],
    );
    return toInfo(r!);
  }

  async loadStudy(name: string): Promise<StudyInfo | null> {
    const rows = await this.driver.tx('read', (q) =>
      q<StudyRow>('SELECT * FROM optlab_studies WHERE name = ?', [name]),
    );
    return rows[0] ? toInfo(rows[0]) : null;
  }

  async listStudies(): Promise<StudyInfo[]> {
    const rows = await this.driver.tx('read', (q) =>
      q<StudyRow>('SELECT * FROM optlab_studies ORDER BY id'),
    );
    return rows.map(toInfo);
  }

  async claimTrial(req: ClaimRequest): Promise<ClaimResult> {
    const sid = req.studyId;
    return this.driver.tx('write', async (q, now): Promise<ClaimResult> => {
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
           ORDER BY number, attempt LIMIT 1${this.skipLocked}`,
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
      await q(`SELECT id FROM optlab_studies WHERE id = ?${this.forUpdate}`, [sid]);
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
      const history = req.needsHistory ? await this.readTrials(q, sid, true) : [];
      const params = req.propose(number, history);
      const [row] = await q<TrialRow>(
        `INSERT INTO optlab_trials
           (study_id, number, attempt, state, params, worker_id, started_at, heartbeat_at)
         VALUES (?, ?, 0, 'running', ?, ?, ?, ?) RETURNING ${TRIAL_COLUMNS}`,
        [sid, number, JSON.stringify(params), req.workerId, now, now],
      );
      return { kind: 'trial', trial: toRecord(row!) };
    });
  }

  async heartbeat(trialId: number, workerId: string): Promise<boolean> {
    const rows = await this.driver.tx('write', (q, now) =>
      q(
        `UPDATE optlab_trials SET heartbeat_at = ?
         WHERE id = ? AND state = 'running' AND worker_id = ? RETURNING id`,
        [now, trialId, workerId],
      ),
    );
    return rows.length === 1;
  }

  async reportIntermediate(trialId: number, step: number, value: number): Promise<void> {
    await this.driver.tx('write', (q) =>
      q(
        `INSERT INTO optlab_intermediate (trial_id, step, value) VALUES (?, ?, ?)
         ON CONFLICT (trial_id, step) DO NOTHING`,
        [trialId, step, Number.isNaN(value) ? null : value],
      ),
    );
  }

  async finishTrial(trialId: number, workerId: string, o: TrialOutcome): Promise<FinishStatus> {
    return this.driver.tx('write', async (q, now): Promise<FinishStatus> => {
      // The common case in one statement: this worker's running trial.
      if (await this.record(q, trialId, workerId, o, now, 'running')) return 'recorded';
      const [r] = await q<TrialRow>(
        `SELECT ${TRIAL_COLUMNS} FROM optlab_trials WHERE id = ?${this.forUpdate}`,
        [trialId],
      );
      if (!r) throw new RangeError(`finishTrial: no trial with id ${trialId}`);
      if (r.worker_id !== workerId || r.state === 'running') return 'rejected';
      if (r.finish_seq !== null) return sameOutcome(toRecord(r), o) ? 'duplicate' : 'rejected';
      // Presumed lost, but the result came: keep it if the retry has not started.
      if (!(r.state === 'failed' && Number(r.interrupted) === 1)) return 'rejected';
      const retry = await q(
        `DELETE FROM optlab_trials WHERE study_id = ? AND number = ? AND attempt = ?
         AND state = 'waiting' RETURNING id`,
        [r.study_id, r.number, Number(r.attempt) + 1],
      );
      if (retry.length === 0) return 'rejected';
      await this.record(q, trialId, workerId, o, now, 'failed');
      return 'recorded';
    });
  }

  /**
   * Stores a result on trial `id` if it is in state `from` and this worker's;
   * its finish number comes from a sequence (PostgreSQL: no lock shared by
   * workers) or the study's counter (SQLite, already serialised).
   */
  private async record(
    q: Query,
    id: number,
    workerId: string,
    o: TrialOutcome,
    now: number,
    from: 'running' | 'failed',
  ): Promise<boolean> {
    const set = `state = ?, value = ?, error = ?, interrupted = 0, finished_at = ?, finish_seq = `;
    const args = [o.state, o.value, o.error ?? null, now];
    if (this.driver.dialect === 'postgres') {
      const rows = await q(
        `UPDATE optlab_trials SET ${set} nextval('optlab_finish_seq')
         WHERE id = ? AND state = ? AND worker_id = ? RETURNING id`,
        [...args, id, from, workerId],
      );
      return rows.length === 1;
    }
    const [s] = await q<{ finish_seq: number }>(
      `UPDATE optlab_studies SET finish_seq = finish_seq + 1 WHERE id =
         (SELECT study_id FROM optlab_trials WHERE id = ? AND state = ? AND worker_id = ?)
       RETURNING finish_seq`,
      [id, from, workerId],
    );
    if (!s) return false;
    await q(`UPDATE optlab_trials SET ${set} ? WHERE id = ?`, [...args, s.finish_seq, id]);
    return true;
  }

  async getTrials(studyId: number): Promise<TrialRecord[]> {
    return this.driver.tx('read', (q) => this.readTrials(q, studyId, false));
  }

  /** The study's trials by id, with their intermediate values (`history`: complete, pruned and running only). */
  private async readTrials(q: Query, studyId: number, history: boolean): Promise<TrialRecord[]> {
    const filter = history ? " AND state IN ('complete', 'pruned', 'running')" : '';
    const rows = await q<TrialRow>(
      `SELECT ${TRIAL_COLUMNS} FROM optlab_trials WHERE study_id = ?${filter} ORDER BY id`,
      [studyId],
    );
    const inter = await q<{ t: number; s: number; v: number | null }>(
      `SELECT i.trial_id AS t, i.step AS s, i.value AS v FROM optlab_intermediate i
       JOIN optlab_trials tr ON tr.id = i.trial_id WHERE tr.study_id = ? ORDER BY i.id`,
      [studyId],
    );
    const byTrial = new Map<number, [number, number][]>();
    for (const r of inter) {
      const t = Number(r.t);
      let l = byTrial.get(t);
      if (!l) byTrial.set(t, (l = []));
      l.push([Number(r.s), r.v === null ? Number.NaN : Number(r.v)]);
    }
    // Finish numbers as ranks 1, 2, … within the study (PostgreSQL's come from
    // one sequence shared by all studies).
    const seqs = rows
      .map((r) => r.finish_seq)
      .filter((x): x is number => x !== null)
      .map(Number)
      .sort((a, b) => a - b);
    const rank = new Map(seqs.map((x, i) => [x, i + 1]));
    return rows.map((r) => {
      const t = toRecord(r, byTrial.get(Number(r.id)) ?? []);
      if (t.finishSeq !== null) t.finishSeq = rank.get(t.finishSeq)!;
      return t;
    });
  }

  async importStudy(config: StudyConfig, trials: Omit<TrialRecord, 'id'>[]): Promise<StudyInfo> {
    return this.driver.tx('write', async (q) => {
      const [exists] = await q('SELECT id FROM optlab_studies WHERE name = ?', [config.name]);
      if (exists) throw new RangeError(`study "${config.name}" already exists in ${this.location}`);
      const seq = trials.reduce((m, t) => Math.max(m, t.finishSeq ?? 0), 0);
      const info = await this.insertStudy(q, config, seq);
      for (const t of trials) {
        const [row] = await q<{ id: number }>(
          `INSERT INTO optlab_trials (study_id, number, attempt, state, params, value, worker_id,
             finish_seq, started_at, finished_at, heartbeat_at, interrupted, error)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          [
            info.id,
            t.number,
            t.attempt,
            t.state,
            JSON.stringify(t.params),
            t.value,
            t.workerId,
            t.finishSeq,
            t.startedAt,
            t.finishedAt,
            t.heartbeatAt,
            t.interrupted ? 1 : 0,
            t.error,
          ],
        );
        for (const [step, value] of t.intermediate) {
          await q(
            `INSERT INTO optlab_intermediate (trial_id, step, value) VALUES (?, ?, ?)
             ON CONFLICT (trial_id, step) DO NOTHING`,
            [row!.id, step, Number.isNaN(value) ? null : value],
          );
        }
      }
      if (this.driver.dialect === 'postgres' && seq > 0)
        await q(
          `SELECT setval('optlab_finish_seq', GREATEST(?, (SELECT last_value FROM optlab_finish_seq)))`,
          [seq],
        );
      return info;
    });
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
