/**
 * A model as bytes: a small JSON manifest plus one raw little-endian binary
 * holding θ followed by the buffers (running statistics), in the model's dtype.
 * Browser-safe (no Node import); node/io.ts writes the two files atomically.
 *
 * The manifest lists every parameter (name, shape, kind, layer, offset) and
 * buffer, the dtype, the mode and generator states, the loss, the architecture
 * config (if any), the byte length and an FNV-1a checksum of the binary.
 * `decodeModel` checks all of it against the model it loads into and throws a
 * RangeError naming the first difference, so a checkpoint of another network,
 * or a .bin from another save, is refused instead of silently misloaded.
 */
import type { RngState } from '../random/index.js';
import type { DType, TypedArray } from '../tensor/index.js';
import type { Model } from './model.js';
import type { ParamKind } from './parameters.js';

export const MODEL_FORMAT = 'optlab-model';
export const MODEL_FORMAT_VERSION = 1;

export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  version: number;
  dtype: DType;
  byteOrder: 'little-endian';
  /** Length of θ. */
  size: number;
  /** Length of the buffer array. */
  bufferSize: number;
  params: { name: string; shape: number[]; kind: ParamKind; layer: string; offset: number }[];
  buffers: { name: string; shape: number[]; layer: string; offset: number }[];
  state: { training: boolean; rngs: Record<string, RngState> };
  loss: string;
  config?: unknown;
  /** Byte length of the binary part: (size + bufferSize) · bytes per element. */
  bytes: number;
  /** FNV-1a 32-bit hash of the binary part, 8 hex digits. */
  checksum: string;
}

/** FNV-1a 32-bit hash of bytes, as 8 hex digits. */
export function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function width(dtype: DType): number {
  return dtype === 'float32' ? 4 : 8;
}

/** Writes `src` little-endian into `out` at byte `at`. */
function put(src: TypedArray, out: Uint8Array, at: number): void {
  const w = src instanceof Float32Array ? 4 : 8;
  if (LITTLE) {
    out.set(new Uint8Array(src.buffer, src.byteOffset, src.length * w), at);
    return;
  }
  const dv = new DataView(out.buffer, out.byteOffset + at, src.length * w);
  for (let i = 0; i < src.length; i++) {
    if (w === 4) dv.setFloat32(i * 4, src[i]!, true);
    else dv.setFloat64(i * 8, src[i]!, true);
  }
}

/** Reads little-endian values from `bytes` at byte `at` into `dst`. */
function get(bytes: Uint8Array, at: number, dst: TypedArray): void {
  const w = dst instanceof Float32Array ? 4 : 8;
  if (LITTLE) {
    const copy = bytes.slice(at, at + dst.length * w);
    dst.set(w === 4 ? new Float32Array(copy.buffer) : new Float64Array(copy.buffer));
    return;
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset + at, dst.length * w);
  for (let i = 0; i < dst.length; i++)
    dst[i] = w === 4 ? dv.getFloat32(i * 4, true) : dv.getFloat64(i * 8, true);
}

/** The manifest and binary of a model (copies; the model is not changed). */
export function encodeModel(model: Model): { manifest: ModelManifest; data: Uint8Array } {
  const ps = model.params;
  const w = width(ps.dtype);
  const data = new Uint8Array((ps.size + ps.bufferSize) * w);
  put(ps.theta, data, 0);
  put(ps.buffers, data, ps.size * w);
  const st = model.getState();
  const manifest: ModelManifest = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    dtype: ps.dtype,
    byteOrder: 'little-endian',
    size: ps.size,
    bufferSize: ps.bufferSize,
    params: ps.list.map((p) => ({
      name: p.name,
      shape: [...p.shape],
      kind: p.kind,
      layer: p.layer,
      offset: p.offset,
    })),
    buffers: ps.bufferList.map((b) => ({
      name: b.name,
      shape: [...b.shape],
      layer: b.layer,
      offset: b.offset,
    })),
    state: { training: st.training, rngs: st.rngs },
    loss: model.lossName,
    bytes: data.length,
    checksum: fnv1a(data),
  };
  if (model.config !== undefined) manifest.config = model.config;
  return { manifest, data };
}

const shapeStr = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * When both the file and the model carry an architecture config, they must agree
 * on every field except `seed` and `dtype` (networks with the same parameter
 * layout can still differ, e.g. batch norm before or after the nonlinearity).
 */
function checkConfig(saved: unknown, mine: unknown): void {
  if (saved === undefined || mine === undefined || saved === null || mine === null) return;
  if (typeof saved !== 'object' || typeof mine !== 'object') return;
  const a = saved as Record<string, unknown>;
  const b = mine as Record<string, unknown>;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k === 'seed' || k === 'dtype') continue;
    const sa = JSON.stringify(a[k]);
    const sb = JSON.stringify(b[k]);
    if (sa !== sb)
      throw new RangeError(
        `load: the architecture differs: ${k} is ${sa} in the file but ${sb} in the model`,
      );
  }
}

/** Throws a RangeError naming the first way `manifest` does not describe `model`. */
export function checkManifest(
  model: Model,
  manifest: ModelManifest,
  opts: { allowCast?: boolean } = {},
): void {
  const m = manifest as Partial<ModelManifest> | null;
  if (!m || typeof m !== 'object' || m.format !== MODEL_FORMAT) {
    throw new RangeError(
      `load: not an ${MODEL_FORMAT} manifest (format = ${JSON.stringify(m?.format)})`,
    );
  }
  if (m.version !== MODEL_FORMAT_VERSION) {
    throw new RangeError(
      `load: manifest version ${String(m.version)} is not supported (this build reads version ${MODEL_FORMAT_VERSION})`,
    );
  }
  checkConfig(m.config, model.config);
  const ps = model.params;
  if (m.dtype !== ps.dtype && !opts.allowCast) {
    throw new RangeError(
      `load: the saved parameters are ${String(m.dtype)} but the model is ${ps.dtype} (pass allowCast to convert)`,
    );
  }
  if (m.dtype !== 'float32' && m.dtype !== 'float64')
    throw new RangeError(`load: unknown dtype ${JSON.stringify(m.dtype)}`);
  const saved = m.params ?? [];
  const mine = ps.list;
  if (m.size !== ps.size || saved.length !== mine.length) {
    throw new RangeError(
      `load: the saved model has ${String(m.size)} parameters in ${saved.length} tensors, this model ${ps.size} in ${mine.length}`,
    );
  }
  for (let i = 0; i < mine.length; i++) {
    const a = saved[i]!;
    const b = mine[i]!;
    if (
      a.name !== b.name ||
      a.offset !== b.offset ||
      shapeStr(a.shape) !== shapeStr(b.shape) ||
      a.kind !== b.kind
    ) {
      throw new RangeError(
        `load: parameter ${i} is '${a.name}' ${shapeStr(a.shape)} (${a.kind}) in the file but '${b.name}' ${shapeStr(b.shape)} (${b.kind}) in the model`,
      );
    }
  }
  const sb = m.buffers ?? [];
  const mb = ps.bufferList;
  if (m.bufferSize !== ps.bufferSize || sb.length !== mb.length) {
    throw new RangeError(
      `load: the file has ${sb.length} buffers (${String(m.bufferSize)} values), the model ${mb.length} (${ps.bufferSize})`,
    );
  }
  for (let i = 0; i < mb.length; i++) {
    const a = sb[i]!;
    const b = mb[i]!;
    if (a.name !== b.name || shapeStr(a.shape) !== shapeStr(b.shape)) {
      throw new RangeError(
        `load: buffer ${i} is '${a.name}' ${shapeStr(a.shape)} in the file but '${b.name}' ${shapeStr(b.shape)} in the model`,
      );
    }
  }
}

/**
 * Loads a manifest and binary into `model` (θ, buffers, mode, generator
 * states), after checking both. With `allowCast`, float64 data may load into a
 * float32 model (rounded) and vice versa.
 */
export function decodeModel(
  model: Model,
  manifest: ModelManifest,
  data: Uint8Array,
  opts: { allowCast?: boolean } = {},
): void {
  checkManifest(model, manifest, opts);
  const w = width(manifest.dtype);
  const want = (manifest.size + manifest.bufferSize) * w;
  if (data.length !== want || manifest.bytes !== want) {
    throw new RangeError(
      `load: the binary has ${data.length} bytes; the manifest needs ${want} (recorded ${manifest.bytes})`,
    );
  }
  const sum = fnv1a(data);
  if (sum !== manifest.checksum) {
    throw new RangeError(
      `load: checksum ${sum} of the binary differs from the manifest's ${manifest.checksum}: the file is corrupt or from another save`,
    );
  }
  const ps = model.params;
  const theta =
    manifest.dtype === 'float32'
      ? new Float32Array(manifest.size)
      : new Float64Array(manifest.size);
  const bufs =
    manifest.dtype === 'float32'
      ? new Float32Array(manifest.bufferSize)
      : new Float64Array(manifest.bufferSize);
  get(data, 0, theta);
  get(data, manifest.size * w, bufs);
  model.setState({
    training: manifest.state.training,
    rngs: manifest.state.rngs,
    buffers:
      ps.dtype === manifest.dtype
        ? bufs
        : ps.dtype === 'float32'
          ? Float32Array.from(bufs)
          : Float64Array.from(bufs),
  });
  ps.theta.set(theta);
}
