/**
 * Crash-safe file writes: a reader (or a process restarted after a crash) sees
 * either the old complete file or the new complete file, never a partial one.
 *
 * Procedure (the classic POSIX recipe):
 * 1. write the data to a temporary file in the SAME directory as the target
 *    (`.name.<pid>.<random>.tmp`), so that the final rename never crosses a
 *    file system;
 * 2. `fsync` the temporary file, so its bytes are on disk before it gets the name;
 * 3. `rename` it over the target (atomic on POSIX; on Windows Node uses
 *    MoveFileEx with replace, atomic on NTFS for files on one volume);
 * 4. `fsync` the directory (best effort) so the rename itself is durable.
 * If any step fails the temporary file is removed and the error re-thrown; the
 * target is untouched. Only a hard kill between steps 1 and 3 can leave a stray
 * `*.tmp` file behind, never a torn target.
 *
 * Node-only (imports `node:fs`): used by the report, training checkpoints and
 * tuning studies, not by the browser core.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Data accepted by {@link writeFileAtomic}: a whole buffer/string or chunks (streamed). */
export type AtomicData =
  | string
  | Uint8Array
  | Iterable<string | Uint8Array>
  | AsyncIterable<string | Uint8Array>;

/** Options of {@link writeFileAtomic}. */
export interface WriteAtomicOptions {
  /** File mode of the new file. Default 0o666 (minus umask). */
  mode?: number;
  /** Create the parent directory (recursively) if missing. Default false. */
  mkdir?: boolean;
  /** fsync the file and its directory. Default true; false only for scratch data. */
  fsync?: boolean;
}

/**
 * `mkdir -p`, one folder at a time. Node's own `mkdir(dir, {recursive: true})`
 * never returns for a path it cannot create under /proc (it retries ENOENT
 * forever, Node 20); this fails at once with the system's error instead.
 */
export function makeDir(dir: string): void {
  const missing: string[] = [];
  let p = dir;
  while (!fs.existsSync(p)) {
    missing.unshift(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  for (const m of missing) {
    try {
      fs.mkdirSync(m);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** Name of a fresh temporary file beside `path` (hidden, unique per call). */
export function tempPathFor(path: string): string {
  const token = randomBytes(6).toString('hex');
  return join(dirname(path), `.${basename(path)}.${process.pid}.${token}.tmp`);
}

/** True when `name` looks like a temporary file made by {@link writeFileAtomic}. */
export function isAtomicTempName(name: string): boolean {
  return /^\..+\.\d+\.[0-9a-f]{12}\.tmp$/.test(name);
}

function isChunkSource(
  data: AtomicData,
): data is Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array> {
  return typeof data !== 'string' && !(data instanceof Uint8Array);
}

/**
 * Writes `data` to `path` atomically (see the module comment).
 *
 * @param path target file; its directory must exist unless `mkdir` is set.
 * @param data a string (UTF-8), bytes, or an (async) iterable of chunks. If the
 *   iterable throws midway, the target keeps its previous content.
 */
export async function writeFileAtomic(
  path: string,
  data: AtomicData,
  options: WriteAtomicOptions = {},
): Promise<void> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`writeFileAtomic: path must be a non-empty string, got ${String(path)}`);
  }
  const { mode = 0o666, mkdir = false, fsync = true } = options;
  const dir = dirname(path);
  if (mkdir) makeDir(dir);
  const tmp = tempPathFor(path);
  const handle = await fsp.open(tmp, 'wx', mode);
  let closed = false;
  try {
    if (isChunkSource(data)) {
      for await (const chunk of data) {
        if (typeof chunk === 'string') await handle.write(chunk);
        else await handle.write(chunk);
      }
    } else {
      await handle.writeFile(data);
    }
    if (fsync) await handle.sync();
    await handle.close();
    closed = true;
    await fsp.rename(tmp, path);
  } catch (err) {
    if (!closed) await handle.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  if (fsync) await syncDirectory(dir);
}

/** fsync a directory so that a rename inside it is durable; ignored where unsupported. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows and some file systems cannot open or fsync a directory: best effort.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Options of {@link writeJsonAtomic}. */
export interface WriteJsonOptions extends WriteAtomicOptions {
  /** Indentation passed to `JSON.stringify`. Default 2. */
  space?: number;
}

/**
 * Serialises `value` as JSON (with a final newline) and writes it atomically.
 * Serialisation happens before any file is touched, so a value that cannot be
 * serialised (a cycle, a BigInt) throws without creating anything. Non-finite
 * numbers become `null`, as `JSON.stringify` does.
 */
export async function writeJsonAtomic(
  path: string,
  value: unknown,
  options: WriteJsonOptions = {},
): Promise<void> {
  const { space = 2, ...rest } = options;
  const text = JSON.stringify(value, null, space);
  if (text === undefined) {
    throw new TypeError(`writeJsonAtomic: value of type ${typeof value} is not JSON-serialisable`);
  }
  await writeFileAtomic(path, `${text}\n`, rest);
}

/**
 * Synchronous form of {@link writeFileAtomic} for the places that cannot await
 * (an exit handler, a synchronous checkpoint). Same guarantees.
 */
export function writeFileAtomicSync(
  path: string,
  data: string | Uint8Array,
  options: WriteAtomicOptions = {},
): void {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(
      `writeFileAtomicSync: path must be a non-empty string, got ${String(path)}`,
    );
  }
  const { mode = 0o666, mkdir = false, fsync = true } = options;
  const dir = dirname(path);
  if (mkdir) makeDir(dir);
  const tmp = tempPathFor(path);
  const fd = fs.openSync(tmp, 'wx', mode);
  let closed = false;
  try {
    fs.writeFileSync(fd, data);
    if (fsync) fs.fsyncSync(fd);
    fs.closeSync(fd);
    closed = true;
    fs.renameSync(tmp, path);
  } catch (err) {
    if (!closed) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing: keep the first error
      }
    }
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  if (fsync) {
    try {
      const dfd = fs.openSync(dir, 'r');
      try {
        fs.fsyncSync(dfd);
      } finally {
        fs.closeSync(dfd);
      }
    } catch {
      // best effort, as in writeFileAtomic
    }
  }
}

/** Synchronous form of {@link writeJsonAtomic}. */
export function writeJsonAtomicSync(
  path: string,
  value: unknown,
  options: WriteJsonOptions = {},
): void {
  const { space = 2, ...rest } = options;
  const text = JSON.stringify(value, null, space);
  if (text === undefined) {
    throw new TypeError(
      `writeJsonAtomicSync: value of type ${typeof value} is not JSON-serialisable`,
    );
  }
  writeFileAtomicSync(path, `${text}\n`, rest);
}
