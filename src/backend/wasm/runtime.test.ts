import { describe, expect, it } from 'vitest';
import {
  createWasmRuntime,
  createWasmRuntimeAsync,
  initSharedWasmRuntime,
  sharedWasmRuntime,
  wasmModuleBytes,
  wasmSimdSupported,
} from './runtime.js';

describe('WasmRuntime', () => {
  it('the generated module validates on this engine (SIMD supported)', () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(WebAssembly.validate(wasmModuleBytes() as BufferSource)).toBe(true);
  });

  it('allocates zero-filled, aligned, disjoint vectors and reuses freed space', () => {
    const rt = createWasmRuntime();
    const a = rt.alloc(10, 'float32');
    const b = rt.alloc(7, 'float64');
    expect(a.offset % 64).toBe(0);
    expect(b.offset % 64).toBe(0);
    expect(b.offset).toBeGreaterThanOrEqual(a.offset + a.bytes);
    expect(Array.from(a.data)).toEqual(new Array(10).fill(0));
    a.data.fill(3);
    b.data.fill(-1);
    expect(Array.from(a.data)).toEqual(new Array(10).fill(3));
    const aOff = a.offset;
    a.free();
    const c = rt.alloc(12, 'float32'); // fits in the freed 64 bytes
    expect(c.offset).toBe(aOff);
    expect(Array.from(c.data)).toEqual(new Array(12).fill(0)); // zeroed again
    expect(Array.from(b.data)).toEqual(new Array(7).fill(-1));
  });

  it('coalesces neighbouring free blocks', () => {
    const rt = createWasmRuntime();
    const x = rt.alloc(16);
    const y = rt.alloc(16);
    const z = rt.alloc(16);
    x.free();
    z.free();
    y.free();
    const w = rt.alloc(48); // needs all three 64-byte blocks merged
    expect(w.offset).toBe(x.offset);
  });

  it('growth detaches old views but .data is refreshed and keeps the values', () => {
    const rt = createWasmRuntime();
    const v = rt.from(Float64Array.from([1, 2, 3]));
    const old = v.data;
    const before = rt.memoryBytes;
    const big = rt.alloc(200_000, 'float64'); // 1.6 MB: forces growth
    expect(rt.memoryBytes).toBeGreaterThan(before);
    expect(old.length).toBe(0); // detached
    expect(Array.from(v.data)).toEqual([1, 2, 3]);
    expect(big.data.length).toBe(200_000);
  });

  it('reserve grows once so later allocations do not move memory', () => {
    const rt = createWasmRuntime();
    rt.reserve(1 << 20);
    const buf = rt.memory.buffer;
    for (let i = 0; i < 10; i++) rt.alloc(20_000);
    expect(rt.memory.buffer).toBe(buf);
  });

  it('rejects bad arguments and use after free', () => {
    const rt = createWasmRuntime();
    expect(() => rt.alloc(-1)).toThrow(/length must be a non-negative integer, got -1/);
    expect(() => rt.alloc(2.5)).toThrow(RangeError);
    expect(() => rt.alloc(3, 'int32' as never)).toThrow(
      /dtype must be 'float32' or 'float64', got int32/,
    );
    const v = rt.alloc(4);
    v.free();
    expect(() => v.data).toThrow(/after free/);
  });

  it('async instantiation gives a working runtime; the shared one is created once', async () => {
    const rt = await createWasmRuntimeAsync();
    expect(rt.alloc(5).data.length).toBe(5);
    const s = await initSharedWasmRuntime();
    expect(sharedWasmRuntime()).toBe(s);
    expect(await initSharedWasmRuntime()).toBe(s);
  });
});
