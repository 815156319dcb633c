import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { encodeIdx, type IdxArray } from '../idx.js';
import { IDX_FILES, loadIdxDirectory } from './idxDirectory.js';
import { readIdxFile, writeIdxFile } from './idxFile.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-idx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function images(n: number, seed: number): IdxArray {
  return {
    dtype: 'uint8',
    dims: [n, 3, 2],
    data: Uint8Array.from({ length: n * 6 }, (_, i) => (i * 31 + seed) % 256),
  };
}
function labels(n: number): IdxArray {
  return { dtype: 'uint8', dims: [n], data: Uint8Array.from({ length: n }, (_, i) => i % 10) };
}

/** A directory with the four standard files; `gz` picks gzip or plain per file. */
function makeDir(name: string, nTrain: number, nTest: number, gz = true): string {
  const dir = join(root, name);
  const ext = gz ? '.gz' : '';
  writeIdxFile(join(dir, `${IDX_FILES.trainImages}${ext}`), images(nTrain, 1), { gzip: gz });
  writeIdxFile(join(dir, `${IDX_FILES.trainLabels}${ext}`), labels(nTrain), { gzip: gz });
  writeIdxFile(join(dir, `${IDX_FILES.testImages}${ext}`), images(nTest, 2), { gzip: gz });
  writeIdxFile(join(dir, `${IDX_FILES.testLabels}${ext}`), labels(nTest), { gzip: gz });
  return dir;
}

function caught(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

describe('IDX files on disk', () => {
  it('round-trips plain and gzip files, detected by magic bytes not by name', () => {
    const a = images(4, 9);
    const plain = join(root, 'plain.idx');
    const gz = join(root, 'packed.idx'); // gzip content without a .gz name
    writeIdxFile(plain, a);
    writeIdxFile(gz, a, { gzip: true });
    expect(readFileSync(plain)[0]).toBe(0);
    expect(Array.from(readFileSync(gz).subarray(0, 2))).toEqual([0x1f, 0x8b]);
    for (const p of [plain, gz]) {
      const b = readIdxFile(p);
      expect(b.dims).toEqual([4, 3, 2]);
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
    }
    expect(readdirSync(root).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('loads a directory of gzip or plain files', () => {
    for (const gz of [true, false]) {
      const dir = makeDir(`ok-${gz}`, 12, 5, gz);
      const { train, test } = loadIdxDirectory(dir);
      expect([train.n, test.n]).toEqual([12, 5]);
      expect(train.features).toBe(6);
      expect(Array.from(test.y)).toEqual([0, 1, 2, 3, 4]);
      // pixel (i*31+1) % 256 / 255 for i = 7
      expect(train.x[7]).toBeCloseTo(((7 * 31 + 1) % 256) / 255, 6);
    }
  });

  it('says what is wrong for a truncated gzip, a truncated plain file, and a non-IDX file', () => {
    const full = gzipSync(encodeIdx(images(50, 3)));
    const tgz = join(root, 'trunc.gz');
    writeFileSync(tgz, full.subarray(0, full.length >> 1));
    const e1 = caught(() => readIdxFile(tgz));
    expect(e1.code).toBe('truncated');
    expect(e1.message).toMatch(/truncated or corrupt gzip/);
    expect(e1.message).toContain('optlab data fetch');

    const tplain = join(root, 'trunc.idx');
    writeFileSync(tplain, encodeIdx(images(50, 3)).subarray(0, 100));
    const e2 = caught(() => readIdxFile(tplain));
    expect(e2.code).toBe('truncated');
    expect(e2.message).toContain(tplain);

    const html = join(root, 'page.gz');
    writeFileSync(html, '<html>rate limited</html>');
    expect(caught(() => readIdxFile(html)).code).toBe('corrupt');
  });

  it('reports images and labels of different counts', () => {
    const dir = makeDir('mismatch', 12, 5);
    writeIdxFile(join(dir, `${IDX_FILES.testLabels}.gz`), labels(4));
    const e = caught(() => loadIdxDirectory(dir));
    expect(e.code).toBe('mismatch');
    expect(e.message).toContain('5 images');
    expect(e.message).toContain('4 labels');
  });

  it('reports a missing directory and a missing file by name', () => {
    const gone = join(root, 'nope');
    const e1 = caught(() => loadIdxDirectory(gone));
    expect(e1.code).toBe('not-found');
    expect(e1.message).toContain(gone);
    expect(e1.message).toContain('optlab data fetch mnist');
    const dir = makeDir('missing-file', 3, 3);
    rmSync(join(dir, `${IDX_FILES.trainLabels}.gz`));
    const e2 = caught(() => loadIdxDirectory(dir));
    expect(e2.code).toBe('not-found');
    expect(e2.message).toContain(IDX_FILES.trainLabels);
    expect(caught(() => readIdxFile(join(root, 'absent.idx'))).code).toBe('not-found');
    expect(existsSync(dir)).toBe(true);
  });
});

describe('bounded reading (issue 19)', () => {
  /** gzip of an IDX header for `dims` (uint8) followed by `extra` zero bytes, streamed in 1 MiB pieces. */
  function bomb(dims: number[], extra: number): Buffer {
    const header = encodeIdx({ dtype: 'uint8', dims: dims.map(() => 0), data: new Uint8Array(0) });
    const view = new DataView(header.buffer);
    for (const [i, d] of dims.entries()) view.setUint32(4 + 4 * i, d, false);
    const chunks = [Buffer.from(header)];
    const mb = Buffer.alloc(1 << 20);
    for (let left = extra; left > 0; left -= mb.length)
      chunks.push(mb.subarray(0, Math.min(left, mb.length)));
    return gzipSync(Buffer.concat(chunks), { level: 9 });
  }

  it('a gzip file that inflates beyond its header stops at the header size, not at its full size', () => {
    const f = join(root, 'bomb-extra.gz');
    // header says 1 × 28 × 28 = 784 bytes; the stream carries 256 MiB more
    writeFileSync(f, bomb([1, 28, 28], 256 << 20));
    const before = process.memoryUsage().arrayBuffers;
    const e = caught(() => readIdxFile(f));
    expect(e.message).toMatch(/inflates to more than the 800 bytes its IDX header describes/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 << 20);
  });

  it('a header that describes more than the limit is refused before inflating, naming the limit', () => {
    const f = join(root, 'bomb-header.gz');
    writeFileSync(f, bomb([100_000, 1000, 1000], 1000));
    const e = caught(() => readIdxFile(f));
    expect(e.message).toMatch(
      /describes 100000000016 bytes, above the limit of \d+ bytes \(set OPTLAB_MAX_IDX_BYTES/,
    );
  });

  it('a split with 0 images is an error, not an empty dataset', () => {
    const dir = makeDir('zero-test', 12, 0);
    const e = caught(() => loadIdxDirectory(dir));
    expect(e.message).toMatch(/holds 0 images/);
  });
});
