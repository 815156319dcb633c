/**
 * Download MNIST or Fashion-MNIST (the four `.gz` IDX files) into a directory,
 * for users with a network (Node only).
 *
 * For each file: if it is already present with the right checksum it is kept;
 * otherwise it is streamed into a temporary file beside its destination while
 * an MD5 or SHA-256 digest is computed, the length is checked against
 * Content-Length, the digest against the known checksum, and only then is the
 * temporary file renamed onto the real name. A failed, interrupted or
 * mismatching download removes its temporary file and throws a `DataError`
 * ('download' or 'checksum'), so a partial file never sits under the real name.
 *
 * Checksums are those of the official files, as published by torchvision's
 * `MNIST.resources` and `FashionMNIST.resources` (MD5). A checksum of 32 hex
 * digits is MD5, of 64 hex digits SHA-256.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../errors.js';
import { tempPathFor } from './idxFile.js';

/** Known download locations and MD5 checksums of the official files. */
export const DATASET_SOURCES = {
  mnist: {
    baseUrl: 'https://ossci-datasets.s3.amazonaws.com/mnist/',
    files: {
      'train-images-idx3-ubyte.gz': 'f68b3c2dcbeaaa9fbdd348bbdeb94873',
      'train-labels-idx1-ubyte.gz': 'd53e105ee54ea40749a09fcbcd1e9432',
      't10k-images-idx3-ubyte.gz': '9fb629c4189551a2d022fa330f9573f3',
      't10k-labels-idx1-ubyte.gz': 'ec29112dd5afa0611ce80d1b7f02629c',
    },
  },
  'fashion-mnist': {
    baseUrl: 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    files: {
      'train-images-idx3-ubyte.gz': '8d4fb7e6c68d591d4c3dfef9ec88bf0d',
      'train-labels-idx1-ubyte.gz': '25c81989df183df01b3e8a0aad5dffbe',
      't10k-images-idx3-ubyte.gz': 'bef4ecab320f06d8554ea6380940ec79',
      't10k-labels-idx1-ubyte.gz': 'bb300cfdad3c16e7a12a480ee83cd310',
    },
  },
} as const;

export type FetchableDataset = keyof typeof DATASET_SOURCES;

/** One progress report. */
export interface FetchProgress {
  file: string;
  /** 0-based position of `file` among the `fileCount` files. */
  fileIndex: number;
  fileCount: number;
  /** Bytes of this file received so far. */
  done: number;
  /** Content-Length of this file, or null when the server did not send it. */
  total: number | null;
  /** True when the file was already present with a good checksum. */
  skipped: boolean;
}

export interface FetchOptions {
  /** Base URL the file names are appended to (default: the dataset's official mirror). */
  baseUrl?: string;
  /** Called after each received chunk and once per skipped file. */
  onProgress?: (p: FetchProgress) => void;
  /** The fetch function (default: the global `fetch`). */
  fetchImpl?: typeof fetch;
  /** Checksums by file name, overriding the official ones (MD5 or SHA-256 hex). */
  checksums?: Readonly<Record<string, string>>;
}

export interface FetchedFile {
  file: string;
  path: string;
  status: 'downloaded' | 'present';
  bytes: number;
}

function hashKind(sum: string): 'md5' | 'sha256' {
  if (/^[0-9a-f]{32}$/i.test(sum)) return 'md5';
  if (/^[0-9a-f]{64}$/i.test(sum)) return 'sha256';
  throw new RangeError(
    `fetchDataset: checksum '${sum}' is neither MD5 (32 hex) nor SHA-256 (64 hex)`,
  );
}

/** Hex digest of a file on disk. */
export function fileDigest(path: string, kind: 'md5' | 'sha256'): string {
  return createHash(kind).update(readFileSync(path)).digest('hex');
}

/** Download the four files of `name` into `dir` (created if needed). */
export async function fetchDataset(
  name: FetchableDataset,
  dir: string,
  opts: FetchOptions = {},
): Promise<FetchedFile[]> {
  const source = DATASET_SOURCES[name];
  if (source === undefined) {
    throw new RangeError(
      `fetchDataset: unknown dataset '${name}', expected one of ${Object.keys(DATASET_SOURCES).join(', ')}`,
    );
  }
  const fetchFn = opts.fetchImpl ?? globalThis.fetch;
  let base = opts.baseUrl ?? source.baseUrl;
  if (!base.endsWith('/')) base += '/';
  const files = Object.keys(source.files) as (keyof typeof source.files)[];
  const sums: Record<string, string> = { ...source.files, ...(opts.checksums ?? {}) };
  mkdirSync(dir, { recursive: true });
  const out: FetchedFile[] = [];
  for (let fi = 0; fi < files.length; fi++) {
    const file = files[fi]!;
    const want = sums[file]!.toLowerCase();
    const kind = hashKind(want);
    const dest = join(dir, file);
    if (existsSync(dest) && fileDigest(dest, kind) === want) {
      const bytes = readFileSync(dest).length;
      opts.onProgress?.({
        file,
        fileIndex: fi,
        fileCount: files.length,
        done: bytes,
        total: bytes,
        skipped: true,
      });
      out.push({ file, path: dest, status: 'present', bytes });
      continue;
    }
    const bytes = await downloadOne(fetchFn, base + file, dest, want, kind, (done, total) =>
      opts.onProgress?.({
        file,
        fileIndex: fi,
        fileCount: files.length,
        done,
        total,
        skipped: false,
      }),
    );
    out.push({ file, path: dest, status: 'downloaded', bytes });
  }
  return out;
}

async function downloadOne(
  fetchFn: typeof fetch,
  url: string,
  dest: string,
  want: string,
  kind: 'md5' | 'sha256',
  progress: (done: number, total: number | null) => void,
): Promise<number> {
  const tmp = tempPathFor(dest);
  const hash = createHash(kind);
  let done = 0;
  let total: number | null = null;
  const fh = await open(tmp, 'w');
  let closed = false;
  try {
    let res: Response;
    try {
      res = await fetchFn(url);
    } catch (e) {
      throw new DataError('download', `download of ${url} failed: ${describe(e)}`, dest);
    }
    if (!res.ok || res.body === null) {
      throw new DataError(
        'download',
        `download of ${url} failed: HTTP ${res.status} ${res.statusText}`,
        dest,
      );
    }
    const len = res.headers.get('content-length');
    total = len !== null && /^\d+$/.test(len) ? Number(len) : null;
    progress(0, total);
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        hash.update(chunk);
        await fh.write(chunk);
        done += chunk.length;
        progress(done, total);
      }
    } catch (e) {
      throw new DataError(
        'download',
        `download of ${url} was interrupted after ${done}${total !== null ? ` of ${total}` : ''} bytes: ${describe(e)}. Run the fetch again.`,
        dest,
      );
    }
    if (total !== null && done !== total) {
      throw new DataError(
        'download',
        `download of ${url} was interrupted: received ${done} of ${total} bytes. Run the fetch again.`,
        dest,
      );
    }
    const got = hash.digest('hex');
    if (got !== want) {
      throw new DataError(
        'checksum',
        `download of ${url} has the wrong ${kind.toUpperCase()} checksum: got ${got}, expected ${want}. The file was not kept; the mirror may serve a different file (use another base URL) or the transfer was corrupted.`,
        dest,
      );
    }
    await fh.close();
    closed = true;
    renameSync(tmp, dest);
    return done;
  } catch (e) {
    if (!closed) await fh.close().catch(() => undefined);
    rmSync(tmp, { force: true });
    throw e;
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message} (${cause.message})` : e.message;
  }
  return String(e);
}
