/**
 * Every optimizer-kernel implementation (each backend in `availableBackends()`:
 * the TypeScript reference, WebAssembly, and native when it is built) against
 * (a) the composed transforms of `optim/` — the readable definition — and
 * (b) the reference loops. Driven through the named optimizers' fused `step`,
 * so the coefficients, the counts and the mask → ranges wiring are checked too.
 *
 * Tolerances:
 * - float64: bit-identical to the composed chain (same operations, same order).
 * - float32: the reference loops keep the update in a double where the chain
 *   rounds it to float32 between links, so kernel vs chain agree to 1e-6 of
 *   each value's magnitude plus its array's largest (θ and every state array,
 *   after 4 steps; see `worstRel`); the TypeScript
 *   and WebAssembly kernels are bit-identical to each other (the WebAssembly
 *   ones compute in float64 lanes and round where the reference rounds); any
 *   other implementation (native float32 lanes) agrees with the reference to
 *   the same 1e-6.
 */
import { describe, expect, it } from 'vitest';
import {
  adagrad,
  adam,
  adamw,
  applyUpdates,
  momentum,
  nesterov,
  type Optimizer,
  rmsprop,
  sgd,
} from '../optim/index.js';
import { Rng } from '../random/index.js';
import { availableBackends, backend, setBackend } from './index.js';
import { forEachPiece, rangesFromMask } from './optimKernels.js';
import { jsOptimKernels } from './optimReference.js';

type F = Float32Array | Float64Array;
type Make = (mask: Uint8Array | undefined) => Optimizer;

const CASES: Record<string, Make> = {
  sgd: () => sgd({ lr: 0.05 }),
  'sgd wd': (mask) => sgd({ lr: 0.05, weightDecay: 0.1, ...(mask ? { mask } : {}) }),
  momentum: () => momentum({ lr: 0.05 }),
  'momentum wd, scheduled μ': (mask) =>
    momentum({
      lr: 0.05,
      momentum: (k) => 0.5 + 0.1 * k,
      weightDecay: 0.1,
      ...(mask ? { mask } : {}),
    }),
  'nesterov wd': (mask) => nesterov({ lr: 0.05, weightDecay: 0.1, ...(mask ? { mask } : {}) }),
  adagrad: () => adagrad({ lr: 0.1 }),
  'adagrad wd': (mask) => adagrad({ lr: 0.1, weightDecay: 0.1, ...(mask ? { mask } : {}) }),
  rmsprop: () => rmsprop({ lr: 0.01 }),
  'rmsprop centred+momentum, ε outside': (mask) =>
    rmsprop({
      lr: 0.01,
      centered: true,
      momentum: 0.5,
      epsInSqrt: false,
      weightDecay: 0.1,
      ...(mask ? { mask } : {}),
    }),
  'rmsprop momentum wd': (mask) =>
    rmsprop({ lr: 0.01, momentum: 0.9, weightDecay: 0.1, ...(mask ? { mask } : {}) }),
  'rmsprop nesterov': (mask) =>
    rmsprop({ lr: 0.01, nesterov: true, weightDecay: 0.1, ...(mask ? { mask } : {}) }),
  adam: () => adam({ lr: 0.01 }),
  'adam wd, epsRoot': (mask) =>
    adam({ lr: 0.01, weightDecay: 0.1, epsRoot: 1e-12, ...(mask ? { mask } : {}) }),
  'adam amsgrad wd': (mask) =>
    adam({ lr: 0.01, amsgrad: true, weightDecay: 0.1, ...(mask ? { mask } : {}) }),
  'adamw, scheduled lr': (mask) =>
    adamw({ lr: (k) => 0.01 / (1 + k), weightDecay: 0.1, ...(mask ? { mask } : {}) }),
};

/** Lengths: below the WebAssembly threshold, odd, and across several staged chunks. */
const SIZES = [5, 1001, 2 * 4096 + 37];
const STEPS = 4;

/** The typed arrays of a state (and its counts, as one array), in a fixed order. */
function flatten(x: unknown, out: number[][] = [], counts: number[] = []): number[][] {
  if (typeof x === 'number') counts.push(x);
  else if (x instanceof Float32Array || x instanceof Float64Array) out.push(Array.from(x));
  else if (Array.isArray(x)) for (const y of x) flatten(y, out, counts);
  else if (x && typeof x === 'object')
    for (const k of Object.keys(x).sort()) flatten((x as Record<string, unknown>)[k], out, counts);
  return out;
}

function stateOf(s: unknown): number[][] {
  const counts: number[] = [];
  const arrays = flatten(s, [], counts);
  return [...arrays, counts];
}

/** A weights-and-biases-like mask: runs of 1 with short gaps of 0. */
function layerMask(n: number): Uint8Array {
  const m = new Uint8Array(n);
  for (let i = 0; i < n; i++) m[i] = i % 300 < 250 ? 1 : 0;
  return m;
}

function vec(n: number, dtype: 'float32' | 'float64', rng: Rng, scale: number): F {
  const x = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  rng.fillNormal(x, 0, scale);
  return x;
}

/** Runs `STEPS` steps; `fused` uses the optimizer's `step`, else update + applyUpdates. */
function run(make: Make, mask: boolean, n: number, dtype: 'float32' | 'float64', fused: boolean) {
  const rng = new Rng(n + (mask ? 1 : 0));
  const opt = make(mask ? layerMask(n) : undefined);
  const p = vec(n, dtype, rng, 1);
  const s = opt.init(p);
  for (let t = 0; t < STEPS; t++) {
    const g = vec(n, dtype, rng, 0.5);
    if (fused) opt.step!(p, g, s);
    else {
      opt.update(g, s, p);
      applyUpdates(p, g);
    }
  }
  return { p: [Array.from(p)], s: stateOf(s) };
}

/**
 * The worst |a − b| / (max(|a|, |b|) + max|array|) over arrays of values: a
 * relative error with a floor at the array's scale (an update that rounds
 * differently moves a value near 0 by a few ulps of the step, not of itself).
 */
function worstRel(a: number[][], b: number[][]): number {
  expect(a.length).toBe(b.length);
  let w = 0;
  for (let j = 0; j < a.length; j++) {
    const x = a[j]!;
    const y = b[j]!;
    expect(x.length).toBe(y.length);
    let scale = 0;
    for (const v of x) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < x.length; i++) {
      const d = Math.abs(x[i]! - y[i]!);
      if (d !== 0) w = Math.max(w, d / (Math.max(Math.abs(x[i]!), Math.abs(y[i]!)) + scale));
    }
  }
  return w;
}

const EXACT = new Set(['js', 'wasm']);

describe('optimizer kernels: every backend against the composed transforms', () => {
  const backends = availableBackends();

  it('the registry offers the TypeScript reference and (with SIMD) WebAssembly', () => {
    expect(backends[0]!.name).toBe('js');
    expect(backends[0]!.optim).toBe(jsOptimKernels);
    if (typeof WebAssembly === 'object') expect(backends.map((b) => b.name)).toContain('wasm');
  });

  for (const be of backends) {
    for (const [name, make] of Object.entries(CASES)) {
      for (const mask of [false, true]) {
        if (mask && !/wd|adamw/.test(name)) continue;
        const label = `${be.name}: ${name}${mask ? ' (masked decay)' : ''}`;
        it(`${label}, float64: bit-identical to the composed chain`, () => {
          const prev = setBackend(be);
          try {
            for (const n of SIZES) {
              const chainR = run(make, mask, n, 'float64', false);
              const fused = run(make, mask, n, 'float64', true);
              expect(fused.p).toEqual(chainR.p);
              expect(fused.s).toEqual(chainR.s);
            }
          } finally {
            setBackend(prev);
          }
        });
        it(`${label}, float32: within 1e-6 of the chain, and of (or equal to) the reference`, () => {
          for (const n of SIZES) {
            const chainR = run(make, mask, n, 'float32', false);
            const prev = setBackend(backends[0]!);
            const ref = run(make, mask, n, 'float32', true);
            setBackend(be);
            const got = run(make, mask, n, 'float32', true);
            setBackend(prev);
            expect(worstRel(got.p, chainR.p)).toBeLessThanOrEqual(1e-6);
            expect(worstRel(got.s, chainR.s)).toBeLessThanOrEqual(1e-6);
            if (EXACT.has(be.name)) {
              expect(got.p).toEqual(ref.p);
              expect(got.s).toEqual(ref.s);
            } else {
              expect(worstRel(got.p, ref.p)).toBeLessThanOrEqual(1e-6);
              expect(worstRel(got.s, ref.s)).toBeLessThanOrEqual(1e-6);
            }
          }
        });
      }
    }
  }

  it('the float32 chain and the fused reference do differ somewhere (so the tolerance is needed)', () => {
    const prev = setBackend(backends[0]!);
    const a = run(CASES.momentum!, false, 1001, 'float32', true);
    setBackend(prev);
    const b = run(CASES.momentum!, false, 1001, 'float32', false);
    expect(a.p).not.toEqual(b.p);
    expect(backend()).toBe(prev);
  });
});

describe('optimizer kernels called directly (variants no named optimizer uses)', () => {
  for (const be of availableBackends()) {
    it(`${be.name}: adagrad with δ inside and outside the root, masked, equals the reference`, () => {
      const k = be.optim ?? jsOptimKernels;
      for (const dtype of ['float32', 'float64'] as const) {
        for (const epsInSqrt of [false, true]) {
          const n = 3000;
          const rng = new Rng(9);
          const p = vec(n, dtype, rng, 1);
          const r = vec(n, dtype, rng, 1).map(Math.abs);
          const p2 = p.slice();
          const r2 = r.slice();
          const decay = rangesFromMask(layerMask(n));
          for (let t = 0; t < 3; t++) {
            const g = vec(n, dtype, rng, 0.5);
            const c = { c: -0.1, eps: 1e-3, epsInSqrt, wd: 0.2 };
            k.adagrad(p, g, r, c, decay);
            jsOptimKernels.adagrad(p2, g, r2, c, decay);
          }
          const same = EXACT.has(be.name) || dtype === 'float64';
          if (same) {
            expect(Array.from(p)).toEqual(Array.from(p2));
            expect(Array.from(r)).toEqual(Array.from(r2));
          } else {
            expect(
              worstRel([Array.from(p), Array.from(r)], [Array.from(p2), Array.from(r2)]),
            ).toBeLessThanOrEqual(1e-6);
          }
        }
      }
    });
  }
});

describe('decay ranges', () => {
  it('rangesFromMask is the run-length encoding of the mask', () => {
    expect(Array.from(rangesFromMask([0, 1, 1, 0, 0, 1]))).toEqual([1, 3, 5, 6]);
    expect(Array.from(rangesFromMask([1, 1]))).toEqual([0, 2]);
    expect(Array.from(rangesFromMask([false, false]))).toEqual([]);
  });

  it('forEachPiece covers [0, n) in order, on exactly inside the ranges', () => {
    for (const mask of [
      [0, 1, 1, 0, 0, 1],
      [1, 1, 1],
      [0, 0],
      [1, 0, 1, 0],
    ]) {
      const seen: number[] = [];
      forEachPiece(mask.length, rangesFromMask(mask), (s, e, on) => {
        expect(e).toBeGreaterThan(s);
        for (let i = s; i < e; i++) seen.push(on ? 1 : 0);
      });
      expect(seen).toEqual(mask);
    }
    const all: [number, number, boolean][] = [];
    forEachPiece(4, null, (s, e, on) => all.push([s, e, on]));
    expect(all).toEqual([[0, 4, true]]);
  });
});
