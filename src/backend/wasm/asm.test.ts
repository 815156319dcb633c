import { describe, expect, it } from 'vitest';
import { FuncBuilder, ModuleBuilder, OP, SIMD } from './asm.js';

function instantiate(mod: ModuleBuilder): Record<string, unknown> {
  const bytes = mod.encode(1);
  expect(WebAssembly.validate(bytes as BufferSource)).toBe(true);
  return new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), {}).exports;
}

describe('wasm binary writer', () => {
  it('encodes signed LEB128 constants across byte boundaries', () => {
    const values = [
      0,
      1,
      -1,
      63,
      64,
      -64,
      -65,
      127,
      128,
      8191,
      8192,
      -8193,
      2 ** 31 - 1,
      -(2 ** 31),
    ];
    const mod = new ModuleBuilder();
    values.forEach((v, i) => {
      mod.func(`c${i}`, new FuncBuilder([]).i32(v), ['i32']);
    });
    const ex = instantiate(mod);
    values.forEach((v, i) => {
      expect((ex[`c${i}`] as () => number)()).toBe(v);
    });
  });

  it('encodes locals, loops, calls and f64 constants', () => {
    // sum(n) = Σ_{i=1..n} i·0.5 through a helper call; sum(10) = 55·0.5 = 27.5
    const mod = new ModuleBuilder();
    const half = new FuncBuilder(['f64']);
    half.get(0).f64(0.5).op(OP.f64Mul);
    const hi = mod.func('half', half, ['f64']);
    const f = new FuncBuilder(['i32']);
    const acc = f.local('f64');
    const i = f.local('i32');
    f.loop();
    f.addTo(i, 1);
    f.get(acc).get(i).op(0xb7 /* f64.convert_i32_s */).call(hi).op(OP.f64Add).set(acc);
    f.get(i).get(0).op(OP.i32Ne).brIf(0);
    f.end();
    f.get(acc);
    mod.func('sum', f, ['f64']);
    const ex = instantiate(mod);
    expect((ex.sum as (n: number) => number)(10)).toBe(27.5);
  });

  it('SIMD loads, shuffles and lane-wise arithmetic address memory as expected', () => {
    // out[0..3] = x[0..3]·x[4..7] + splat(x[8]), via v128 ops
    const mod = new ModuleBuilder();
    const f = new FuncBuilder([]);
    f.i32(64);
    f.i32(0).simdMem(SIMD.load, 0, 4).i32(0).simdMem(SIMD.load, 16, 4).simd(SIMD.f32x4Mul);
    f.i32(0).simdMem(SIMD.load32Splat, 32, 2).simd(SIMD.f32x4Add);
    f.simdMem(SIMD.store, 0, 4);
    // reversed copy of the result's lanes to out2 at byte 80
    f.i32(80).i32(64).simdMem(SIMD.load, 0, 4).i32(64).simdMem(SIMD.load, 0, 4);
    f.shuffle([12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3]).simdMem(SIMD.store, 0, 4);
    mod.func('run', f);
    const ex = instantiate(mod);
    const mem = new Float32Array((ex.memory as WebAssembly.Memory).buffer);
    mem.set([1, 2, 3, 4, 5, 6, 7, 8, 0.5]);
    (ex.run as () => void)();
    // 1·5+0.5, 2·6+0.5, 3·7+0.5, 4·8+0.5
    expect(Array.from(mem.subarray(16, 20))).toEqual([5.5, 12.5, 21.5, 32.5]);
    expect(Array.from(mem.subarray(20, 24))).toEqual([32.5, 21.5, 12.5, 5.5]);
  });
});
