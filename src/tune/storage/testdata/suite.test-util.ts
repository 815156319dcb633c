/**
 * The set-up every storage test file shares: a temporary folder, a throw-away
 * PostgreSQL server when the machine has one (started before the file's tests,
 * stopped after), and under CI a failing test when PostgreSQL is missing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, it } from 'vitest';
import { HOW_TO_ENABLE, type PgServer, postgresAvailable, startPostgres } from './postgres.js';

export interface StorageSuite {
  /** The file's temporary folder (removed after its tests). */
  dir: string;
  /** Whether PostgreSQL can run here. */
  pgOk: boolean;
  /** The file's server (only when `pgOk`, inside a test or hook). */
  server(): PgServer;
}

/** Registers the hooks of a storage test file named `name` (call at its top level). */
export function storageSuite(name: string): StorageSuite {
  const dir = mkdtempSync(join(tmpdir(), `optlab-${name}-`));
  let server: PgServer | null = null;
  const pgOk = postgresAvailable();
  beforeAll(async () => {
    if (pgOk) server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  if (!pgOk && process.env.CI) {
    it('PostgreSQL is available under CI', () => {
      throw new Error(
        `PostgreSQL is missing under CI: ${HOW_TO_ENABLE} (.ci/setup.d/20-postgres.sh)`,
      );
    });
  }
  return {
    dir,
    pgOk,
    server() {
      if (!server) throw new Error('the PostgreSQL server of this test file is not running');
      return server;
    },
  };
}
