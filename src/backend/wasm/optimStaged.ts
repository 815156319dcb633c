/**
 * The WebAssembly implementation of the optimizer-kernel interface
 * (`../optimKernels.ts`) over vectors in ordinary JavaScript memory.
 *
 * WebAssembly code can only address its own memory, and θ, ∇θ and the state
 * live in JavaScript typed arrays. Copying whole vectors in and out costs more
 * than the step once they leave the cache (measured: Adam at 10M float32 went
 * from 5.4 ns/param in TypeScript to 5.6 with whole-vector copies). So the
 * vectors are STAGED in chunks of `CHUNK` elements through a small scratch that
 * stays in L1/L2: copy a chunk of each array in, run the SIMD kernel on it, copy
 * the written arrays back. Main-memory traffic is then that of an in-place pass
 * (each array read once, each written array written once); the extra copies
 * hit the cache only.
 *
 * The kernels are the "exact" ones of optimKernels.ts in this folder: float64
 * lanes, rounded to float32 on store where the reference rounds, so the results
 * are bit-identical to `jsOptimKernels` for both dtypes. Variants without a
 * WebAssembly kernel (AMSGrad, centred RMSProp) and vectors shorter than
 * `WASM_OPTIM_MIN` run the reference loops.
 */
import type {
  AdagradCoefs,
  AdamCoefs,
  DecayRanges,
  FloatVec,
  MomentumCoefs,
  OptimKernels,
  RmspropCoefs,
  SgdCoefs,
} from '../optimKernels.js';
import { forEachPiece } from '../optimKernels.js';
import { jsOptimKernels } from '../optimReference.js';
import type { WasmRuntime } from './runtime.js';

/** Elements per staged chunk (a multiple of 4). 4 arrays × 4096 × 8 bytes = 128 KiB at most. */
export const CHUNK = 4096;

/** Below this many elements the TypeScript loop wins (call and copy overhead). */
export const WASM_OPTIM_MIN = 256;

const MAX_ARRAYS = 4;

/** A kernel call on the staged chunk: `(offsets…, groups)` then its scalars. */
type Call = (offs: number[], groups: number) => void;

/** The WebAssembly optimizer kernels over `rt` (its memory holds only the scratch). */
export function wasmOptimKernelsFor(rt: WasmRuntime): OptimKernels {
  const base = rt.allocBytes(MAX_ARRAYS * CHUNK * 8);
  const offs = Array.from({ length: MAX_ARRAYS }, (_, j) => base + j * CHUNK * 8);
  let buf: ArrayBuffer | null = null;
  let f32 = new Float32Array(0);
  let f64 = new Float64Array(0);

  /**
   * Runs `call` over [s, e) chunk by chunk: copies `arrays` in, calls, copies
   * the first `nOut` arrays back (inputs first in `arrays`' order).
   */
  function staged(arrays: FloatVec[], written: boolean[], s: number, e: number, call: Call): void {
    if (buf !== rt.memory.buffer) {
      buf = rt.memory.buffer as ArrayBuffer;
      f32 = new Float32Array(buf);
      f64 = new Float64Array(buf);
    }
    const is32 = arrays[0] instanceof Float32Array;
    const esz = is32 ? 4 : 8;
    const view: FloatVec = is32 ? f32 : f64;
    const n = arrays.length;
    for (let a = s; a < e; a += CHUNK) {
      const b = Math.min(a + CHUNK, e);
      for (let j = 0; j < n; j++) view.set(arrays[j]!.subarray(a, b), offs[j]! / esz);
      call(offs, Math.ceil(((b - a) * esz) / 16));
      for (let j = 0; j < n; j++) {
        if (!written[j]) continue;
        const o = offs[j]! / esz;
        arrays[j]!.set(view.subarray(o, o + (b - a)), a);
      }
    }
  }

  const fn = rt.fn;
  const sfx = (p: FloatVec) => (p instanceof Float32Array ? '_f32' : '_f64');

  return {
    name: 'wasm',
    sgd(p: FloatVec, g: FloatVec, k: SgdCoefs, decay: DecayRanges | null) {
      if (p.length < WASM_OPTIM_MIN) return jsOptimKernels.sgd(p, g, k, decay);
      const x = sfx(p);
      forEachPiece(p.length, decay, (s, e, on) => {
        const wd = on ? k.wd : 0;
        const f = wd === 0 ? fn[`sgd${x}`]! : fn[`sgdFull${x}`]!;
        staged([p, g], [true, false], s, e, (o, n) =>
          wd === 0 ? f(o[0]!, o[1]!, n, k.c) : f(o[0]!, o[1]!, n, k.c, wd),
        );
      });
    },
    momentum(p: FloatVec, g: FloatVec, v: FloatVec, k: MomentumCoefs, decay) {
      if (p.length < WASM_OPTIM_MIN) return jsOptimKernels.momentum(p, g, v, k, decay);
      const x = sfx(p);
      forEachPiece(p.length, decay, (s, e, on) => {
        const wd = on ? k.wd : 0;
        const name = k.nesterov ? 'nesterovFull' : wd === 0 ? 'momentum' : 'momentumFull';
        const f = fn[`${name}${x}`]!;
        staged([p, g, v], [true, false, true], s, e, (o, n) =>
          f(o[0]!, o[1]!, o[2]!, n, k.mu, k.c, wd),
        );
      });
    },
    adagrad(p: FloatVec, g: FloatVec, r: FloatVec, k: AdagradCoefs, decay) {
      if (p.length < WASM_OPTIM_MIN) return jsOptimKernels.adagrad(p, g, r, k, decay);
      const x = sfx(p);
      const q = k.epsInSqrt ? 'In' : 'Out';
      forEachPiece(p.length, decay, (s, e, on) => {
        const wd = on ? k.wd : 0;
        const f = fn[`adagrad${wd === 0 ? '' : 'Full'}${q}${x}`]!;
        staged([p, g, r], [true, false, true], s, e, (o, n) =>
          wd === 0
            ? f(o[0]!, o[1]!, o[2]!, n, k.c, k.eps)
            : f(o[0]!, o[1]!, o[2]!, n, k.c, k.eps, wd),
        );
      });
    },
    rmsprop(
      p: FloatVec,
      g: FloatVec,
      r: FloatVec,
      mean: FloatVec,
      buf: FloatVec,
      k: RmspropCoefs,
      decay,
    ) {
      if (p.length < WASM_OPTIM_MIN || mean.length !== 0)
        return jsOptimKernels.rmsprop(p, g, r, mean, buf, k, decay);
      const x = sfx(p);
      const q = k.epsInSqrt ? 'In' : 'Out';
      const hasBuf = buf.length !== 0;
      const mode = !hasBuf ? 'none' : k.nesterov ? 'nesterov' : 'buffer';
      const a = 1 - k.rho;
      forEachPiece(p.length, decay, (s, e, on) => {
        const wd = on ? k.wd : 0;
        const f = fn[`rmsprop${wd === 0 ? '' : 'Full'}${q}_${mode}${x}`]!;
        const sc = [k.rho, a, k.eps, k.c];
        if (hasBuf) sc.push(k.momentum);
        if (wd !== 0) sc.push(wd);
        if (hasBuf)
          staged([p, g, r, buf], [true, false, true, true], s, e, (o, n) =>
            f(o[0]!, o[1]!, o[2]!, o[3]!, n, ...sc),
          );
        else
          staged([p, g, r], [true, false, true], s, e, (o, n) => f(o[0]!, o[1]!, o[2]!, n, ...sc));
      });
    },
    adam(p: FloatVec, g: FloatVec, m: FloatVec, v: FloatVec, vMax: FloatVec, k: AdamCoefs, decay) {
      if (p.length < WASM_OPTIM_MIN || vMax.length !== 0)
        return jsOptimKernels.adam(p, g, m, v, vMax, k, decay);
      const x = sfx(p);
      const a1 = 1 - k.b1;
      const a2 = 1 - k.b2;
      forEachPiece(p.length, decay, (s, e, on) => {
        const wd = on ? k.wd : 0;
        const wdd = on ? k.wdd : 0;
        const plain = wd === 0 && wdd === 0 && k.epsRoot === 0;
        const f = plain ? fn[`adam${x}`]! : fn[`adamFull${x}`]!;
        staged([p, g, m, v], [true, false, true, true], s, e, (o, n) => {
          if (plain) f(o[0]!, o[1]!, o[2]!, o[3]!, n, k.b1, a1, k.b2, a2, k.c1, k.c2, k.eps, k.c);
          else
            f(
              ...[o[0]!, o[1]!, o[2]!, o[3]!, n, k.b1, a1, k.b2, a2, k.c1, k.c2, k.eps, k.c],
              wd,
              wdd,
              k.epsRoot,
            );
        });
      });
    },
  };
}
