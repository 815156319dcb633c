/**
 * `optlab/storage`: where studies live (Node only). A study storage is chosen
 * by URL — a file path or `sqlite:///path` for SQLite (embedded, workers on one
 * host), `postgresql://user@host:port/db` for PostgreSQL (workers on many
 * hosts); `tune.MemoryStorage` keeps a study in memory. A separate entry so that
 * `import 'optlab'` loads neither database driver: better-sqlite3 loads with
 * this module, `pg` only when `openStorage` is given a PostgreSQL URL.
 *
 * @example
 * ```ts
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { openStorage } from 'optlab/storage';
 * const storage = await openStorage(join(mkdtempSync(join(tmpdir(), 'study-')), 'study.db'));
 * console.log(await storage.listStudies());
 * await storage.close();
 * ```
 */
export {
  openStorage,
  parseStorageUrl,
  type StorageKind,
} from './tune/storage/open.js';
export type { PostgresStorageOptions } from './tune/storage/postgres.js';
export { SqliteStorage, type SqliteStorageOptions } from './tune/storage/sqlite.js';
