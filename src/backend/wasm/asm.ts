/**
 * A tiny WebAssembly binary writer: just enough of the format (types, one
 * exported memory, functions, exports, code) and of the instruction set (i32
 * control and address arithmetic, f32/f64 scalars, v128 SIMD) to emit the
 * kernels of this folder from TypeScript at load time. No dependency, no build
 * step and no Node-only API: the module bytes are produced in the browser as in
 * Node, and `WebAssembly.validate` checks them.
 *
 * Encoding reference: WebAssembly Core Specification 2.0, §5 (binary format);
 * SIMD opcodes from the fixed-width SIMD proposal (prefix 0xFD, LEB128 opcode).
 */

export type ValType = 'i32' | 'f32' | 'f64' | 'v128';
const VALTYPE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b };

function uleb(out: number[], v: number): void {
  let x = v >>> 0;
  do {
    let byte = x & 0x7f;
    x >>>= 7;
    if (x !== 0) byte |= 0x80;
    out.push(byte);
  } while (x !== 0);
}

function sleb(out: number[], v: number): void {
  let x = v | 0;
  for (;;) {
    const byte = x & 0x7f;
    x >>= 7;
    if ((x === 0 && (byte & 0x40) === 0) || (x === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

/** The SIMD instructions the kernels use, by their opcode after the 0xFD prefix. */
export const SIMD = {
  load: 0x00,
  load32Splat: 0x09,
  load64Splat: 0x0a,
  store: 0x0b,
  shuffle: 0x0d,
  f32x4Splat: 0x13,
  f64x2Splat: 0x14,
  f32x4Demote: 0x5e, // f32x4.demote_f64x2_zero
  f64x2Promote: 0x5f, // f64x2.promote_low_f32x4
  f32x4Sqrt: 0xe3,
  f32x4Add: 0xe4,
  f32x4Sub: 0xe5,
  f32x4Mul: 0xe6,
  f32x4Div: 0xe7,
  f64x2Sqrt: 0xef,
  f64x2Add: 0xf0,
  f64x2Sub: 0xf1,
  f64x2Mul: 0xf2,
  f64x2Div: 0xf3,
} as const;

/** Straight-line scalar opcodes used by the kernels. */
export const OP = {
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtU: 0x49,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32Shl: 0x74,
  f32Sqrt: 0x91,
  f32Add: 0x92,
  f32Mul: 0x94,
  f32Div: 0x95,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f32DemoteF64: 0xb6,
  f64PromoteF32: 0xbb,
} as const;

/** The body of one function under construction; locals are numbered after the params. */
export class FuncBuilder {
  readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];
  constructor(readonly params: readonly ValType[]) {}

  /** Declares a new local and returns its index. */
  local(t: ValType): number {
    this.localTypes.push(t);
    return this.params.length + this.localTypes.length - 1;
  }
  get(i: number): this {
    this.code.push(0x20);
    uleb(this.code, i);
    return this;
  }
  set(i: number): this {
    this.code.push(0x21);
    uleb(this.code, i);
    return this;
  }
  tee(i: number): this {
    this.code.push(0x22);
    uleb(this.code, i);
    return this;
  }
  i32(v: number): this {
    this.code.push(0x41);
    sleb(this.code, v);
    return this;
  }
  f64(v: number): this {
    this.code.push(0x44);
    const b = new Uint8Array(new Float64Array([v]).buffer);
    for (const x of b) this.code.push(x);
    return this;
  }
  op(opcode: number): this {
    this.code.push(opcode);
    return this;
  }
  simd(opcode: number): this {
    this.code.push(0xfd);
    uleb(this.code, opcode);
    return this;
  }
  /** A SIMD memory instruction with its memarg (alignment exponent, constant byte offset). */
  simdMem(opcode: number, offset: number, alignLog2: number): this {
    this.simd(opcode);
    uleb(this.code, alignLog2);
    uleb(this.code, offset);
    return this;
  }
  /** f32.load (0x2A), f64.load (0x2B), f32.store (0x38), f64.store (0x39). */
  mem(opcode: number, offset: number, alignLog2: number): this {
    this.code.push(opcode);
    uleb(this.code, alignLog2);
    uleb(this.code, offset);
    return this;
  }
  /** i8x16.shuffle with 16 lane indices (0–15 first operand, 16–31 second). */
  shuffle(lanes: readonly number[]): this {
    this.simd(SIMD.shuffle);
    for (const l of lanes) this.code.push(l);
    return this;
  }
  block(): this {
    this.code.push(0x02, 0x40);
    return this;
  }
  loop(): this {
    this.code.push(0x03, 0x40);
    return this;
  }
  if(): this {
    this.code.push(0x04, 0x40);
    return this;
  }
  end(): this {
    this.code.push(0x0b);
    return this;
  }
  br(depth: number): this {
    this.code.push(0x0c);
    uleb(this.code, depth);
    return this;
  }
  brIf(depth: number): this {
    this.code.push(0x0d);
    uleb(this.code, depth);
    return this;
  }
  call(fn: number): this {
    this.code.push(0x10);
    uleb(this.code, fn);
    return this;
  }
  /** `x += c` for an i32 local. */
  addTo(x: number, c: number): this {
    return this.get(x).i32(c).op(OP.i32Add).set(x);
  }

  /** The code-section entry: size, local declarations, body, end. */
  encode(): number[] {
    const body: number[] = [];
    uleb(body, this.localTypes.length);
    for (const t of this.localTypes) {
      uleb(body, 1);
      body.push(VALTYPE[t]);
    }
    for (const b of this.code) body.push(b);
    body.push(0x0b);
    const out: number[] = [];
    uleb(out, body.length);
    for (const b of body) out.push(b);
    return out;
  }
}

interface FuncDef {
  name: string;
  fn: FuncBuilder;
  results: readonly ValType[];
}

/** A module with one exported memory (`memory`, no maximum) and exported functions. */
export class ModuleBuilder {
  private readonly funcs: FuncDef[] = [];

  /** Adds a function and returns its index (for `call`). */
  func(name: string, fn: FuncBuilder, results: readonly ValType[] = []): number {
    this.funcs.push({ name, fn, results });
    return this.funcs.length - 1;
  }

  encode(initialPages: number): Uint8Array {
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    const section = (id: number, content: number[]): void => {
      out.push(id);
      uleb(out, content.length);
      for (const b of content) out.push(b);
    };
    const types: number[] = [];
    uleb(types, this.funcs.length);
    for (const f of this.funcs) {
      types.push(0x60);
      uleb(types, f.fn.params.length);
      for (const p of f.fn.params) types.push(VALTYPE[p]);
      uleb(types, f.results.length);
      for (const r of f.results) types.push(VALTYPE[r]);
    }
    section(1, types);
    const fnsec: number[] = [];
    uleb(fnsec, this.funcs.length);
    for (let i = 0; i < this.funcs.length; i++) uleb(fnsec, i); // one type per function
    section(3, fnsec);
    const mem: number[] = [1, 0x00];
    uleb(mem, initialPages);
    section(5, mem);
    const exp: number[] = [];
    uleb(exp, this.funcs.length + 1);
    const name = (s: string): void => {
      uleb(exp, s.length);
      for (let i = 0; i < s.length; i++) exp.push(s.charCodeAt(i));
    };
    name('memory');
    exp.push(0x02, 0x00);
    this.funcs.forEach((f, i) => {
      name(f.name);
      exp.push(0x00);
      uleb(exp, i);
    });
    section(7, exp);
    const code: number[] = [];
    uleb(code, this.funcs.length);
    for (const f of this.funcs) for (const b of f.fn.encode()) code.push(b);
    section(10, code);
    return new Uint8Array(out);
  }
}
