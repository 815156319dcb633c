/**
 * Study storage in an embedded SQLite file (better-sqlite3; Node only, kept out
 * of browser bundles). The queries are sql.ts's; this file supplies the
 * transactions and guards the file.
 *
 * - Refuses a file that is not an optlab study (another program's database, or
 *   not SQLite at all) before changing anything in it: no table is added and
 *   the journal mode is left alone.
 * - WAL journal mode, so readers never block the writer and a killed process
 *   loses nothing that was committed; `synchronous = NORMAL` (safe against
 *   process crashes, the case that matters here).
 * - Every change is one short transaction. Writes begin with `BEGIN IMMEDIATE`,
 *   taking the write lock before reading, so two processes can never claim the
 *   same trial. A busy database is waited for (`busy_timeout`, default 2 s),
 *   then the whole transaction is retried with jittered back-off for up to
 *   `retryTimeoutMs` (default 10 min): concurrency never fails a study.
 */
import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StorageError } from '../storage.js';
import { Mutex, type RetryOptions, withRetry } from './retry.js';
import {
  createStatements,
  SCHEMA_VERSION,
  upgrades,
  VERSION_1_SQLITE,
  VERSION_1_TABLES,
} from './schema.js';
import { type Query, type SqlDriver, SqlStorage } from './sql.js';

export interface SqliteStorageOptions {
  /** How long one statement waits for a lock before the transaction backs off, ms (default 2000). */
  busyTimeoutMs?: number;
  /** How long a transaction is retried while the database is busy, ms (default 600 000). */
  retryTimeoutMs?: number;
}

/** Whether an error is SQLite's "database is busy / locked". */
export function isBusy(e: unknown): boolean {
  return /^SQLITE_(BUSY|LOCKED)/.test((e as { code?: string }).code ?? '');
}

/** Runs `fn` synchronously, retrying with a short sleep while the database is busy. */
function retryBusySync<T>(fn: () => T, timeoutMs: number): T {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      return fn();
    } catch (e) {
      if (!isBusy(e) || Date.now() > deadline) throw e;
      Atomics.wait(pause, 0, 0, wait);
    }
  }
}

/** The tables of an SQLite database (throws a StorageError when it is not one). */
function tables(db: Database.Database, file: string): string[] {
  try {
    return (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
  } catch (e) {
    if ((e as { code?: string }).code === 'SQLITE_NOTADB')
      throw new StorageError(`${file} is not an SQLite database (refusing to use it as a study)`);
    throw e;
  }
}

/** The schema version of an optlab file: 0 when empty; throws for a foreign database. */
function versionOf(db: Database.Database, file: string): number {
  const names = tables(db, file).filter((n) => !n.startsWith('sqlite_'));
  if (names.length === 0) return 0;
  if (names.includes('optlab_schema_version')) {
    const r = db.prepare('SELECT version FROM optlab_schema_version').get() as
      | { version: number }
      | undefined;
    return r?.version ?? 0;
  }
  if (names.join() === VERSION_1_TABLES.join()) return 1;
  throw new StorageError(
    `${file} is not an optlab study database (it has tables ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}); refusing to change it: give a new file or one made by optlab`,
  );
}

class SqliteDriver implements SqlDriver {
  readonly dialect = 'sqlite' as const;
  readonly db: Database.Database;
  private readonly mutex = new Mutex();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly retry: RetryOptions;

  constructor(
    readonly location: string,
    o: SqliteStorageOptions,
  ) {
    const busy = o.busyTimeoutMs ?? 2000;
    this.retry = { timeoutMs: o.retryTimeoutMs ?? 600_000, capMs: 500 };
    const fresh = !existsSync(location) || statSync(location).size === 0;
    this.db = new Database(location, { timeout: busy });
    try {
      // Look before touching: a foreign file is refused unchanged.
      if (!fresh) versionOf(this.db, location);
      // Several processes may open a new file at once. Switching to WAL takes an
      // exclusive lock for which SQLite does not call the busy handler.
      retryBusySync(() => this.db.pragma('journal_mode = WAL'), this.retry.timeoutMs!);
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      retryBusySync(
        () => this.db.transaction(() => this.migrate()).immediate(),
        this.retry.timeoutMs!,
      );
    } catch (e) {
      this.db.close();
      throw e;
    }
  }

  /** Brings the schema to the current version (inside the write lock). */
  private migrate(): void {
    let v = versionOf(this.db, this.location);
    if (v > SCHEMA_VERSION) {
      throw new StorageError(
        `${this.location} has study schema version ${v}, newer than this optlab's ${SCHEMA_VERSION}: upgrade optlab`,
      );
    }
    if (v === 0) {
      for (const s of createStatements('sqlite')) this.db.exec(s);
      return;
    }
    const steps = upgrades('sqlite');
    for (; v < SCHEMA_VERSION; v++) {
      for (const s of steps[v]!) this.db.exec(s);
      this.db.prepare('UPDATE optlab_schema_version SET version = ?').run(v + 1);
    }
  }

  private q: Query = async <R>(sql: string, params: readonly unknown[] = []) => {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    if (st.reader) return st.all(...params) as R[];
    st.run(...params);
    return [];
  };

  tx<T>(mode: 'read' | 'write', fn: (q: Query, now: number) => Promise<T>): Promise<T> {
    return this.mutex.run(() =>
      withRetry(
        async () => {
          this.db.exec(mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN');
          try {
            const r = await fn(this.q, Date.now());
            this.db.exec('COMMIT');
            return r;
          } finally {
            if (this.db.inTransaction) this.db.exec('ROLLBACK');
          }
        },
        isBusy,
        this.retry,
      ),
    );
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => this.db.close());
  }
}

export class SqliteStorage extends SqlStorage {
  /** Opens (creating or upgrading) a study file; throws `StorageError` for a file that is not one. */
  constructor(file: string, options: SqliteStorageOptions = {}) {
    super(new SqliteDriver(file, options));
  }

  /** The underlying connection (for tests and tools). */
  get db(): Database.Database {
    return (this.driver as SqliteDriver).db;
  }
}

/** Writes a version-1 (pre-versioning) schema into a new file: for upgrade tests. */
export function createVersion1(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(VERSION_1_SQLITE);
  return db;
}
