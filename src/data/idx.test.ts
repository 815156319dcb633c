import { describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { decodeIdx, encodeIdx, type IdxArray } from './idx.js';
import { idxToDataset } from './idxDataset.js';

function u8(dims: number[], f: (i: number) => number): IdxArray {
  const n = dims.reduce((a, b) => a * b, 1);
  return { dtype: 'uint8', dims, data: Uint8Array.from({ length: n }, (_, i) => f(i)) };
}

function expectDataError(fn: () => unknown, code: string, ...parts: string[]): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DataError);
  expect((err as DataError).code).toBe(code);
  for (const p of parts) expect((err as Error).message).toContain(p);
}

describe('IDX encode/decode', () => {
  it('writes the MNIST header byte for byte', () => {
    const bytes = encodeIdx(u8([2, 3, 4], (i) => i));
    // magic 00 00 08 03, then 2, 3, 4 as big-endian uint32, then 24 data bytes
    expect(Array.from(bytes.slice(0, 16))).toEqual([
      0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4,
    ]);
    expect(bytes.length).toBe(16 + 24);
    expect(bytes[16 + 23]).toBe(23);
    const lab = encodeIdx(u8([5], (i) => i));
    expect(Array.from(lab.slice(0, 8))).toEqual([0, 0, 8, 1, 0, 0, 0, 5]);
  });

  it('round-trips every dtype', () => {
    const cases: IdxArray[] = [
      u8([3, 2, 2], (i) => (i * 37) % 256),
      { dtype: 'int8', dims: [4], data: Int8Array.of(-128, -1, 0, 127) },
      { dtype: 'int16', dims: [2, 2], data: Int16Array.of(-32768, -2, 300, 32767) },
      { dtype: 'int32', dims: [3], data: Int32Array.of(-(2 ** 31), 5, 2 ** 31 - 1) },
      { dtype: 'float32', dims: [2], data: Float32Array.of(-1.5, 3.25) },
      { dtype: 'float64', dims: [1, 3], data: Float64Array.of(Math.PI, -0, 1e-300) },
    ];
    for (const c of cases) {
      const back = decodeIdx(encodeIdx(c));
      expect(back.dtype).toBe(c.dtype);
      expect(back.dims).toEqual(c.dims);
      expect(Array.from(back.data)).toEqual(Array.from(c.data));
    }
  });

  it('is big-endian: int16 258 is bytes 01 02', () => {
    const b = encodeIdx({ dtype: 'int16', dims: [1], data: Int16Array.of(258) });
    expect(Array.from(b.slice(8))).toEqual([1, 2]);
  });

  it('rejects a bad magic, an unknown dtype, truncation and trailing bytes', () => {
    const good = encodeIdx(u8([2, 2, 2], (i) => i));
    const notIdx = good.slice();
    notIdx[0] = 0x50; // e.g. a PNG or HTML page
    expectDataError(
      () => decodeIdx(notIdx, 'f.idx'),
      'corrupt',
      'f.idx',
      'magic',
      'optlab data fetch',
    );
    const badType = good.slice();
    badType[2] = 0x07;
    expectDataError(() => decodeIdx(badType, 'f.idx'), 'corrupt', 'element type 0x07');
    expectDataError(() => decodeIdx(good.slice(0, 3), 'f.idx'), 'truncated', '3 bytes');
    expectDataError(() => decodeIdx(good.slice(0, 9), 'f.idx'), 'truncated', 'header');
    expectDataError(
      () => decodeIdx(good.slice(0, good.length - 1), 'f.idx'),
      'truncated',
      '1 missing',
    );
    const longer = new Uint8Array(good.length + 2);
    longer.set(good);
    expectDataError(() => decodeIdx(longer, 'f.idx'), 'corrupt', '2 extra');
  });

  it('encode checks that data fits the dims', () => {
    expect(() => encodeIdx({ dtype: 'uint8', dims: [2, 2], data: new Uint8Array(3) })).toThrow(
      RangeError,
    );
  });
});

describe('idxToDataset', () => {
  it('scales pixels to byte/255 and keeps labels', () => {
    const ds = idxToDataset(
      u8([2, 2, 2], (i) => [0, 255, 51, 102, 1, 2, 3, 4][i]!),
      u8([2], (i) => [7, 3][i]!),
      { split: 'train' },
    );
    expect(ds.n).toBe(2);
    expect(ds.shape).toEqual([4]);
    expect(ds.name).toBe('mnist/train');
    expect(Array.from(ds.y)).toEqual([7, 3]);
    expect(ds.x[1]).toBe(1);
    expect(ds.x[2]).toBeCloseTo(0.2, 7); // 51/255
    const raw = idxToDataset(
      u8([1, 2, 2], (i) => i * 10),
      u8([1], () => 0),
      {
        normalize: false,
        flatten: false,
      },
    );
    expect(Array.from(raw.x)).toEqual([0, 10, 20, 30]);
    expect(raw.shape).toEqual([2, 2]);
  });

  it('rejects swapped files, count mismatch and out-of-range labels', () => {
    const img = u8([3, 2, 2], () => 0);
    const lab = u8([3], () => 1);
    expectDataError(() => idxToDataset(lab, lab), 'corrupt', '0x00000803');
    expectDataError(() => idxToDataset(img, img), 'corrupt', '0x00000801');
    expectDataError(
      () =>
        idxToDataset(
          img,
          u8([2], () => 1),
          { imagesSource: 'a', labelsSource: 'b' },
        ),
      'mismatch',
      '3 images',
      '2 labels',
    );
    expectDataError(
      () =>
        idxToDataset(
          img,
          u8([3], (i) => (i === 2 ? 10 : 0)),
        ),
      'corrupt',
      'label 10',
    );
  });
});
