/**
 * `jsOptimKernels`: the reference implementation of the optimizer-kernel
 * interface (see optimKernels.ts for the contract) — plain TypeScript loops,
 * one pass over memory per step, arithmetic in doubles rounded on store. Every
 * other implementation (WebAssembly, native) is tested against these loops, and
 * these loops against the composed transforms of `optim/`.
 *
 * Each kernel walks the pieces of [0, n) given by the decay ranges in index
 * order, with weight decay on inside a range and off outside.
 */
import {
  type AdagradCoefs,
  type AdamCoefs,
  type DecayRanges,
  type FloatVec,
  forEachPiece,
  type MomentumCoefs,
  type OptimKernels,
  type RmspropCoefs,
  type SgdCoefs,
} from './optimKernels.js';

function sgdRange(p: FloatVec, g: FloatVec, s: number, e: number, c: number, wd: number): void {
  if (wd === 0) {
    for (let i = s; i < e; i++) p[i] = p[i]! + g[i]! * c;
  } else {
    for (let i = s; i < e; i++) {
      const pi = p[i]!;
      p[i] = pi + (g[i]! + wd * pi) * c;
    }
  }
}

function momentumRange(
  p: FloatVec,
  g: FloatVec,
  v: FloatVec,
  s: number,
  e: number,
  k: MomentumCoefs,
  wd: number,
): void {
  const { mu, c, nesterov } = k;
  if (wd === 0 && !nesterov) {
    // the common case, kept branch-free
    for (let i = s; i < e; i++) {
      v[i] = mu * v[i]! + g[i]! * c;
      p[i] = p[i]! + v[i]!;
    }
    return;
  }
  for (let i = s; i < e; i++) {
    const pi = p[i]!;
    const u = (wd === 0 ? g[i]! : g[i]! + wd * pi) * c;
    v[i] = mu * v[i]! + u;
    p[i] = pi + (nesterov ? mu * v[i]! + u : v[i]!);
  }
}

function adagradRange(
  p: FloatVec,
  g: FloatVec,
  r: FloatVec,
  s: number,
  e: number,
  k: AdagradCoefs,
  wd: number,
): void {
  const { c, eps, epsInSqrt } = k;
  for (let i = s; i < e; i++) {
    const pi = p[i]!;
    const gi = wd === 0 ? g[i]! : g[i]! + wd * pi;
    r[i] = r[i]! + gi * gi;
    const d = epsInSqrt ? Math.sqrt(r[i]! + eps) : eps + Math.sqrt(r[i]!);
    p[i] = pi + (gi / d) * c;
  }
}

function rmspropRange(
  p: FloatVec,
  g: FloatVec,
  r: FloatVec,
  mean: FloatVec,
  buf: FloatVec,
  s: number,
  e: number,
  k: RmspropCoefs,
  wd: number,
): void {
  const { rho, eps, epsInSqrt, c, momentum: mu, nesterov } = k;
  const a = 1 - rho;
  const centered = mean.length !== 0;
  const hasBuf = buf.length !== 0;
  for (let i = s; i < e; i++) {
    const pi = p[i]!;
    const gi = wd === 0 ? g[i]! : g[i]! + wd * pi;
    r[i] = rho * r[i]! + a * (gi * gi);
    let w = r[i]!;
    if (centered) {
      mean[i] = rho * mean[i]! + a * gi;
      const mi = mean[i]!;
      w = w - mi * mi;
    }
    const u = epsInSqrt ? gi / Math.sqrt(w + eps) : gi / (Math.sqrt(w) + eps);
    if (!hasBuf) p[i] = pi + u * c;
    else if (!nesterov) {
      buf[i] = mu * buf[i]! + u;
      p[i] = pi + buf[i]! * c;
    } else {
      const uc = u * c;
      buf[i] = mu * buf[i]! + uc;
      p[i] = pi + (mu * buf[i]! + uc);
    }
  }
}

function adamRange(
  p: FloatVec,
  g: FloatVec,
  m: FloatVec,
  v: FloatVec,
  vMax: FloatVec,
  s: number,
  e: number,
  k: AdamCoefs,
  wd: number,
  wdd: number,
): void {
  const { b1, b2, c1, c2, eps, epsRoot, c } = k;
  const a1 = 1 - b1;
  const a2 = 1 - b2;
  if (vMax.length === 0 && wd === 0 && wdd === 0 && epsRoot === 0) {
    // the common case, kept branch-free; "stored" values are the locals rounded
    // as the store rounds them (Math.fround for float32), not re-read from memory
    if (p instanceof Float32Array) {
      for (let i = s; i < e; i++) {
        const gi = g[i]!;
        const mi = Math.fround(b1 * m[i]! + a1 * gi);
        const vi = Math.fround(b2 * v[i]! + a2 * (gi * gi));
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i]! + ((mi * c1) / (Math.sqrt(vi * c2) + eps)) * c;
      }
    } else {
      for (let i = s; i < e; i++) {
        const gi = g[i]!;
        const mi = b1 * m[i]! + a1 * gi;
        const vi = b2 * v[i]! + a2 * (gi * gi);
        m[i] = mi;
        v[i] = vi;
        p[i] = p[i]! + ((mi * c1) / (Math.sqrt(vi * c2) + eps)) * c;
      }
    }
    return;
  }
  const ams = vMax.length !== 0;
  for (let i = s; i < e; i++) {
    const pi = p[i]!;
    const gi = wd === 0 ? g[i]! : g[i]! + wd * pi;
    m[i] = b1 * m[i]! + a1 * gi;
    v[i] = b2 * v[i]! + a2 * (gi * gi);
    let w = v[i]!;
    if (ams) {
      if (w < vMax[i]!) w = vMax[i]!;
      else vMax[i] = w;
    }
    let u = (m[i]! * c1) / (Math.sqrt(w * c2 + epsRoot) + eps);
    if (wdd !== 0) u = u + wdd * pi;
    p[i] = pi + u * c;
  }
}

/** The reference kernels: plain TypeScript loops (the `js` backend's). */
export const jsOptimKernels: OptimKernels = {
  name: 'js',
  sgd(p: FloatVec, g: FloatVec, k: SgdCoefs, decay: DecayRanges | null) {
    forEachPiece(p.length, decay, (s, e, on) => sgdRange(p, g, s, e, k.c, on ? k.wd : 0));
  },
  momentum(p, g, v, k, decay) {
    forEachPiece(p.length, decay, (s, e, on) => momentumRange(p, g, v, s, e, k, on ? k.wd : 0));
  },
  adagrad(p, g, r, k, decay) {
    forEachPiece(p.length, decay, (s, e, on) => adagradRange(p, g, r, s, e, k, on ? k.wd : 0));
  },
  rmsprop(p, g, r, mean, buf, k, decay) {
    forEachPiece(p.length, decay, (s, e, on) =>
      rmspropRange(p, g, r, mean, buf, s, e, k, on ? k.wd : 0),
    );
  },
  adam(p, g, m, v, vMax, k, decay) {
    forEachPiece(p.length, decay, (s, e, on) =>
      adamRange(p, g, m, v, vMax, s, e, k, on ? k.wd : 0, on ? k.wdd : 0),
    );
  },
};
