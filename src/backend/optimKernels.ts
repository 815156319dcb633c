/**
 * The optimizer-kernel interface: one fused pass per step over θ, ∇θ and the
 * rule's state, in place. The composed transforms of `optim/` (`scaleByAdam`,
 * `trace`, `addWeightDecay`, …) are the readable definition of each rule; these
 * kernels compute the same thing in one loop over memory, and every backend
 * (TypeScript, WebAssembly, native) implements this one interface. The
 * coefficients that change per step (bias corrections, scheduled rate, momentum
 * and decay) are computed ONCE per step in TypeScript by the optimizer layer and
 * passed in a coefficient record; kernels never see a schedule or a step count.
 *
 * ## Calling convention (every kernel)
 *
 * `kernel(p, g, ...state, k, decay)`:
 * - `p` θ — READ AND WRITTEN in place.
 * - `g` ∇θ — READ ONLY (never written).
 * - `state` arrays (m, v, …) — read and written in place; an optional state
 *   array (AMSGrad's vMax, RMSProp's mean and buffer) has length 0 when unused.
 * - `k` the coefficient record for this step (plain numbers and booleans).
 * - `decay` the elements that weight decay touches: `null` = every element, else
 *   {@link DecayRanges}. Elsewhere `wd` and `wdd` are taken as 0 — exactly as the
 *   composed `addWeightDecay(wd, {mask})` skips them (so a weights-only AdamW is
 *   still ONE pass: the kernel walks the ranges in order, one loop each).
 *
 * ## Dtype rules
 * All arrays of one call have the same dtype (`Float32Array` or `Float64Array`)
 * and the same length n (optional state: n or 0). The caller guarantees this
 * (the optimizer layer checks once at init); kernels may assume it.
 * - float64: arithmetic in float64, in EXACTLY the order written in each
 *   kernel's TSDoc below (no FMA contraction, IEEE `sqrt` and division). Then
 *   every implementation is bit-identical to the reference loops of this file.
 * - float32: the reference computes each element in float64 and rounds to
 *   float32 only when it STORES (state and θ), re-reading a stored value where
 *   the formula below says "stored". An implementation that does the same is
 *   bit-identical (the WebAssembly one is). An implementation may instead
 *   compute in float32 lanes (PyTorch's way, for speed); it must then agree with
 *   the reference to a few float32 ulps per step (the test allows a relative
 *   difference of 1e-6 on θ and on each state array after several steps).
 *
 * ## Determinism
 * Each element's result depends on that element only (no reduction), so
 * splitting the range among threads or SIMD lanes or chunks changes nothing:
 * the same inputs give the same bits for every thread count.
 *
 * ## Masks
 * {@link DecayRanges} is a flat `Int32Array` [s₀, e₀, s₁, e₁, …] of half-open
 * ranges, sorted, disjoint, non-empty, 0 ≤ s < e ≤ n. `rangesFromMask` turns a
 * per-element 0/1 mask into it once, at init.
 *
 * Reference implementation: `jsOptimKernels` below (the plain loops). Each
 * kernel's TSDoc gives its arithmetic, in evaluation order, with
 * `wd`/`wdd` = the record's value inside a decay range and 0 outside.
 */

/** A flat float vector: θ, ∇θ or a state array. */
export type FloatVec = Float32Array | Float64Array;

/** Sorted disjoint half-open index ranges as flat pairs [s₀, e₀, s₁, e₁, …]. */
export type DecayRanges = Int32Array;

/** SGD: c = −ε_k (the signed rate), wd = coupled L2. */
export interface SgdCoefs {
  c: number;
  wd: number;
}

/** Momentum (the rate inside v, as the book writes it). */
export interface MomentumCoefs {
  /** μ_k */
  mu: number;
  /** −ε_k */
  c: number;
  /** coupled L2 */
  wd: number;
  /** look-ahead (Nesterov) form */
  nesterov: boolean;
}

/** AdaGrad. */
export interface AdagradCoefs {
  /** −ε_k */
  c: number;
  /** δ */
  eps: number;
  /** true: d = √(r + δ); false: d = δ + √r (the book's, PyTorch's) */
  epsInSqrt: boolean;
  /** coupled L2 */
  wd: number;
}

/** RMSProp (plain, centred, with a PyTorch momentum buffer, or Nesterov look-ahead). */
export interface RmspropCoefs {
  /** ρ */
  rho: number;
  /** δ */
  eps: number;
  /** true: d = √(v + δ) (the book's); false: d = √v + δ (PyTorch's) */
  epsInSqrt: boolean;
  /** −ε_k */
  c: number;
  /** coupled L2 */
  wd: number;
  /** μ_k of the buffer (read only when `buf.length > 0`) */
  momentum: number;
  /** with a buffer — false: PyTorch's b ← μb + u, θ ← θ + c·b; true: look-ahead after the rate */
  nesterov: boolean;
}

/** Adam / AdamW / AMSGrad. */
export interface AdamCoefs {
  b1: number;
  b2: number;
  /** 1/(1 − b1ᵗ) */
  c1: number;
  /** 1/(1 − b2ᵗ) */
  c2: number;
  eps: number;
  /** ε inside the square root (Optax's eps_root); 0 for Adam */
  epsRoot: number;
  /** −ε_k, the signed learning rate */
  c: number;
  /** coupled L2 decay, added to g */
  wd: number;
  /** decoupled decay (AdamW), added to the direction before the rate */
  wdd: number;
}

/** One implementation of every fused optimizer step. */
export interface OptimKernels {
  /** 'js', 'wasm', 'native' */
  readonly name: string;
  /**
   * g' = g + wd·θ;  θ ← θ + g'·c.
   * (wd = 0: θ ← θ + g·c.)
   */
  sgd(p: FloatVec, g: FloatVec, k: SgdCoefs, decay: DecayRanges | null): void;
  /**
   * u = (g + wd·θ)·c  (wd = 0: u = g·c);  v ← μ·v + u (stored);
   * heavy ball: θ ← θ + v(stored);  nesterov: θ ← θ + (μ·v(stored) + u).
   */
  momentum(
    p: FloatVec,
    g: FloatVec,
    v: FloatVec,
    k: MomentumCoefs,
    decay: DecayRanges | null,
  ): void;
  /**
   * g' = g + wd·θ;  r ← r + g'·g' (stored);
   * d = √(r(stored) + δ) if epsInSqrt else δ + √r(stored);  θ ← θ + (g'/d)·c.
   */
  adagrad(p: FloatVec, g: FloatVec, r: FloatVec, k: AdagradCoefs, decay: DecayRanges | null): void;
  /**
   * g' = g + wd·θ;  r ← ρ·r + (1 − ρ)·(g'·g') (stored);  w = r(stored);
   * centred (`mean.length > 0`): m ← ρ·m + (1 − ρ)·g' (stored), w = w − m(stored)·m(stored);
   * d = √(w + δ) if epsInSqrt else √w + δ;  u = g'/d;
   * no buffer (`buf.length === 0`): θ ← θ + u·c;
   * buffer, !nesterov: b ← μ·b + u (stored); θ ← θ + b(stored)·c;
   * buffer, nesterov: u' = u·c; b ← μ·b + u' (stored); θ ← θ + (μ·b(stored) + u').
   * (1 − ρ) is computed once as a double.
   */
  rmsprop(
    p: FloatVec,
    g: FloatVec,
    r: FloatVec,
    mean: FloatVec,
    buf: FloatVec,
    k: RmspropCoefs,
    decay: DecayRanges | null,
  ): void;
  /**
   * a1 = 1 − b1, a2 = 1 − b2 (doubles, once per call);
   * g' = g + wd·θ;  m ← b1·m + a1·g' (stored);  v ← b2·v + a2·(g'·g') (stored);
   * w = v(stored); AMSGrad (`vMax.length > 0`): if w < vMax then w = vMax else vMax ← w;
   * u = (m(stored)·c1)/(√(w·c2 + epsRoot) + eps);  u = u + wdd·θ (when wdd ≠ 0);
   * θ ← θ + u·c.
   * Bit-identity note: with wd = wdd = epsRoot = 0 and no AMSGrad the terms are
   * skipped, not added as 0 (x + 0·θ equals x for finite θ, so this only
   * matters for non-finite θ).
   */
  adam(
    p: FloatVec,
    g: FloatVec,
    m: FloatVec,
    v: FloatVec,
    vMax: FloatVec,
    k: AdamCoefs,
    decay: DecayRanges | null,
  ): void;
}

/** The ranges where `mask` is non-zero (run-length encoding, computed once). */
export function rangesFromMask(mask: ArrayLike<number | boolean>): DecayRanges {
  const out: number[] = [];
  let start = -1;
  for (let i = 0; i < mask.length; i++) {
    const on = mask[i] !== 0 && mask[i] !== false;
    if (on && start < 0) start = i;
    else if (!on && start >= 0) {
      out.push(start, i);
      start = -1;
    }
  }
  if (start >= 0) out.push(start, mask.length);
  return Int32Array.from(out);
}

/**
 * Calls `body(start, end, on)` for the consecutive pieces of [0, n): `on` is
 * true inside a decay range (every piece is on when `decay` is null). Pieces
 * are visited in index order, so one kernel call is still one pass.
 */
export function forEachPiece(
  n: number,
  decay: DecayRanges | null,
  body: (start: number, end: number, on: boolean) => void,
): void {
  if (decay === null) {
    if (n > 0) body(0, n, true);
    return;
  }
  let at = 0;
  for (let j = 0; j + 1 < decay.length; j += 2) {
    const s = decay[j]!;
    const e = decay[j + 1]!;
    if (s > at) body(at, s, false);
    body(s, e, true);
    at = e;
  }
  if (at < n) body(at, n, false);
}
