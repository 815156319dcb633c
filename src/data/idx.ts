/**
 * The IDX file format of MNIST and Fashion-MNIST (LeCun, Cortes & Burges,
 * "THE MNIST DATABASE of handwritten digits"), decoded and encoded from bytes.
 *
 * Layout, all integers big-endian:
 * ```
 * offset 0: 0x00 0x00          two zero bytes
 * offset 2: dtype              0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32,
 *                              0x0D float32, 0x0E float64
 * offset 3: ndim               number of dimensions
 * offset 4: dims               ndim uint32 sizes
 * then:     data               ∏dims values, row-major
 * ```
 * MNIST images are magic 0x00000803 (uint8, 3 dims: n × 28 × 28); labels
 * 0x00000801 (uint8, 1 dim: n).
 *
 * Every malformed input throws a `DataError` that names the file, what is
 * wrong (bad magic, unknown dtype, truncated, trailing bytes) and how to get the
 * data. Gzip is handled by the Node reader (`node/idxFile.ts`); this module is
 * pure and runs in a browser.
 */
import { DataError, howToGetData } from './errors.js';

/** IDX element types by their dtype byte. */
export const IDX_DTYPES = {
  8: 'uint8',
  9: 'int8',
  11: 'int16',
  12: 'int32',
  13: 'float32',
  14: 'float64',
} as const;

export type IdxDtype = (typeof IDX_DTYPES)[keyof typeof IDX_DTYPES];

const CODE: Record<IdxDtype, number> = {
  uint8: 0x08,
  int8: 0x09,
  int16: 0x0b,
  int32: 0x0c,
  float32: 0x0d,
  float64: 0x0e,
};
const SIZE: Record<IdxDtype, number> = {
  uint8: 1,
  int8: 1,
  int16: 2,
  int32: 4,
  float32: 4,
  float64: 8,
};

/** Typed array holding IDX values of each dtype. */
export type IdxData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** A decoded IDX array. */
export interface IdxArray {
  dtype: IdxDtype;
  dims: number[];
  data: IdxData;
}

/** Magic number of MNIST image files (uint8, 3 dims). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of MNIST label files (uint8, 1 dim). */
export const IDX_LABELS_MAGIC = 0x00000801;

/**
 * The total size in bytes (header + data) that an IDX header describes, from
 * the first bytes of a file, or null when they are too few or not an IDX
 * header (then `decodeIdx` names the problem). Lets a reader bound a gzip
 * stream's output before inflating it.
 */
export function idxExpectedSize(head: Uint8Array): number | null {
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0) return null;
  const dtype = IDX_DTYPES[head[2]! as keyof typeof IDX_DTYPES];
  if (dtype === undefined) return null;
  const ndim = head[3]!;
  const header = 4 + 4 * ndim;
  if (head.length < header) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let count = 1;
  for (let d = 0; d < ndim; d++) count *= view.getUint32(4 + 4 * d, false);
  return header + count * SIZE[dtype];
}

/**
 * Decode an IDX file's bytes (already decompressed).
 * @param bytes the whole file
 * @param source file name used in error messages (default `'IDX data'`)
 * @param dataset dataset name used in the "how to get it" hint (default `'mnist'`)
 */
export function decodeIdx(bytes: Uint8Array, source = 'IDX data', dataset = 'mnist'): IdxArray {
  const hint = howToGetData(dataset);
  if (bytes.length < 4) {
    throw new DataError(
      'truncated',
      `${source} is truncated: ${bytes.length} bytes, shorter than the 4-byte IDX magic number. ${hint}`,
      source,
    );
  }
  const magic = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  const hex = `0x${magic.toString(16).padStart(8, '0')}`;
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataError(
      'corrupt',
      `${source} is not an IDX file: magic number ${hex} does not start with two zero bytes (expected 0x00000803 for images, 0x00000801 for labels). ${hint}`,
      source,
    );
  }
  const dtype = IDX_DTYPES[bytes[2]! as keyof typeof IDX_DTYPES];
  if (dtype === undefined) {
    throw new DataError(
      'corrupt',
      `${source} has an unknown IDX element type 0x${bytes[2]!.toString(16).padStart(2, '0')} in magic number ${hex} (known: 0x08 uint8, 0x09 int8, 0x0b int16, 0x0c int32, 0x0d float32, 0x0e float64). ${hint}`,
      source,
    );
  }
  const ndim = bytes[3]!;
  const header = 4 + 4 * ndim;
  if (bytes.length < header) {
    throw new DataError(
      'truncated',
      `${source} is truncated: ${bytes.length} bytes, shorter than its ${header}-byte header (${ndim} dimensions). ${hint}`,
      source,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let d = 0; d < ndim; d++) {
    const s = view.getUint32(4 + 4 * d, false);
    dims.push(s);
    count *= s;
  }
  const size = SIZE[dtype];
  const expected = header + count * size;
  if (bytes.length < expected) {
    throw new DataError(
      'truncated',
      `${source} is truncated: ${bytes.length} bytes, but its header [${dims.join(' × ')}] ${dtype} needs ${expected} bytes (${expected - bytes.length} missing). ${hint}`,
      source,
    );
  }
  if (bytes.length > expected) {
    throw new DataError(
      'corrupt',
      `${source} is corrupt: ${bytes.length} bytes, but its header [${dims.join(' × ')}] ${dtype} describes exactly ${expected} bytes (${bytes.length - expected} extra). ${hint}`,
      source,
    );
  }
  let data: IdxData;
  switch (dtype) {
    case 'uint8':
      data = bytes.slice(header, expected);
      break;
    case 'int8':
      data = new Int8Array(bytes.slice(header, expected).buffer);
      break;
    default: {
      data = allocate(dtype, count);
      for (let i = 0, o = header; i < count; i++, o += size) data[i] = read(view, dtype, o);
    }
  }
  return { dtype, dims, data };
}

/** Encode an IDX array as the bytes of an IDX file (uncompressed, big-endian). */
export function encodeIdx(arr: IdxArray): Uint8Array {
  const { dtype, dims, data } = arr;
  if (CODE[dtype] === undefined) throw new TypeError(`encodeIdx: unknown dtype '${dtype}'`);
  if (dims.length > 255) throw new RangeError(`encodeIdx: at most 255 dims, got ${dims.length}`);
  let count = 1;
  for (const s of dims) {
    if (!Number.isInteger(s) || s < 0 || s > 0xffffffff) {
      throw new RangeError(`encodeIdx: dims must be uint32, got [${dims.join(', ')}]`);
    }
    count *= s;
  }
  if (data.length !== count) {
    throw new RangeError(
      `encodeIdx: data has ${data.length} values, dims [${dims.join(', ')}] need ${count}`,
    );
  }
  const size = SIZE[dtype];
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + count * size);
  const view = new DataView(out.buffer);
  out[2] = CODE[dtype];
  out[3] = dims.length;
  for (let d = 0; d < dims.length; d++) view.setUint32(4 + 4 * d, dims[d]!, false);
  for (let i = 0, o = header; i < count; i++, o += size) write(view, dtype, o, data[i]!);
  return out;
}

function allocate(dtype: IdxDtype, n: number): IdxData {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(n);
    case 'int8':
      return new Int8Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'float32':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
  }
}

function read(v: DataView, dtype: IdxDtype, o: number): number {
  switch (dtype) {
    case 'uint8':
      return v.getUint8(o);
    case 'int8':
      return v.getInt8(o);
    case 'int16':
      return v.getInt16(o, false);
    case 'int32':
      return v.getInt32(o, false);
    case 'float32':
      return v.getFloat32(o, false);
    case 'float64':
      return v.getFloat64(o, false);
  }
}

function write(v: DataView, dtype: IdxDtype, o: number, x: number): void {
  switch (dtype) {
    case 'uint8':
      v.setUint8(o, x);
      break;
    case 'int8':
      v.setInt8(o, x);
      break;
    case 'int16':
      v.setInt16(o, x, false);
      break;
    case 'int32':
      v.setInt32(o, x, false);
      break;
    case 'float32':
      v.setFloat32(o, x, false);
      break;
    case 'float64':
      v.setFloat64(o, x, false);
      break;
  }
}
