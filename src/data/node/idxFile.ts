/**
 * Read and write IDX files on disk (Node only). A file is gunzipped when it
 * starts with the gzip magic bytes 0x1f 0x8b, whatever its name; otherwise it is
 * read as plain IDX. Writes are atomic: a temporary file in the same directory,
 * then a rename, so a crash never leaves half a file under the real name.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { writeFileAtomicSync } from '../../util/index.js';
import { DataError, howToGetData } from '../errors.js';
import { decodeIdx, encodeIdx, type IdxArray, idxExpectedSize } from '../idx.js';

/** Default of the largest IDX file read (decompressed): 1 GiB; `OPTLAB_MAX_IDX_BYTES` overrides it. */
export const MAX_IDX_BYTES = 1 << 30;

function maxIdxBytes(): number {
  const v = Number(process.env.OPTLAB_MAX_IDX_BYTES);
  return Number.isFinite(v) && v > 0 ? v : MAX_IDX_BYTES;
}

/**
 * The decompressed size of a gzip IDX file as its header states it, read by
 * inflating only the first 4 KiB of the stream (at most ~4 MB of output at
 * deflate's maximal ratio), or null when the start is not an IDX header.
 */
function gzipIdxSize(bytes: Uint8Array): number | null {
  try {
    const head = gunzipSync(bytes.subarray(0, 4096), {
      finishFlush: constants.Z_SYNC_FLUSH,
      maxOutputLength: 8 << 20,
    });
    return idxExpectedSize(new Uint8Array(head.buffer, head.byteOffset, head.byteLength));
  } catch {
    return null;
  }
}

/** True when the bytes start with the gzip magic 0x1f 0x8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Read a file's bytes, gunzipped if they carry the gzip magic.
 * Throws `DataError` 'not-found' for a missing file and 'truncated' for a
 * gzip stream that ends early or is corrupt.
 */
export function readMaybeGzip(path: string, dataset = 'mnist'): Uint8Array {
  if (!existsSync(path)) {
    throw new DataError('not-found', `${path}: file not found. ${howToGetData(dataset)}`, path);
  }
  const st = statSync(path);
  if (st.isDirectory()) {
    throw new DataError('not-found', `${path} is a directory, expected an IDX file.`, path);
  }
  const max = maxIdxBytes();
  const tooBig = (size: string) =>
    new DataError(
      'corrupt',
      `${path} is too large: ${size}, above the limit of ${max} bytes (set OPTLAB_MAX_IDX_BYTES to raise it).`,
      path,
    );
  if (st.size > max) throw tooBig(`${st.size} bytes`);
  const raw = readFileSync(path);
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (!isGzip(bytes)) return bytes;
  // Bound the inflated size by what the header describes, before inflating (a gzip bomb stops there).
  const expected = gzipIdxSize(bytes);
  if (expected !== null && expected > max) throw tooBig(`its header describes ${expected} bytes`);
  const cap = expected ?? max;
  try {
    const out = gunzipSync(bytes, { maxOutputLength: cap + 1 });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DataError(
        'corrupt',
        expected === null
          ? `${path} inflates to more than ${max} bytes (set OPTLAB_MAX_IDX_BYTES to raise the limit). ${howToGetData(dataset)}`
          : `${path} is corrupt: it inflates to more than the ${expected} bytes its IDX header describes. ${howToGetData(dataset)}`,
        path,
      );
    }
    throw new DataError(
      'truncated',
      `${path} is a truncated or corrupt gzip file (${(e as Error).message}). ${howToGetData(dataset)}`,
      path,
    );
  }
}

/** Read and decode an IDX file (plain or gzip). Errors as `readMaybeGzip` and `decodeIdx`. */
export function readIdxFile(path: string, dataset = 'mnist'): IdxArray {
  return decodeIdx(readMaybeGzip(path, dataset), path, dataset);
}

/** Options of `writeIdxFile`. */
export interface WriteIdxOptions {
  /** Gzip the file (default: true when the path ends in `.gz`). */
  gzip?: boolean;
}

/** Encode and write an IDX file atomically (temp file + rename). */
export function writeIdxFile(path: string, arr: IdxArray, opts: WriteIdxOptions = {}): void {
  const gzip = opts.gzip ?? path.endsWith('.gz');
  const plain = encodeIdx(arr);
  writeFileAtomic(path, gzip ? gzipSync(plain) : plain);
}

let tempCounter = 0;

/** A temporary path beside `path`, unique within this process. */
export function tempPathFor(path: string): string {
  tempCounter++;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.${tempCounter}.part`);
}

/** Write bytes atomically beside `path` (temp file, fsync, rename; creates the directory). */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  writeFileAtomicSync(path, bytes, { mkdir: true });
}
