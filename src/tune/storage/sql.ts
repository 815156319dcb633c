/**
 * The study storage over SQL, shared by SQLite and PostgreSQL: the queries and
 * the claim protocol are written once here; a `SqlDriver` supplies
 * transactions, the clock and the dialect's locking clauses.
 *
 * The claim protocol is in claim.ts; rows and their mapping in rows.ts.
 */
import {
  type ClaimRequest,
  type ClaimResult,
  canonicalJson,
  DEFAULT_SETTINGS,
  type FinishStatus,
  type StudyConfig,
  type StudyInfo,
  type StudySettings,
  type StudyStorage,
  sameOutcome,
  type TrialOutcome,
  type TrialRecord,
} from '../storage.js';
import { claim } from './claim.js';
import { type StudyRow, TRIAL_COLUMNS, type TrialRow, toInfo, toRecord } from './rows.js';
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
    return this.driver.tx('write', (q, now) =>
      claim(q, now, req, {
        skipLocked: this.skipLocked,
        forUpdate: this.forUpdate,
        history: (studyId) => this.readTrials(q, studyId, true),
      }),
    );
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
