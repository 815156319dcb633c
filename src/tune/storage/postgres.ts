/**
 * Study storage in PostgreSQL (client: `pg`; Node only), for studies shared by
 * workers on many hosts: `postgresql://user[:password]@host:port/database`.
 * The queries are sql.ts's; this file supplies connections and transactions.
 *
 * - One connection per storage, opened on first use; the schema is created or
 *   upgraded under a transaction-scoped advisory lock, so workers starting
 *   together do it once. The tables are prefixed `optlab_`, so the database
 *   may hold other programs' tables.
 * - Write transactions run in READ COMMITTED with explicit row locks (see
 *   sql.ts: `FOR UPDATE SKIP LOCKED` to claim waiting trials, `FOR UPDATE` on
 *   the study row to create new numbers); reads in a REPEATABLE READ snapshot.
 * - The clock is the server's (`clock_timestamp()`), so heartbeats from hosts
 *   whose clocks disagree are compared on one clock.
 * - A lost connection (server restart, network failure, `ECONNREFUSED`) or a
 *   serialisation failure drops the connection and retries the whole
 *   transaction on a new one with jittered exponential back-off (capped at
 *   2 s) for up to `retryTimeoutMs` (default 10 min). Every write is
 *   idempotent (storage.ts), so a transaction whose commit was sent but not
 *   acknowledged is safe to repeat. Other errors (authentication, a missing
 *   database) are thrown at once.
 */
import pg from 'pg';
import { StorageError } from '../storage.js';
import { Mutex, type RetryOptions, withRetry } from './retry.js';
import { createStatements, SCHEMA_VERSION, upgrades } from './schema.js';
import { type Query, type SqlDriver, SqlStorage } from './sql.js';

export interface PostgresStorageOptions {
  /** How long a transaction is retried while the server is unreachable, ms (default 600 000). */
  retryTimeoutMs?: number;
  /** A query that takes longer fails (and is retried as a lost connection), ms (default 60 000). */
  queryTimeoutMs?: number;
  /** Called when a transaction is retried after a transient error (for logs). */
  onRetry?: (e: unknown, attempt: number) => void;
}

const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up)
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

/** Whether a PostgreSQL error is worth retrying on a new connection. */
export function isTransient(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  if (TRANSIENT_CODES.has(code) || code.startsWith('08')) return true;
  const msg = e instanceof Error ? e.message : '';
  return /Connection terminated|connection error|not queryable|Query read timeout|timeout exceeded|terminating connection|Client was closed/i.test(
    msg,
  );
}

/** The URL with its password hidden, for messages. */
export function redact(url: string): string {
  return url.replace(/^(\w+:\/\/[^:/@]*):[^@]*@/, '$1:***@');
}

// int8 (BIGINT: times in ms) as a JavaScript number; exact below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as never)) as never,
};

class PostgresDriver implements SqlDriver {
  readonly dialect = 'postgres' as const;
  readonly location: string;
  private client: pg.Client | null = null;
  private readonly mutex = new Mutex();
  private readonly retry: RetryOptions;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly o: PostgresStorageOptions,
  ) {
    this.location = redact(url);
    this.retry = {
      timeoutMs: o.retryTimeoutMs ?? 600_000,
      baseMs: 20,
      capMs: 2000,
      onRetry: (e, attempt) => {
        this.drop();
        o.onRetry?.(e, attempt);
      },
    };
  }

  private drop(): void {
    const c = this.client;
    this.client = null;
    if (c) c.end().catch(() => {});
  }

  private async connect(): Promise<pg.Client> {
    if (this.closed) throw new StorageError(`storage ${this.location} is closed`);
    if (this.client) return this.client;
    const c = new pg.Client({
      connectionString: this.url,
      types,
      query_timeout: this.o.queryTimeoutMs ?? 60_000,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
    });
    // A dropped connection is reported here; the next query then fails and is retried.
    c.on('error', () => {
      if (this.client === c) this.client = null;
    });
    try {
      await c.connect();
      await this.migrate(c);
    } catch (e) {
      c.end().catch(() => {});
      throw e;
    }
    this.client = c;
    return c;
  }

  /** Creates or upgrades the schema, once across all processes (advisory lock). */
  private async migrate(c: pg.Client): Promise<void> {
    await c.query('BEGIN');
    try {
      await c.query("SELECT pg_advisory_xact_lock(hashtext('optlab study schema'))");
      const [{ t }] = (await c.query("SELECT to_regclass('optlab_schema_version')::text AS t"))
        .rows as [{ t: string | null }];
      let v = 0;
      if (t !== null) {
        const r = await c.query('SELECT version FROM optlab_schema_version');
        v = Number((r.rows[0] as { version: number } | undefined)?.version ?? 0);
      }
      if (v > SCHEMA_VERSION) {
        throw new StorageError(
          `${this.location} has study schema version ${v}, newer than this optlab's ${SCHEMA_VERSION}: upgrade optlab`,
        );
      }
      if (v === 0) for (const s of createStatements('postgres')) await c.query(s);
      const steps = upgrades('postgres');
      for (; v > 0 && v < SCHEMA_VERSION; v++) {
        for (const s of steps[v]!) await c.query(s);
        await c.query('UPDATE optlab_schema_version SET version = $1', [v + 1]);
      }
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    }
  }

  tx<T>(mode: 'read' | 'write', fn: (q: Query, now: number) => Promise<T>): Promise<T> {
    return this.mutex.run(() =>
      withRetry(
        async () => {
          const c = await this.connect();
          const q: Query = async <R>(sql: string, params: readonly unknown[] = []) => {
            let k = 0;
            const text = sql.replace(/\?/g, () => `$${++k}`);
            return (await c.query(text, params as unknown[])).rows as R[];
          };
          // BEGIN and the clock in one round trip (simple query protocol, two results).
          const begun = (await c.query(
            `${mode === 'write' ? 'BEGIN' : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'};
             SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now`,
          )) as unknown as pg.QueryResult<{ now: number }>[];
          try {
            const now = Number(begun[1]!.rows[0]!.now);
            const r = await fn(q, now);
            await c.query('COMMIT');
            return r;
          } catch (e) {
            await c.query('ROLLBACK').catch(() => {});
            throw e;
          }
        },
        isTransient,
        this.retry,
      ),
    );
  }

  async close(): Promise<void> {
    await this.mutex.run(async () => {
      this.closed = true;
      const c = this.client;
      this.client = null;
      if (c) await c.end().catch(() => {});
    });
  }
}

export class PostgresStorage extends SqlStorage {
  /** A storage at `url` (postgresql://…); connects on first use. */
  constructor(url: string, options: PostgresStorageOptions = {}) {
    super(new PostgresDriver(url, options));
  }
}
