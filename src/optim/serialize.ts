/**
 * `serializeState` / `deserializeState`: optimizer (or any plain-data) state to
 * a JSON-safe value and back, exactly. Typed arrays become
 * `{"$typed": "Float32Array", "b64": "<base64 of the bytes>"}` (little-endian,
 * as every platform Node and browsers run on), non-finite numbers and −0 become
 * `{"$num": "Infinity" | "-Infinity" | "NaN" | "-0"}`; everything else is kept.
 * Finite numbers survive JSON exactly (shortest round-trip printing), so a run
 * resumed from `JSON.parse(JSON.stringify(serializeState(s)))` continues bit
 * for bit. No dependency on Node's Buffer: the core runs in a browser.
 */

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Int16Array,
  Int8Array,
  Uint32Array,
  Uint16Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) LOOKUP[ALPHA.charCodeAt(i)] = i;

export function bytesToBase64(b: Uint8Array): string {
  const parts: string[] = [];
  let chunk = '';
  const n = b.length;
  for (let i = 0; i < n; i += 3) {
    const x0 = b[i]!;
    const x1 = i + 1 < n ? b[i + 1]! : 0;
    const x2 = i + 2 < n ? b[i + 2]! : 0;
    const v = (x0 << 16) | (x1 << 8) | x2;
    chunk += ALPHA[(v >> 18) & 63]! + ALPHA[(v >> 12) & 63]!;
    chunk += i + 1 < n ? ALPHA[(v >> 6) & 63]! : '=';
    chunk += i + 2 < n ? ALPHA[v & 63]! : '=';
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(chunk);
  return parts.join('');
}

export function base64ToBytes(s: string): Uint8Array {
  if (s.length % 4 !== 0) throw new TypeError(`deserializeState: bad base64 length ${s.length}`);
  let pad = 0;
  if (s.endsWith('==')) pad = 2;
  else if (s.endsWith('=')) pad = 1;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    const c = (j: number) => {
      const ch = s.charCodeAt(i + j);
      if (ch === 61) return 0; // '='
      const v = ch < 128 ? LOOKUP[ch]! : -1;
      if (v < 0) throw new TypeError(`deserializeState: bad base64 character at ${i + j}`);
      return v;
    };
    const v = (c(0) << 18) | (c(1) << 12) | (c(2) << 6) | c(3);
    if (o < out.length) out[o++] = (v >> 16) & 255;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}

function typedName(x: unknown): TypedName | undefined {
  for (const k of Object.keys(TYPED) as TypedName[]) if (x instanceof TYPED[k]) return k;
  return undefined;
}

/** A JSON-safe copy of `state` (see the module comment for the encoding). */
export function serializeState(state: unknown): unknown {
  if (typeof state === 'number') {
    if (Number.isNaN(state)) return { $num: 'NaN' };
    if (state === Number.POSITIVE_INFINITY) return { $num: 'Infinity' };
    if (state === Number.NEGATIVE_INFINITY) return { $num: '-Infinity' };
    if (Object.is(state, -0)) return { $num: '-0' };
    return state;
  }
  if (state === null || typeof state !== 'object') {
    if (typeof state === 'function' || typeof state === 'symbol' || typeof state === 'bigint') {
      throw new TypeError(`serializeState: state is not plain data (found a ${typeof state})`);
    }
    return state;
  }
  if (ArrayBuffer.isView(state)) {
    const name = typedName(state);
    if (!name) throw new TypeError('serializeState: unsupported typed array');
    const v = state as ArrayBufferView;
    return {
      $typed: name,
      b64: bytesToBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)),
    };
  }
  if (Array.isArray(state)) return state.map(serializeState);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state)) out[k] = serializeState(v);
  return out;
}

/** Inverse of {@link serializeState}; typed arrays are fresh copies. */
export function deserializeState<S = unknown>(json: unknown): S {
  return decode(json) as S;
}

function decode(x: unknown): unknown {
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) return x.map(decode);
  const o = x as Record<string, unknown>;
  if (typeof o.$typed === 'string' && typeof o.b64 === 'string') {
    const ctor = TYPED[o.$typed as TypedName];
    if (!ctor) throw new TypeError(`deserializeState: unknown typed array ${o.$typed}`);
    const bytes = base64ToBytes(o.b64);
    return new ctor(bytes.buffer as ArrayBuffer, 0, bytes.byteLength / ctor.BYTES_PER_ELEMENT);
  }
  if (typeof o.$num === 'string' && Object.keys(o).length === 1) {
    const m: Record<string, number> = {
      NaN: Number.NaN,
      Infinity: Number.POSITIVE_INFINITY,
      '-Infinity': Number.NEGATIVE_INFINITY,
      '-0': -0,
    };
    if (!(o.$num in m)) throw new TypeError(`deserializeState: bad $num ${o.$num}`);
    return m[o.$num];
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = decode(v);
  return out;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

/**
 * A saved state in the layout of `fresh` (a state of the same optimizer, from
 * `init`). States saved before the named optimizers named the parts of their
 * chains hold an array of the pieces' states in chain order where `fresh` has
 * a record (`[{count}, {count, mu, nu, nuMax}, {count}]` for
 * `{ decay, adam, lr }`); such an array of as many entries as the record has
 * names is re-keyed to those names, in order, at any depth. Everything else is
 * returned as saved (a state of another optimizer is left for the caller's
 * layout check to reject).
 */
export function adoptState<S>(fresh: S, saved: unknown): S {
  return adopt(fresh, saved) as S;
}

function adopt(fresh: unknown, saved: unknown): unknown {
  if (Array.isArray(fresh)) {
    if (!Array.isArray(saved) || saved.length !== fresh.length) return saved;
    return saved.map((v, i) => adopt(fresh[i], v));
  }
  if (!isRecord(fresh)) return saved;
  const names = Object.keys(fresh);
  if (Array.isArray(saved)) {
    if (saved.length !== names.length) return saved;
    return Object.fromEntries(names.map((k, i) => [k, adopt(fresh[k], saved[i])]));
  }
  if (!isRecord(saved)) return saved;
  return Object.fromEntries(Object.entries(saved).map(([k, v]) => [k, adopt(fresh[k], v)]));
}
