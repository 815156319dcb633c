/**
 * GEMM through the WebAssembly SIMD kernels: C = op(A)·op(B), row-major, with
 * the `Backend.matmul` signature.
 *
 * The operands are copied from their typed arrays straight into PACKED form in
 * WebAssembly memory (Goto & van de Geijn, "Anatomy of high-performance matrix
 * multiplication", ACM TOMS 2008): A as slivers of MR rows, B as slivers of NR
 * columns, each depth-major, zero-padded to MR/NR multiples and to a depth that
 * is a multiple of `K_UNROLL`; transposed operands are handled by the packing
 * (only the strides differ), so all four cases cost the same. C is accumulated
 * in a padded scratch block and copied out. One scratch allocation is kept and
 * reused, growing only when a larger product arrives.
 *
 * Cache blocking: depth slices of KC (a B sliver KC×NR stays in L1), row blocks
 * of MC (the packed A block MC×KC stays in L2), column panels of NC.
 *
 * Results: float64 bit-identical to the naive triple loop `Σ_p a_ip·b_pj`
 * summed left to right; float32 identical to that loop with float32 rounding
 * after every multiply and add (see kernels.ts).
 */
import type { TypedArray } from '../../tensor/index.js';
import { K_UNROLL, MICRO } from './kernels.js';
import type { WasmRuntime } from './runtime.js';

const KC = 256;
const MC = { f32: 128, f64: 64 } as const;
const NC = 2048;

function roundUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

/**
 * Packs op(X) into slivers: element (o, p) = src[o·so + p·sd] for outer index
 * o < nOuter (rows of A or columns of B) and depth p < k; slivers of W outer
 * indices; depth in blocks of KC; zero beyond nOuter and k.
 */
function pack(
  src: TypedArray,
  nOuter: number,
  k: number,
  so: number,
  sd: number,
  W: number,
  kp: number,
  dst: Float32Array | Float64Array,
  base: number,
): void {
  let o = base;
  const outerP = roundUp(nOuter, W);
  for (let pc = 0; pc < kp; pc += KC) {
    const pEnd = Math.min(kp, pc + KC);
    const pReal = Math.min(pEnd, k);
    for (let s = 0; s < outerP; s += W) {
      const wReal = Math.min(W, nOuter - s);
      if (wReal === W && so === 1) {
        // W contiguous source values per depth step (B not transposed, A transposed)
        for (let p = pc; p < pReal; p++) {
          const q = s + p * sd;
          for (let w = 0; w < W; w++) dst[o + w] = src[q + w]!;
          o += W;
        }
      } else if (wReal === W) {
        for (let p = pc; p < pReal; p++) {
          let q = s * so + p * sd;
          for (let w = 0; w < W; w++) {
            dst[o + w] = src[q]!;
            q += so;
          }
          o += W;
        }
      } else {
        for (let p = pc; p < pReal; p++) {
          let q = s * so + p * sd;
          let w = 0;
          for (; w < wReal; w++) {
            dst[o + w] = src[q]!;
            q += so;
          }
          for (; w < W; w++) dst[o + w] = 0;
          o += W;
        }
      }
      const pad = (pEnd - pReal) * W;
      if (pad > 0) {
        dst.fill(0, o, o + pad);
        o += pad;
      }
    }
  }
}

/** GEMM state bound to one runtime: its reusable scratch block. */
export class WasmGemm {
  private scratchOff = 0;
  private scratchBytes = 0;

  private buf: ArrayBuffer | undefined;
  private f32 = new Float32Array(0);
  private f64 = new Float64Array(0);

  constructor(readonly rt: WasmRuntime) {}

  /** Whole-memory views, recreated only after the memory has grown. */
  private view(e: 'f32' | 'f64'): Float32Array | Float64Array {
    const buf = this.rt.memory.buffer;
    if (buf !== this.buf) {
      this.buf = buf;
      this.f32 = new Float32Array(buf);
      this.f64 = new Float64Array(buf);
    }
    return e === 'f32' ? this.f32 : this.f64;
  }

  /** C (m×n) = op(A)·op(B); A stored k×m when transA, B stored n×k when transB. */
  matmul(
    a: TypedArray,
    b: TypedArray,
    c: TypedArray,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
  ): void {
    if (m === 0 || n === 0) return;
    if (k === 0) {
      c.fill(0, 0, m * n);
      return;
    }
    const e = c instanceof Float32Array ? 'f32' : 'f64';
    const esz = e === 'f32' ? 4 : 8;
    const { mr, nv, lanes } = MICRO[e];
    const nr = nv * lanes;
    const mp = roundUp(m, mr);
    const np = roundUp(n, nr);
    const kp = roundUp(k, K_UNROLL);
    const need = (mp * kp + np * kp + mp * np) * esz;
    if (need > this.scratchBytes) {
      if (this.scratchBytes > 0) this.rt.release(this.scratchOff, this.scratchBytes);
      this.scratchBytes = roundUp(need, 65536);
      this.scratchOff = this.rt.allocBytes(this.scratchBytes);
    }
    const mem = this.view(e);
    const aOff = this.scratchOff / esz;
    const bOff = aOff + mp * kp;
    const cOff = bOff + np * kp;
    // A(i, p) = a[i·k + p], or a[p·m + i] when stored transposed
    pack(a, m, k, transA ? 1 : k, transA ? m : 1, mr, kp, mem, aOff);
    // B(p, j) = b[p·n + j], or b[j·k + p] when stored transposed
    pack(b, n, k, transB ? k : 1, transB ? 1 : n, nr, kp, mem, bOff);
    mem.fill(0, cOff, cOff + mp * np);
    const kernel = this.rt.fn[e === 'f32' ? 'gemm_f32' : 'gemm_f64']!;
    const mc = Math.max(mr, MC[e] - (MC[e] % mr));
    const ldc = np * esz;
    for (let jc = 0; jc < np; jc += NC) {
      const ncb = Math.min(NC, np - jc);
      for (let pc = 0; pc < kp; pc += KC) {
        const kcb = Math.min(KC, kp - pc);
        for (let ic = 0; ic < mp; ic += mc) {
          const mcb = Math.min(mc, mp - ic);
          kernel(
            (aOff + pc * mp + ic * kcb) * esz,
            (bOff + pc * np + jc * kcb) * esz,
            (cOff + ic * np + jc) * esz,
            mcb / mr,
            ncb / nr,
            kcb,
            ldc,
          );
        }
      }
    }
    // compact the padded rows in place, then one copy out
    if (np !== n)
      for (let i = 1; i < m; i++) mem.copyWithin(cOff + i * n, cOff + i * np, cOff + i * np + n);
    c.set(mem.subarray(cOff, cOff + m * n));
  }

  /** Returns the scratch block to the runtime. */
  dispose(): void {
    if (this.scratchBytes > 0) this.rt.release(this.scratchOff, this.scratchBytes);
    this.scratchBytes = 0;
  }
}
