import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { encodeIdx } from '../idx.js';
import { DATASET_SOURCES, type FetchProgress, fetchDataset } from './fetch.js';
import { loadIdxDirectory } from './idxDirectory.js';

// Small IDX files served by a server on 127.0.0.1 that this test starts;
// nothing here touches any other address.
const names = Object.keys(DATASET_SOURCES.mnist.files);
const bodies = new Map<string, Buffer>();
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
for (const name of names) {
  const n = name.startsWith('train') ? 20 : 8;
  const arr = name.includes('images')
    ? {
        dtype: 'uint8' as const,
        dims: [n, 4, 4],
        data: Uint8Array.from({ length: n * 16 }, (_, i) => i % 256),
      }
    : {
        dtype: 'uint8' as const,
        dims: [n],
        data: Uint8Array.from({ length: n }, (_, i) => i % 10),
      };
  bodies.set(name, gzipSync(encodeIdx(arr)));
}
const good = Object.fromEntries(names.map((f) => [f, md5(bodies.get(f)!)]));

let server: Server;
let base = '';
const hits: string[] = [];
const root = mkdtempSync(join(tmpdir(), 'optlab-fetch-'));

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    hits.push(url);
    const m = /^\/(ok|cut|missing)\/(.+)$/.exec(url);
    const body = m ? bodies.get(m[2]!) : undefined;
    if (!m || !body || m[1] === 'missing') {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-length': String(body.length),
      'content-type': 'application/gzip',
    });
    if (m[1] === 'cut' && m[2]!.startsWith('train-labels')) {
      // promise the whole body, send half, then drop the connection
      res.write(body.subarray(0, body.length >> 1), () => res.socket?.destroy());
      return;
    }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(root, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

const leftovers = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.part')) : [];

describe('fetchDataset against a local server', () => {
  it('downloads the four files with progress, verifies them, and skips good files next time', async () => {
    const dir = join(root, 'ok');
    const seen: FetchProgress[] = [];
    const got = await fetchDataset('mnist', dir, {
      baseUrl: `${base}/ok/`,
      checksums: good,
      onProgress: (p) => seen.push({ ...p }),
    });
    expect(got.map((g) => g.status)).toEqual([
      'downloaded',
      'downloaded',
      'downloaded',
      'downloaded',
    ]);
    for (const name of names) expect(md5(readFileSync(join(dir, name)))).toBe(good[name]);
    const last = seen.filter((p) => p.file === names[0]).at(-1)!;
    expect(last.done).toBe(bodies.get(names[0]!)!.length);
    expect(last.total).toBe(last.done);
    expect(new Set(seen.map((p) => p.fileIndex))).toEqual(new Set([0, 1, 2, 3]));
    const ds = loadIdxDirectory(dir);
    expect([ds.train.n, ds.test.n]).toEqual([20, 8]);

    // a file that is present but damaged is fetched again; good ones are kept
    writeFileSync(join(dir, names[2]!), 'garbage');
    const before = hits.length;
    const again = await fetchDataset('mnist', dir, { baseUrl: `${base}/ok`, checksums: good });
    expect(again.map((g) => g.status)).toEqual(['present', 'present', 'downloaded', 'present']);
    expect(hits.slice(before)).toEqual([`/ok/${names[2]}`]);
    expect(leftovers(dir)).toEqual([]);
  });

  it('accepts SHA-256 checksums too', async () => {
    const dir = join(root, 'sha');
    const sums = Object.fromEntries(names.map((f) => [f, sha256(bodies.get(f)!)]));
    const got = await fetchDataset('fashion-mnist', dir, {
      baseUrl: `${base}/ok/`,
      checksums: sums,
    });
    expect(got.every((g) => g.status === 'downloaded')).toBe(true);
  });

  it('rejects a checksum mismatch and keeps no file', async () => {
    const dir = join(root, 'bad');
    // no override: the official MD5s cannot match the small test files
    const e = await rejection(fetchDataset('mnist', dir, { baseUrl: `${base}/ok/` }));
    expect(e.code).toBe('checksum');
    expect(e.message).toContain(
      DATASET_SOURCES.mnist.files[names[0] as keyof typeof DATASET_SOURCES.mnist.files],
    );
    expect(e.message).toContain(md5(bodies.get(names[0]!)!));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an interrupted download leaves no partial file', async () => {
    const dir = join(root, 'cut');
    const e = await rejection(
      fetchDataset('mnist', dir, { baseUrl: `${base}/cut/`, checksums: good }),
    );
    expect(e.code).toBe('download');
    expect(e.message).toMatch(/interrupted/);
    expect(e.message).toContain(names[1]);
    expect(existsSync(join(dir, names[1]!))).toBe(false);
    expect(existsSync(join(dir, names[0]!))).toBe(true); // the file before it completed
    expect(leftovers(dir)).toEqual([]);
  });

  it('reports an HTTP error and a refused connection', async () => {
    const e1 = await rejection(
      fetchDataset('mnist', join(root, 'm'), { baseUrl: `${base}/missing/`, checksums: good }),
    );
    expect(e1.message).toContain('HTTP 404');
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const e2 = await rejection(
      fetchDataset('mnist', join(root, 'r'), {
        baseUrl: `http://127.0.0.1:${port}/`,
        checksums: good,
      }),
    );
    expect(e2.code).toBe('download');
    expect(leftovers(join(root, 'r'))).toEqual([]);
  });
});
