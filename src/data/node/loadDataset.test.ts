import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { hasIdxFiles, IDX_FILES } from './idxDirectory.js';
import { writeIdxFile } from './idxFile.js';
import { FASHION_MNIST_SYSTEM_DIR, loadDataset } from './loadDataset.js';

const root = mkdtempSync(join(tmpdir(), 'optlab-load-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function notFound(fn: () => unknown): DataError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).code).toBe('not-found');
    return e as DataError;
  }
  throw new Error('expected a not-found DataError');
}

describe('loadDataset', () => {
  it("'mnist' without a directory gives the built-in digits", () => {
    const d = loadDataset('mnist');
    expect(d.source).toBe('builtin');
    expect([d.train.n, d.test.n]).toEqual([8000, 2000]);
  });

  it("'mnist' and a bare directory read IDX files from that directory", () => {
    const dir = join(root, 'tiny');
    const img = (n: number) => ({
      dtype: 'uint8' as const,
      dims: [n, 2, 2],
      data: new Uint8Array(n * 4).fill(255),
    });
    const lab = (n: number) => ({
      dtype: 'uint8' as const,
      dims: [n],
      data: new Uint8Array(n).fill(9),
    });
    writeIdxFile(join(dir, IDX_FILES.trainImages), img(6));
    writeIdxFile(join(dir, IDX_FILES.trainLabels), lab(6));
    writeIdxFile(join(dir, `${IDX_FILES.testImages}.gz`), img(2));
    writeIdxFile(join(dir, `${IDX_FILES.testLabels}.gz`), lab(2));
    for (const d of [loadDataset('mnist', { dir }), loadDataset(dir)]) {
      expect(d.source).toBe(dir);
      expect([d.train.n, d.test.n, d.train.features]).toEqual([6, 2, 4]);
      expect(d.test.x[3]).toBe(1);
    }
  });

  it('an unknown name that is not a directory is a clear error', () => {
    const e = notFound(() => loadDataset(join(root, 'cifar-11')));
    expect(e.message).toContain('neither a known dataset');
  });

  it('fashion-mnist with no copy anywhere says how to get it', () => {
    const e = notFound(() => loadDataset('fashion-mnist', { searchDirs: [join(root, 'none')] }));
    expect(e.message).toContain('optlab data fetch fashion-mnist');
    expect(e.message).toContain('apt-get install dataset-fashion-mnist');
  });

  // Either the Debian package is installed and its files load with the right
  // counts, or the default lookup throws the clear not-found error: never skipped.
  it(`Debian's Fashion-MNIST in ${FASHION_MNIST_SYSTEM_DIR}: loads when present, clear error when absent`, () => {
    if (hasIdxFiles(FASHION_MNIST_SYSTEM_DIR)) {
      const d = loadDataset('fashion-mnist');
      expect(d.source).toBe(FASHION_MNIST_SYSTEM_DIR);
      expect([d.train.n, d.test.n]).toEqual([60000, 10000]);
      expect(d.train.features).toBe(784);
      expect(d.train.classNames?.[9]).toBe('Ankle boot');
      for (const part of [d.train, d.test]) {
        const seen = new Int32Array(10);
        for (const l of part.y) seen[l] = seen[l]! + 1;
        expect(Array.from(seen).every((c) => c === part.n / 10)).toBe(true); // balanced: 6000 / 1000 each
      }
      let hi = 0;
      for (let i = 0; i < 784 * 100; i++) hi = Math.max(hi, d.test.x[i]!);
      expect(hi).toBe(1);
    } else {
      const e = notFound(() => loadDataset('fashion-mnist'));
      expect(e.message).toContain(FASHION_MNIST_SYSTEM_DIR);
      expect(e.message).toContain('optlab data fetch fashion-mnist');
    }
  });
});
