/**
 * Study storage in an embedded SQLite file (better-sqlite3; Node only — keep
 * this module out of browser bundles: it is not re-exported by index.ts).
 *
 * - WAL journal mode, so readers never block the writer and a killed process
 *   loses nothing that was committed; `synchronous = NORMAL` (safe against
 *   process crashes, the case that matters here).
 * - Every change is one transaction, committed as it happens: a trial's claim,
 *   each intermediate value, its result.
 * - Claims run in a `BEGIN IMMEDIATE` transaction: the write lock is taken
 *   before the trials are read, so two processes can never claim the same trial
 *   or create the same trial number. Others wait up to `busyTimeoutMs`
 *   (default 30 000) for the lock.
 *
 * Tables: studies(id, name, direction, config), trials(id, study_id, number,
 * attempt, state, params JSON, value, worker_id, finish_seq, started_at,
 * finished_at, error), intermediate(trial_id, step, value).
 */
import Database from 'better-sqlite3';
import { blank } from './memoryStorage.js';
import {
  type ClaimRequest,
  type ClaimResult,
  canonicalJson,
  decideClaim,
  findStale,
  type StudyConfig,
  type StudyInfo,
  type StudyStorage,
  type TrialRecord,
  type TrialState,
} from './storage.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS studies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  direction TEXT NOT NULL,
  config TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS trials (
  id INTEGER PRIMARY KEY,
  study_id INTEGER NOT NULL REFERENCES studies(id),
  number INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  state TEXT NOT NULL,
  params TEXT NOT NULL,
  value REAL,
  worker_id TEXT,
  finish_seq INTEGER,
  started_at INTEGER,
  finished_at INTEGER,
  error TEXT
);
CREATE INDEX IF NOT EXISTS trials_by_study ON trials(study_id, number);
CREATE TABLE IF NOT EXISTS intermediate (
  id INTEGER PRIMARY KEY,
  trial_id INTEGER NOT NULL REFERENCES trials(id),
  step REAL NOT NULL,
  value REAL
);
CREATE INDEX IF NOT EXISTS intermediate_by_trial ON intermediate(trial_id);
`;

interface TrialRow {
  id: number;
  number: number;
  attempt: number;
  state: string;
  params: string;
  value: number | null;
  worker_id: string | null;
  finish_seq: number | null;
  started_at: number | null;
  finished_at: number | null;
  error: string | null;
}

export interface SqliteStorageOptions {
  busyTimeoutMs?: number;
}

export class SqliteStorage implements StudyStorage {
  readonly db: Database.Database;

  constructor(
    readonly file: string,
    options: SqliteStorageOptions = {},
  ) {
    const timeout = options.busyTimeoutMs ?? 30_000;
    this.db = new Database(file, { timeout });
    // Several processes may open a new file at once. Switching it to WAL takes an
    // exclusive lock for which SQLite does not call the busy handler, so that
    // step is retried here; the schema is created under a write lock.
    retryBusy(() => this.db.pragma('journal_mode = WAL'), timeout);
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    retryBusy(() => this.db.transaction(() => this.db.exec(SCHEMA)).immediate(), timeout);
  }

  async openStudy(config: StudyConfig): Promise<StudyInfo> {
    const json = canonicalJson(config.config);
    const tx = this.db.transaction((): StudyInfo => {
      const row = this.db
        .prepare('SELECT id, direction, config FROM studies WHERE name = ?')
        .get(config.name) as { id: number; direction: string; config: string } | undefined;
      if (row) {
        if (row.direction !== config.direction || row.config !== json) {
          throw new RangeError(
            `study "${config.name}" exists in ${this.file} with a different configuration: ${row.config}`,
          );
        }
        return { ...config, id: row.id };
      }
      const r = this.db
        .prepare('INSERT INTO studies (name, direction, config) VALUES (?, ?, ?)')
        .run(config.name, config.direction, json);
      return { ...config, id: Number(r.lastInsertRowid) };
    });
    return tx.immediate();
  }

  private readTrials(studyId: number): TrialRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM trials WHERE study_id = ? ORDER BY id')
      .all(studyId) as TrialRow[];
    const inter = this.db
      .prepare(
        `SELECT i.trial_id AS t, i.step AS s, i.value AS v FROM intermediate i
         JOIN trials tr ON tr.id = i.trial_id WHERE tr.study_id = ? ORDER BY i.id`,
      )
      .all(studyId) as { t: number; s: number; v: number | null }[];
    const byTrial = new Map<number, [number, number][]>();
    for (const r of inter) {
      let l = byTrial.get(r.t);
      if (!l) byTrial.set(r.t, (l = []));
      l.push([r.s, r.v ?? Number.NaN]);
    }
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      attempt: r.attempt,
      state: r.state as TrialState,
      params: JSON.parse(r.params),
      value: r.value,
      intermediate: byTrial.get(r.id) ?? [],
      workerId: r.worker_id,
      finishSeq: r.finish_seq,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      error: r.error,
    }));
  }

  private insert(studyId: number, t: Omit<TrialRecord, 'id'>): number {
    const r = this.db
      .prepare(
        `INSERT INTO trials (study_id, number, attempt, state, params, worker_id, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        studyId,
        t.number,
        t.attempt,
        t.state,
        JSON.stringify(t.params),
        t.workerId,
        t.startedAt,
      );
    return Number(r.lastInsertRowid);
  }

  async claimTrial(req: ClaimRequest): Promise<ClaimResult> {
    const tx = this.db.transaction((): ClaimResult => {
      let trials = this.readTrials(req.studyId);
      const { stale, retry } = findStale(trials, req);
      const now = Date.now();
      const fail = this.db.prepare(
        "UPDATE trials SET state = 'failed', error = ?, finished_at = ? WHERE id = ?",
      );
      for (const t of stale) fail.run('worker lost while the trial was running', now, t.id);
      for (const t of retry) {
        this.insert(req.studyId, {
          ...blank(t.number, t.params),
          attempt: t.attempt + 1,
          state: 'waiting',
        });
      }
      if (stale.length > 0) trials = this.readTrials(req.studyId);
      const d = decideClaim(trials, req.nTrials);
      if (d.kind === 'wait' || d.kind === 'done') return { kind: d.kind };
      let id: number;
      if (d.kind === 'claim') {
        id = d.trial.id;
        this.db
          .prepare(
            "UPDATE trials SET state = 'running', worker_id = ?, started_at = ? WHERE id = ?",
          )
          .run(req.workerId, now, id);
      } else {
        const params = req.propose(d.number, trials);
        id = this.insert(req.studyId, {
          ...blank(d.number, params),
          state: 'running',
          workerId: req.workerId,
          startedAt: now,
        });
      }
      const trial = this.readTrials(req.studyId).find((t) => t.id === id)!;
      return { kind: 'trial', trial };
    });
    return tx.immediate();
  }

  async reportIntermediate(trialId: number, step: number, value: number): Promise<void> {
    this.db
      .prepare('INSERT INTO intermediate (trial_id, step, value) VALUES (?, ?, ?)')
      .run(trialId, step, Number.isNaN(value) ? null : value);
  }

  async finishTrial(
    trialId: number,
    state: 'complete' | 'pruned' | 'failed',
    value: number | null,
    error?: string,
  ): Promise<void> {
    const tx = this.db.transaction(() => {
      const row = this.db.prepare('SELECT study_id FROM trials WHERE id = ?').get(trialId) as
        | { study_id: number }
        | undefined;
      if (!row) throw new RangeError(`finishTrial: no trial with id ${trialId}`);
      const { s } = this.db
        .prepare('SELECT COALESCE(MAX(finish_seq), 0) AS s FROM trials WHERE study_id = ?')
        .get(row.study_id) as { s: number };
      this.db
        .prepare(
          'UPDATE trials SET state = ?, value = ?, error = ?, finished_at = ?, finish_seq = ? WHERE id = ?',
        )
        .run(state, value, error ?? null, Date.now(), s + 1, trialId);
    });
    tx.immediate();
  }

  async getTrials(studyId: number): Promise<TrialRecord[]> {
    return this.readTrials(studyId);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Runs `fn`, retrying with a short sleep while SQLite reports the database busy or locked. */
function retryBusy<T>(fn: () => T, timeoutMs: number): T {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      return fn();
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (!/^SQLITE_(BUSY|LOCKED)/.test(code) || Date.now() > deadline) throw e;
      Atomics.wait(pause, 0, 0, wait);
    }
  }
}
