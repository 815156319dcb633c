/**
 * The versioned schema: an upgrade from version 1 (optlab's first SQLite
 * studies) keeps every trial and goes on; a fresh database and an upgraded one
 * have the same columns; a newer version and files that are not optlab
 * studies are refused without being changed (issue 19, item 8).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomSampler } from '../sampler.js';
import { compileSpace } from '../space.js';
import { canonicalJson, StorageError } from '../storage.js';
import { Study } from '../study.js';
import { branin } from '../testObjectives.js';
import { PostgresStorage } from './postgres.js';
import { SCHEMA_VERSION } from './schema.js';
import { createVersion1, SqliteStorage } from './sqlite.js';
import {
  HOW_TO_ENABLE,
  type PgServer,
  postgresAvailable,
  startPostgres,
} from './testdata/postgres.js';

const dir = mkdtempSync(join(tmpdir(), 'optlab-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function columns(db: Database.Database): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of [
    'optlab_studies',
    'optlab_trials',
    'optlab_intermediate',
    'optlab_schema_version',
  ]) {
    out[t] = (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string; type: string }[])
      .map((c) => `${c.name} ${c.type}`)
      .sort();
  }
  return out;
}

describe('SQLite schema versions', () => {
  it('upgrades a version-1 study: trials, values and intermediate values kept; lost attempts marked; the study goes on', async () => {
    const file = join(dir, 'v1.db');
    const v1 = createVersion1(file);
    v1.prepare(
      "INSERT INTO studies (id, name, direction, config) VALUES (1, 'old', 'minimize', ?)",
    ).run(canonicalJson({ space: branin.space, sampler: 'random', seed: 4 }));
    const ins = v1.prepare(
      `INSERT INTO trials (study_id, number, attempt, state, params, value, worker_id, finish_seq, started_at, finished_at, error)
       VALUES (1, ?, ?, ?, ?, ?, 'h:1:0', ?, 100, 200, ?)`,
    );
    const space = compileSpace(branin.space);
    const sample = (n: number) =>
      randomSampler().sample({ space, number: n, seed: 4, nTrials: 4, finished: [] });
    const p0 = sample(0);
    const p1 = sample(1);
    ins.run(0, 0, 'complete', JSON.stringify(p0), branin.evaluate(p0, null as never), 1, null);
    ins.run(
      1,
      0,
      'failed',
      JSON.stringify(p1),
      null,
      null,
      'worker lost while the trial was running',
    );
    ins.run(1, 1, 'complete', JSON.stringify(p1), branin.evaluate(p1, null as never), 2, null);
    v1.prepare(
      'INSERT INTO intermediate (trial_id, step, value) VALUES (1, 1, 5), (1, 1, 6), (1, 2, 4)',
    ).run();
    v1.close();

    const s = new SqliteStorage(file);
    expect(
      (s.db.prepare('SELECT version FROM optlab_schema_version').get() as { version: number })
        .version,
    ).toBe(SCHEMA_VERSION);
    const info = (await s.loadStudy('old'))!;
    expect([info.nTrials, info.direction]).toEqual([2, 'minimize']);
    const trials = await s.getTrials(info.id);
    expect(trials.map((t) => [t.number, t.attempt, t.state, t.interrupted, t.finishSeq])).toEqual([
      [0, 0, 'complete', false, 1],
      [1, 0, 'failed', true, null],
      [1, 1, 'complete', false, 2],
    ]);
    expect(trials[0]!.intermediate).toEqual([
      [1, 5],
      [2, 4],
    ]);
    // Resume it to 4 trials with the same sampler: numbers 2 and 3 are added, finish order goes on.
    const study = await Study.open({
      storage: s,
      name: 'old',
      space: branin.space,
      sampler: randomSampler(),
      seed: 4,
    });
    await study.optimize(branin.evaluate, { nTrials: 4 });
    const after = (await study.trials()).filter((t) => t.state === 'complete');
    expect(after.map((t) => [t.number, t.finishSeq])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(after[2]!.params).toEqual(sample(2));
    // The upgraded file has the columns of a fresh one.
    const freshFile = join(dir, 'fresh.db');
    const fresh = new SqliteStorage(freshFile);
    expect(columns(s.db)).toEqual(columns(fresh.db));
    await fresh.close();
    await s.close();
  });

  it('refuses another program’s SQLite file and leaves it unchanged (no table, no WAL)', async () => {
    const file = join(dir, 'other.db');
    const db = new Database(file);
    db.exec(
      "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('a')",
    );
    db.close();
    const bytes = readFileSync(file);
    expect(() => new SqliteStorage(file)).toThrow(StorageError);
    expect(() => new SqliteStorage(file)).toThrow(
      /not an optlab study database \(it has tables users\)/,
    );
    expect(readFileSync(file).equals(bytes)).toBe(true);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    check.close();
  });

  it('refuses a file that is not SQLite, and a newer schema version', async () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is a text file, not a database\n'.repeat(200));
    expect(() => new SqliteStorage(junk)).toThrow(/is not an SQLite database/);
    const newer = join(dir, 'newer.db');
    const s = new SqliteStorage(newer);
    s.db.prepare('UPDATE optlab_schema_version SET version = 99').run();
    await s.close();
    expect(() => new SqliteStorage(newer)).toThrow(/schema version 99, newer than this optlab's/);
  });
});

const pgOk = postgresAvailable();
if (!pgOk && process.env.CI)
  throw new Error(`PostgreSQL is missing under CI: ${HOW_TO_ENABLE} (.ci/setup.d/20-postgres.sh)`);
if (!pgOk) console.warn(`the PostgreSQL schema tests are not run here: ${HOW_TO_ENABLE}`);
if (pgOk)
  describe('PostgreSQL schema', () => {
    let server: PgServer;
    beforeAll(async () => {
      server = await startPostgres();
    }, 60_000);
    afterAll(async () => server?.stop());

    it('creates the schema once for workers that start together, beside other programs’ tables, and refuses a newer one', async () => {
      const url = await server.database();
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query('CREATE TABLE studies (id INT)'); // another program's table of the same plain name
      const stores = [1, 2, 3, 4].map(() => new PostgresStorage(url));
      const infos = await Promise.all(
        stores.map((s) => s.openStudy({ name: 'x', direction: 'minimize', config: { a: 1 } })),
      );
      expect(new Set(infos.map((i) => i.id)).size).toBe(1);
      const v = await c.query('SELECT version FROM optlab_schema_version');
      expect(v.rows).toEqual([{ version: SCHEMA_VERSION }]);
      await c.query('UPDATE optlab_schema_version SET version = 99');
      await Promise.all(stores.map((s) => s.close()));
      await expect(new PostgresStorage(url).loadStudy('x')).rejects.toThrow(/schema version 99/);
      await c.end();
    });
  });
