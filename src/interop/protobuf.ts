/**
 * The protocol-buffers wire format, as much as ONNX export needs
 * (https://protobuf.dev/programming-guides/encoding/): varints, 32-bit floats,
 * and length-delimited fields (strings, bytes, nested messages). A message is
 * built as a list of fields and encoded once; `readMessage` parses one back
 * (for checking an exported file without another library).
 */

export type Field =
  | { n: number; varint: number | bigint }
  | { n: number; f32: number }
  | { n: number; bytes: Uint8Array }
  | { n: number; str: string }
  | { n: number; msg: Field[] };

function varint(v: number | bigint, out: number[]): void {
  let x = BigInt.asUintN(64, BigInt(v));
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
}

/** Encodes a message. */
export function encodeMessage(fields: readonly Field[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  const push = (p: Uint8Array) => {
    parts.push(p);
    total += p.length;
  };
  for (const f of fields) {
    const head: number[] = [];
    if ('varint' in f) {
      varint((f.n << 3) | 0, head);
      varint(f.varint, head);
      push(Uint8Array.from(head));
    } else if ('f32' in f) {
      varint((f.n << 3) | 5, head);
      const b = new Uint8Array(4);
      new DataView(b.buffer).setFloat32(0, f.f32, true);
      push(Uint8Array.from([...head, ...b]));
    } else {
      const body =
        'bytes' in f
          ? f.bytes
          : 'str' in f
            ? new TextEncoder().encode(f.str)
            : encodeMessage(f.msg);
      varint((f.n << 3) | 2, head);
      varint(body.length, head);
      push(Uint8Array.from(head));
      push(body);
    }
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One parsed field: wire type 0 (varint), 2 (bytes) or 5 (fixed32). */
export interface RawField {
  n: number;
  wire: 0 | 2 | 5;
  value: bigint | Uint8Array | number;
}

/** Parses a message into its fields; throws on a malformed or truncated buffer. */
export function readMessage(b: Uint8Array): RawField[] {
  const out: RawField[] = [];
  let i = 0;
  const readVarint = (): bigint => {
    let x = 0n;
    let shift = 0n;
    for (;;) {
      if (i >= b.length) throw new Error('protobuf: truncated varint');
      const c = b[i++]!;
      x |= BigInt(c & 0x7f) << shift;
      if (!(c & 0x80)) return x;
      shift += 7n;
      if (shift > 63n) throw new Error('protobuf: varint longer than 10 bytes');
    }
  };
  while (i < b.length) {
    const key = Number(readVarint());
    const n = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ n, wire, value: readVarint() });
    else if (wire === 2) {
      const len = Number(readVarint());
      if (i + len > b.length) throw new Error(`protobuf: field ${n} runs past the end`);
      out.push({ n, wire, value: b.subarray(i, i + len) });
      i += len;
    } else if (wire === 5) {
      if (i + 4 > b.length) throw new Error('protobuf: truncated fixed32');
      out.push({ n, wire, value: new DataView(b.buffer, b.byteOffset + i, 4).getFloat32(0, true) });
      i += 4;
    } else throw new Error(`protobuf: unsupported wire type ${wire} in field ${n}`);
  }
  return out;
}
