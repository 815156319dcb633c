/**
 * Fused optimizer steps over vectors that live in WebAssembly memory
 * (`WasmVec`): θ, g and the state are updated in place in one SIMD pass, with
 * no copying. (For vectors in ordinary JavaScript memory — what `fit` uses —
 * see optimStaged.ts, the `wasm` backend's implementation of the
 * optimizer-kernel interface.) These functions take the coefficient records of
 * `../optimKernels.ts` and perform the floating-point operations of the
 * reference loops (`../optimReference.ts`) in the same order, so:
 *
 * - float64 vectors: bit-identical to the reference loops;
 * - float32 vectors (default `precision: 'exact'`): computed in float64 lanes
 *   and rounded on store exactly where the reference rounds, so also
 *   bit-identical to it; `precision: 'fast'` (Adam only) computes in float32
 *   lanes as PyTorch does (differences of a few float32 ulps).
 *
 * The general (weight-decay / epsRoot / nesterov) kernels use x + 0·θ where the
 * reference loops skip a term, which is the same value for finite θ.
 * AMSGrad is not implemented here (use the reference loop).
 *
 * All vectors of one call must come from the same runtime, have the same dtype
 * and the same length, and not be freed; checked on every call (O(1)).
 */
import type { AdamCoefs } from '../optimKernels.js';
import type { WasmVec } from './runtime.js';

/** Coefficients of one Adam/AdamW step: the interface's `AdamCoefs`. */
export type WasmAdamCoefs = AdamCoefs;

export interface WasmAdamOptions {
  /** float32 only: 'exact' (default) computes in float64 lanes; 'fast' in float32 lanes */
  precision?: 'exact' | 'fast';
}

function check(name: string, vs: readonly WasmVec[]): { sfx: string; groups: number } {
  const v0 = vs[0]!;
  for (const v of vs) {
    if (v.isFreed) throw new Error(`${name}: a vector was used after free()`);
    if (v.runtime !== v0.runtime)
      throw new TypeError(`${name}: all vectors must come from the same WasmRuntime`);
    if (v.dtype !== v0.dtype)
      throw new TypeError(`${name}: dtypes differ (${v0.dtype} and ${v.dtype})`);
    if (v.length !== v0.length)
      throw new RangeError(`${name}: lengths differ (${v0.length} and ${v.length})`);
  }
  const esz = v0.dtype === 'float32' ? 4 : 8;
  return {
    sfx: v0.dtype === 'float32' ? '_f32' : '_f64',
    groups: Math.ceil((v0.length * esz) / 16),
  };
}

/**
 * One Adam step in place: g' = g + wd·θ; m ← b1·m + (1−b1)·g'; v ← b2·v + (1−b2)·g'²;
 * θ ← θ + c·(m·c1/(√(v·c2 + epsRoot) + eps) + wdd·θ)  (Kingma & Ba 2015, Algorithm 1;
 * ε outside the root as in PyTorch and Optax).
 */
export function wasmAdamStep(
  p: WasmVec,
  g: WasmVec,
  m: WasmVec,
  v: WasmVec,
  k: WasmAdamCoefs,
  o: WasmAdamOptions = {},
): void {
  const { sfx, groups } = check('wasmAdamStep', [p, g, m, v]);
  const fn = p.runtime.fn;
  const plain = k.wd === 0 && k.wdd === 0 && k.epsRoot === 0;
  const args = [
    p.offset,
    g.offset,
    m.offset,
    v.offset,
    groups,
    k.b1,
    1 - k.b1,
    k.b2,
    1 - k.b2,
    k.c1,
    k.c2,
    k.eps,
    k.c,
  ];
  if (o.precision === 'fast' && plain) fn[`adamFast${sfx}`]!(...args);
  else if (plain) fn[`adam${sfx}`]!(...args);
  else fn[`adamFull${sfx}`]!(...args, k.wd, k.wdd, k.epsRoot);
}

/** One SGD step in place: θ ← θ + c·(g + wd·θ), c = −ε_k. */
export function wasmSgdStep(p: WasmVec, g: WasmVec, c: number, wd = 0): void {
  const { sfx, groups } = check('wasmSgdStep', [p, g]);
  if (wd === 0) p.runtime.fn[`sgd${sfx}`]!(p.offset, g.offset, groups, c);
  else p.runtime.fn[`sgdFull${sfx}`]!(p.offset, g.offset, groups, c, wd);
}

/**
 * One momentum step in place (the rate inside v, as the book writes it):
 * u = c·(g + wd·θ); v ← μv + u; θ ← θ + v (heavy ball) or θ ← θ + μv + u (nesterov).
 */
export function wasmMomentumStep(
  p: WasmVec,
  g: WasmVec,
  v: WasmVec,
  mu: number,
  c: number,
  wd = 0,
  nesterov = false,
): void {
  const { sfx, groups } = check('wasmMomentumStep', [p, g, v]);
  const fn = p.runtime.fn;
  if (nesterov) fn[`nesterovFull${sfx}`]!(p.offset, g.offset, v.offset, groups, mu, c, wd);
  else if (wd === 0) fn[`momentum${sfx}`]!(p.offset, g.offset, v.offset, groups, mu, c);
  else fn[`momentumFull${sfx}`]!(p.offset, g.offset, v.offset, groups, mu, c, wd);
}
