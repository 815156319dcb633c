/**
 * The safetensors file format (Hugging Face, https://huggingface.co/docs/safetensors):
 *
 *   8 bytes   N, the header length, unsigned little-endian 64-bit
 *   N bytes   a JSON object {name: {"dtype", "shape", "data_offsets": [begin, end]}, …,
 *             "__metadata__": {string: string}} (padded with spaces)
 *   the rest  the tensors' bytes, little-endian, row-major, offsets relative to here
 *
 * Reading checks everything a hostile file could get wrong: the header length
 * against the file, the JSON, each dtype, that each byte range matches its
 * shape, and that the ranges cover the data exactly with no gap or overlap.
 */

/** The dtypes optlab reads and writes. */
export type SafeDType = 'F64' | 'F32' | 'I64';

export interface SafeTensor {
  dtype: SafeDType;
  shape: number[];
  /** Values as numbers (I64 read as numbers; values beyond 2⁵³ are refused). */
  data: Float64Array;
}

const SIZE: Record<SafeDType, number> = { F64: 8, F32: 4, I64: 8 };
const MAX_HEADER = 100 * 1024 * 1024;

/** Encodes tensors (in the order given) and string metadata as a safetensors file. */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, SafeTensor> | Record<string, SafeTensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const entries: [string, SafeTensor][] =
    tensors instanceof Map
      ? [...tensors.entries()]
      : Object.entries(tensors as Record<string, SafeTensor>);
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of entries) {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length)
      throw new RangeError(
        `safetensors: ${name} has shape [${t.shape}] but ${t.data.length} values`,
      );
    const bytes = count * SIZE[t.dtype];
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  while ((8 + new TextEncoder().encode(json).length) % 8 !== 0) json += ' ';
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const [, t] of entries) {
    for (let i = 0; i < t.data.length; i++) {
      const v = t.data[i]!;
      if (t.dtype === 'F64') view.setFloat64(at, v, true);
      else if (t.dtype === 'F32') view.setFloat32(at, v, true);
      else view.setBigInt64(at, BigInt(Math.round(v)), true);
      at += SIZE[t.dtype];
    }
  }
  return out;
}

/** Decodes a safetensors file; throws an Error naming what is wrong with it. */
export function decodeSafetensors(bytes: Uint8Array): {
  tensors: Map<string, SafeTensor>;
  metadata: Record<string, string>;
} {
  const bad = (what: string) => new Error(`safetensors: ${what}`);
  if (bytes.length < 8)
    throw bad(`file of ${bytes.length} bytes is too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER, bytes.length - 8)))
    throw bad(`header length ${n} runs past the file (${bytes.length} bytes) or the 100 MB limit`);
  const headerLen = Number(n);
  let header: unknown;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)),
    );
  } catch (e) {
    throw bad(`header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    throw bad('header is not a JSON object');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const tensors = new Map<string, SafeTensor>();
  let metadata: Record<string, string> = {};
  const ranges: [number, number, string][] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (
        raw === null ||
        typeof raw !== 'object' ||
        Object.values(raw).some((v) => typeof v !== 'string')
      )
        throw bad('__metadata__ must map strings to strings');
      metadata = raw as Record<string, string>;
      continue;
    }
    const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e === null || typeof e !== 'object') throw bad(`entry ${name} is not an object`);
    if (e.dtype !== 'F64' && e.dtype !== 'F32' && e.dtype !== 'I64')
      throw bad(`${name} has dtype ${JSON.stringify(e.dtype)}; optlab reads F64, F32 and I64`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
      throw bad(`${name} has an invalid shape ${JSON.stringify(e.shape)}`);
    const off = e.data_offsets;
    if (
      !Array.isArray(off) ||
      off.length !== 2 ||
      !off.every((d) => Number.isSafeInteger(d) && d >= 0)
    )
      throw bad(`${name} has invalid data_offsets ${JSON.stringify(off)}`);
    const [begin, end] = off as [number, number];
    const count = (e.shape as number[]).reduce((a, b) => a * b, 1);
    if (end < begin || end - begin !== count * SIZE[e.dtype] || end > dataLen)
      throw bad(
        `${name}: bytes [${begin}, ${end}) do not hold shape [${e.shape}] of ${e.dtype} inside ${dataLen} data bytes`,
      );
    ranges.push([begin, end, name]);
    const data = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const at = dataStart + begin + i * SIZE[e.dtype];
      if (e.dtype === 'F64') data[i] = view.getFloat64(at, true);
      else if (e.dtype === 'F32') data[i] = view.getFloat32(at, true);
      else {
        const v = view.getBigInt64(at, true);
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
          throw bad(`${name}[${i}] = ${v} does not fit a double exactly`);
        data[i] = Number(v);
      }
    }
    tensors.set(name, { dtype: e.dtype, shape: e.shape as number[], data });
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [begin, end, name] of ranges) {
    if (begin !== at)
      throw bad(
        `data bytes [${Math.min(at, begin)}, ${Math.max(at, begin)}) ${begin > at ? 'belong to no tensor' : `overlap ${name}`}`,
      );
    at = end;
  }
  if (at !== dataLen) throw bad(`the last ${dataLen - at} data bytes belong to no tensor`);
  return { tensors, metadata };
}
