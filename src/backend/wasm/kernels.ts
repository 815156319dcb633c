/**
 * The WebAssembly kernels, generated as a module by the writer in `asm.ts`.
 *
 * GEMM (Goto/BLIS structure). Operands arrive packed (see `gemm.ts`): A in
 * slivers of MR rows, each stored depth-major (for every p, its MR values),
 * B in slivers of NR columns (for every p, its NR values), depth padded with
 * zeros to a multiple of `K_UNROLL`. The micro-kernel holds an MR×NR tile of C
 * in MR·NR/lanes v128 registers, LOADS it from C first and adds the products
 * p = 0, 1, … in order, so every element of C is the left-to-right sum
 * ((c + a₀b₀) + a₁b₁) + … — in float64 bit-identical to the naive triple loop
 * (WebAssembly has no fused multiply-add contraction), in float32 identical to
 * the naive loop with float32 accumulation. The macro-kernel walks the B
 * slivers (outer, each stays in L1) and the A slivers (inner, the A block stays
 * in L2) of one cache block.
 *
 * The optimizer kernels are in optimKernels.ts.
 */
import { FuncBuilder, ModuleBuilder, OP, SIMD } from './asm.js';
import { adagrad, adam, momentum, rmsprop, sgd } from './optimKernels.js';

export type Elt = 'f32' | 'f64';

/**
 * Register tile of the micro-kernels: rows × vectors per row. Measured on a Zen 4
 * core (V8 11): 6×8 ≈ 4×8 ≈ 3×16 > 8×8 for float32; 6×4 ≈ 3×8 ≈ 2× faster than
 * 4×4 for float64 (12 accumulators + 2 B vectors + 1 splat fit 16 xmm registers).
 */
export const MICRO = {
  f32: { mr: 6, nv: 2, lanes: 4 }, // 6×8
  f64: { mr: 6, nv: 2, lanes: 2 }, // 6×4
} as const;
/** The packed depth is a multiple of this (the micro-kernel loop is unrolled by it). */
export const K_UNROLL = 4;

const ESZ = { f32: 4, f64: 8 } as const;

function microKernel(e: Elt): FuncBuilder {
  const { mr, nv } = MICRO[e];
  const esz = ESZ[e];
  const add = e === 'f32' ? SIMD.f32x4Add : SIMD.f64x2Add;
  const mul = e === 'f32' ? SIMD.f32x4Mul : SIMD.f64x2Mul;
  const splat = e === 'f32' ? SIMD.load32Splat : SIMD.load64Splat;
  const f = new FuncBuilder(['i32', 'i32', 'i32', 'i32', 'i32']); // ap bp cp kc ldcBytes
  const [AP, BP, CP, KC, LDC] = [0, 1, 2, 3, 4];
  const acc: number[][] = [];
  const crow: number[] = [];
  for (let r = 0; r < mr; r++) {
    acc.push(Array.from({ length: nv }, () => f.local('v128')));
    crow.push(f.local('i32'));
  }
  const bv = Array.from({ length: nv }, () => f.local('v128'));
  const a = f.local('v128');
  const end = f.local('i32');
  for (let r = 0; r < mr; r++) {
    if (r === 0) f.get(CP).set(crow[0]!);
    else
      f.get(crow[r - 1]!)
        .get(LDC)
        .op(OP.i32Add)
        .set(crow[r]!);
    for (let v = 0; v < nv; v++)
      f.get(crow[r]!)
        .simdMem(SIMD.load, v * 16, 4)
        .set(acc[r]![v]!);
  }
  f.get(AP)
    .get(KC)
    .i32(mr * esz)
    .op(OP.i32Mul)
    .op(OP.i32Add)
    .set(end);
  f.loop();
  for (let u = 0; u < K_UNROLL; u++) {
    for (let v = 0; v < nv; v++)
      f.get(BP)
        .simdMem(SIMD.load, (u * nv + v) * 16, 4)
        .set(bv[v]!);
    for (let r = 0; r < mr; r++) {
      f.get(AP)
        .simdMem(splat, (u * mr + r) * esz, e === 'f32' ? 2 : 3)
        .set(a);
      for (let v = 0; v < nv; v++) {
        f.get(acc[r]![v]!).get(a).get(bv[v]!).simd(mul).simd(add).set(acc[r]![v]!);
      }
    }
  }
  f.addTo(AP, K_UNROLL * mr * esz);
  f.addTo(BP, K_UNROLL * nv * 16);
  f.get(AP).get(end).op(OP.i32Ne).brIf(0);
  f.end();
  for (let r = 0; r < mr; r++) {
    for (let v = 0; v < nv; v++)
      f.get(crow[r]!)
        .get(acc[r]![v]!)
        .simdMem(SIMD.store, v * 16, 4);
  }
  return f;
}

/** macro(ap, bp, cp, mSlivers, nSlivers, kc, ldcBytes): C-block += A-block · B-panel. */
function macroKernel(e: Elt, micro: number): FuncBuilder {
  const { mr, nv } = MICRO[e];
  const esz = ESZ[e];
  const f = new FuncBuilder(['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [AP0, BP, CP0, MS, NS, KC, LDC] = [0, 1, 2, 3, 4, 5, 6];
  const ap = f.local('i32');
  const cp = f.local('i32');
  const i = f.local('i32');
  const aStride = f.local('i32');
  const bStride = f.local('i32');
  const cStride = f.local('i32');
  f.get(KC)
    .i32(mr * esz)
    .op(OP.i32Mul)
    .set(aStride);
  f.get(KC)
    .i32(nv * 16)
    .op(OP.i32Mul)
    .set(bStride);
  f.get(LDC).i32(mr).op(OP.i32Mul).set(cStride);
  f.loop(); // over B slivers
  f.get(AP0).set(ap).get(CP0).set(cp).get(MS).set(i);
  f.loop(); // over A slivers
  f.get(ap).get(BP).get(cp).get(KC).get(LDC).call(micro);
  f.get(ap).get(aStride).op(OP.i32Add).set(ap);
  f.get(cp).get(cStride).op(OP.i32Add).set(cp);
  f.get(i).i32(1).op(OP.i32Sub).tee(i).brIf(0);
  f.end();
  f.get(BP).get(bStride).op(OP.i32Add).set(BP);
  f.addTo(CP0, nv * 16);
  f.get(NS).i32(1).op(OP.i32Sub).tee(NS).brIf(0);
  f.end();
  return f;
}

/** The bytes of the kernel module: exports `memory` and `<kernel>_<f32|f64>`. */
export function kernelModule(): Uint8Array {
  const mod = new ModuleBuilder();
  for (const e of ['f32', 'f64'] as const) {
    const micro = mod.func(`micro_${e}`, microKernel(e));
    mod.func(`gemm_${e}`, macroKernel(e, micro));
    mod.func(`adam_${e}`, adam(e, 'f64', false));
    mod.func(`adamFull_${e}`, adam(e, 'f64', true));
    mod.func(`adamFast_${e}`, adam(e, e, false));
    mod.func(`sgd_${e}`, sgd(e, false));
    mod.func(`sgdFull_${e}`, sgd(e, true));
    mod.func(`momentum_${e}`, momentum(e, false, false));
    mod.func(`momentumFull_${e}`, momentum(e, true, false));
    mod.func(`nesterovFull_${e}`, momentum(e, true, true));
    for (const full of [false, true]) {
      const w = full ? 'Full' : '';
      for (const inSqrt of [false, true]) {
        const q = inSqrt ? 'In' : 'Out';
        mod.func(`adagrad${w}${q}_${e}`, adagrad(e, full, inSqrt));
        for (const mode of ['none', 'buffer', 'nesterov'] as const)
          mod.func(`rmsprop${w}${q}_${mode}_${e}`, rmsprop(e, full, inSqrt, mode));
      }
    }
  }
  return mod.encode(1);
}
