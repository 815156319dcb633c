/**
 * The versioned schema of the SQL study storages (SQLite and PostgreSQL).
 *
 * Version 2 (current) — every table prefixed `optlab_`, so that a PostgreSQL
 * database can hold other programs' tables beside them:
 * - `optlab_schema_version(version)`: one row, the schema's version.
 * - `optlab_studies(id, name UNIQUE, direction, config JSON, n_trials,
 *   settings JSON, finish_seq)`: the study row's lock serialises the creation
 *   of new trial numbers; `finish_seq` numbers finished trials in SQLite (in
 *   PostgreSQL the sequence `optlab_finish_seq` does, without a shared lock).
 * - `optlab_trials(id, study_id, number, attempt, state, params JSON, value,
 *   worker_id, finish_seq, started_at, finished_at, error, heartbeat_at,
 *   interrupted)`, unique on (study_id, number, attempt); times in ms since
 *   1970 on the storage's clock.
 * - `optlab_intermediate(id, trial_id, step, value)`, unique on (trial_id, step).
 *
 * Version 1 was the SQLite schema of optlab's first studies (tables `studies`,
 * `trials`, `intermediate`, no version table). `upgrades[v]` takes a database
 * from version v to v + 1; they run in one write transaction when a storage
 * opens an older database. A new database is created at the current version.
 */

export const SCHEMA_VERSION = 2;

export type Dialect = 'sqlite' | 'postgres';

const types = {
  sqlite: { pk: 'INTEGER PRIMARY KEY', real: 'REAL', time: 'INTEGER' },
  postgres: { pk: 'SERIAL PRIMARY KEY', real: 'DOUBLE PRECISION', time: 'BIGINT' },
} as const;

function fill(d: Dialect, sql: string): string[] {
  const t = types[d];
  return sql
    .replaceAll('{pk}', t.pk)
    .replaceAll('{real}', t.real)
    .replaceAll('{time}', t.time)
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Statements creating the current schema in an empty database. */
export function createStatements(d: Dialect): string[] {
  // PostgreSQL numbers finished trials from one sequence, so that finishing
  // takes no lock shared by the workers (SQLite uses the study's counter).
  const seq = d === 'postgres' ? ['CREATE SEQUENCE optlab_finish_seq'] : [];
  return [
    ...seq,
    ...fill(
      d,
      `
CREATE TABLE optlab_schema_version (version INTEGER NOT NULL);
INSERT INTO optlab_schema_version (version) VALUES (${SCHEMA_VERSION});
CREATE TABLE optlab_studies (
  id {pk},
  name TEXT NOT NULL UNIQUE,
  direction TEXT NOT NULL,
  config TEXT NOT NULL,
  n_trials INTEGER,
  settings TEXT,
  finish_seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE optlab_trials (
  id {pk},
  study_id INTEGER NOT NULL REFERENCES optlab_studies(id),
  number INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  state TEXT NOT NULL,
  params TEXT NOT NULL,
  value {real},
  worker_id TEXT,
  finish_seq INTEGER,
  started_at {time},
  finished_at {time},
  error TEXT,
  heartbeat_at {time},
  interrupted INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX optlab_trials_attempt ON optlab_trials(study_id, number, attempt);
CREATE INDEX optlab_trials_state ON optlab_trials(study_id, state);
CREATE TABLE optlab_intermediate (
  id {pk},
  trial_id INTEGER NOT NULL REFERENCES optlab_trials(id),
  step {real} NOT NULL,
  value {real}
);
CREATE UNIQUE INDEX optlab_intermediate_step ON optlab_intermediate(trial_id, step)`,
    ),
  ];
}

/** Version 1 (SQLite only, before versioning): kept to recognise and upgrade old files, and for tests. */
export const VERSION_1_SQLITE = `
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

/** The tables of version 1, to recognise a version-1 file. */
export const VERSION_1_TABLES = ['intermediate', 'studies', 'trials'];

/** upgrades[v]: statements taking version v to v + 1. */
export function upgrades(d: Dialect): Record<number, string[]> {
  return {
    1: fill(
      d,
      `
ALTER TABLE studies RENAME TO optlab_studies;
ALTER TABLE trials RENAME TO optlab_trials;
ALTER TABLE intermediate RENAME TO optlab_intermediate;
ALTER TABLE optlab_studies ADD COLUMN n_trials INTEGER;
ALTER TABLE optlab_studies ADD COLUMN settings TEXT;
ALTER TABLE optlab_studies ADD COLUMN finish_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE optlab_trials ADD COLUMN heartbeat_at {time};
ALTER TABLE optlab_trials ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0;
UPDATE optlab_trials SET interrupted = 1
  WHERE state = 'failed' AND error = 'worker lost while the trial was running';
UPDATE optlab_studies SET finish_seq = COALESCE(
  (SELECT MAX(t.finish_seq) FROM optlab_trials t WHERE t.study_id = optlab_studies.id), 0);
UPDATE optlab_studies SET n_trials =
  (SELECT COUNT(DISTINCT t.number) FROM optlab_trials t WHERE t.study_id = optlab_studies.id);
DELETE FROM optlab_intermediate WHERE id NOT IN
  (SELECT MIN(i.id) FROM optlab_intermediate i GROUP BY i.trial_id, i.step);
CREATE UNIQUE INDEX optlab_trials_attempt ON optlab_trials(study_id, number, attempt);
CREATE INDEX optlab_trials_state ON optlab_trials(study_id, state);
CREATE UNIQUE INDEX optlab_intermediate_step ON optlab_intermediate(trial_id, step);
CREATE TABLE optlab_schema_version (version INTEGER NOT NULL);
INSERT INTO optlab_schema_version (version) VALUES (1)`,
    ),
  };
}
