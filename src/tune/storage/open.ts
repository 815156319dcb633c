/**
 * A study storage from a URL (Node only):
 * - `postgresql://user[:password]@host[:port]/database` (or `postgres://…`):
 *   PostgreSQL, for workers on many hosts (storage/postgres.ts);
 * - `sqlite:///path/to/file.db` (absolute path) or a plain file path:
 *   SQLite, embedded, for workers on one host (storage/sqlite.ts).
 * Each storage module is imported only when its URL is used.
 */
import { StorageError, type StudyStorage } from '../storage.js';
import type { PostgresStorageOptions } from './postgres.js';

export type StorageKind = 'sqlite' | 'postgres';

/** What a storage URL names, without opening it (throws StorageError when it names nothing usable). */
export function parseStorageUrl(url: string): { kind: StorageKind; target: string } {
  if (url.length === 0) throw new StorageError('storage: empty URL');
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', target: url };
  const sqlite = /^sqlite:\/\/(.*)$/i.exec(url);
  if (sqlite) {
    if (!sqlite[1]) throw new StorageError(`storage: ${url} names no file (sqlite:///path)`);
    return { kind: 'sqlite', target: sqlite[1] };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (scheme) {
    throw new StorageError(
      `storage: unknown URL scheme "${scheme[1]}" (use a file path, sqlite:///path or postgresql://user@host:port/db)`,
    );
  }
  return { kind: 'sqlite', target: url };
}

/** Opens the storage a URL names (SQLite files are checked, created or upgraded at once; PostgreSQL on first use). */
export async function openStorage(
  url: string,
  options: PostgresStorageOptions = {},
): Promise<StudyStorage> {
  const { kind, target } = parseStorageUrl(url);
  if (kind === 'postgres') {
    const { PostgresStorage } = await import('./postgres.js');
    return new PostgresStorage(target, options);
  }
  const { SqliteStorage } = await import('./sqlite.js');
  return new SqliteStorage(target);
}
