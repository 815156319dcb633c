/**
 * A PostgreSQL server for tests and benchmarks: the one named by
 * `OPTLAB_TEST_POSTGRES_URL` (its user must be allowed to create databases),
 * else a throw-away cluster started from the installed binaries
 * (`/usr/lib/postgresql/<version>/bin`, Debian's `postgresql` package): `initdb`
 * in a temporary folder, trust authentication, listening on 127.0.0.1 on a
 * free port only, durability switched off (fsync, synchronous commit) because
 * nothing in it needs to survive. As root it runs as the `postgres` user
 * (PostgreSQL refuses to run as root). It is stopped and removed by `stop()`,
 * or when the process exits.
 *
 * Tests follow the project's rule: when no server can be had, they fail under
 * CI (`process.env.CI`) and are skipped otherwise, saying how to enable them.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const HOW_TO_ENABLE =
  'install PostgreSQL (Debian: apt-get install postgresql) or set OPTLAB_TEST_POSTGRES_URL=postgresql://user@host:port/db';

/** The folder of the newest installed server binaries, or null. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/** Whether tests can have a server (an external URL or the binaries). */
export function postgresAvailable(): boolean {
  return Boolean(process.env.OPTLAB_TEST_POSTGRES_URL) || postgresBin() !== null;
}

export interface PgServer {
  /** URL of the server's maintenance database. */
  url: string;
  /** Whether this process started it (restart works only then). */
  owned: boolean;
  /** A new empty database on the server; its URL. */
  database(prefix?: string): Promise<string>;
  /** Stops the server for `downMs`, then starts it again (an owned server only). */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

let dbCounter = 0;

async function makeDatabase(url: string, prefix: string): Promise<string> {
  const name = `${prefix}_${process.pid}_${++dbCounter}_${Date.now() % 1e6}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name}`);
  } finally {
    await c.end();
  }
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Starts (or connects to) a server; throws with a clear message when neither is possible. */
export async function startPostgres(): Promise<PgServer> {
  const external = process.env.OPTLAB_TEST_POSTGRES_URL;
  if (external) {
    return {
      url: external,
      owned: false,
      database: (p = 'optlab_test') => makeDatabase(external, p),
      restart: async () => {
        throw new Error('cannot restart the server of OPTLAB_TEST_POSTGRES_URL');
      },
      stop: async () => {},
    };
  }
  const bin = postgresBin();
  if (!bin) throw new Error(`PostgreSQL is not available: ${HOW_TO_ENABLE}`);
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'optlab-pg-'));
  const data = join(dir, 'data');
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const cmd = join(bin, tool);
    const [file, argv] = root ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    return execFileSync(file, argv, { stdio: 'pipe', cwd: dir, encoding: 'utf8' });
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const opts = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  const start = () =>
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', opts, '-w', 'start']);
  const stopNow = (mode: string) => {
    try {
      run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']);
    } catch {
      // already stopped
    }
  };
  start();
  let stopped = false;
  const cleanup = () => {
    if (stopped) return;
    stopped = true;
    stopNow('immediate');
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', cleanup);
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    owned: true,
    database: (p = 'optlab_test') => makeDatabase(url, p),
    restart: async (downMs = 0) => {
      stopNow('fast');
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      start();
    },
    stop: async () => {
      process.off('exit', cleanup);
      cleanup();
    },
  };
}
