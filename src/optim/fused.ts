/**
 * Fused single-pass kernels for the hot optimizers (sgd, momentum/nesterov,
 * adam/adamw): θ is updated from g in ONE loop over memory instead of one loop
 * per link of the chain plus `applyUpdates`. Each performs exactly the
 * floating-point operations of its chain, in the same order, so in float64 the
 * result is bit-identical to `update` + `applyUpdates` (tested); in float32 it
 * is slightly MORE accurate, since the chain rounds the intermediate update to
 * float32 between links and the fused loop keeps it in a double.
 *
 * Coefficients: `c` = −ε_k (the signed learning rate), `wd` coupled L2 (added to
 * g first), `wdd` decoupled (added to the direction before the rate).
 */
import type { WasmAdamCoefs as FusedAdamCoefs } from '../backend/wasm/optim.js';
import type { Vec } from './types.js';

/** θ ← θ + c·(g + wd·θ). */
export function fusedSgd(p: Vec, g: Vec, c: number, wd: number): void {
  const n = p.length;
  if (wd === 0) {
    for (let i = 0; i < n; i++) p[i] = p[i]! + g[i]! * c;
  } else {
    for (let i = 0; i < n; i++) {
      const pi = p[i]!;
      p[i] = pi + (g[i]! + wd * pi) * c;
    }
  }
}

/**
 * Book momentum with the rate inside v: u = c·(g + wd·θ); v ← μv + u;
 * θ ← θ + v (heavy ball) or θ ← θ + μv + u (nesterov, look-ahead form).
 */
export function fusedMomentum(
  p: Vec,
  g: Vec,
  v: Vec,
  mu: number,
  c: number,
  wd: number,
  nesterov: boolean,
): void {
  const n = p.length;
  if (wd === 0 && !nesterov) {
    // the common case, kept branch-free
    for (let i = 0; i < n; i++) {
      const vi = mu * v[i]! + g[i]! * c;
      v[i] = vi;
      p[i] = p[i]! + v[i]!;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const pi = p[i]!;
    const u = (wd === 0 ? g[i]! : g[i]! + wd * pi) * c;
    v[i] = mu * v[i]! + u;
    p[i] = pi + (nesterov ? mu * v[i]! + u : v[i]!);
  }
}

/** Coefficients of one fused Adam/AdamW step; one definition, in the backend that also runs it in WebAssembly. */
export type { WasmAdamCoefs as FusedAdamCoefs } from '../backend/wasm/optim.js';

/** Adam/AdamW (amsgrad when `vMax` is non-empty) in one pass. */
export function fusedAdam(p: Vec, g: Vec, m: Vec, v: Vec, vMax: Vec, k: FusedAdamCoefs): void {
  const { b1, b2, c1, c2, eps, epsRoot, c, wd, wdd } = k;
  const a1 = 1 - b1;
  const a2 = 1 - b2;
  const n = p.length;
  if (vMax.length === 0 && wd === 0 && wdd === 0 && epsRoot === 0) {
    // the common case, kept branch-free
    for (let i = 0; i < n; i++) {
      const gi = g[i]!;
      const mi = b1 * m[i]! + a1 * gi;
      const vi = b2 * v[i]! + a2 * (gi * gi);
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i]! + ((mi * c1) / (Math.sqrt(vi * c2) + eps)) * c;
    }
    return;
  }
  const ams = vMax.length !== 0;
  for (let i = 0; i < n; i++) {
    const pi = p[i]!;
    const gi = wd === 0 ? g[i]! : g[i]! + wd * pi;
    m[i] = b1 * m[i]! + a1 * gi;
    v[i] = b2 * v[i]! + a2 * (gi * gi);
    let vi = v[i]!;
    if (ams) {
      if (vi < vMax[i]!) vi = vMax[i]!;
      else vMax[i] = vi;
    }
    let u = (m[i]! * c1) / (Math.sqrt(vi * c2 + epsRoot) + eps);
    if (wdd !== 0) u = u + wdd * pi;
    p[i] = pi + u * c;
  }
}
