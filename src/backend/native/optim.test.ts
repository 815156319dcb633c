/**
 * The native optimizer kernels against the reference loops (`jsOptimKernels`)
 * of the optimizer-kernel contract: every rule and variant, both dtypes, with
 * and without decay ranges, several steps, on 1 and 2 threads with vectors
 * long enough to be split.
 *
 * How close: bit for bit (float64 and float32), except float32 Adam, which
 * computes in float32 lanes — relative 1e-6 on θ and every state array after
 * the steps (the contract's tolerance).
 */
import { describe, expect } from 'vitest';
import { Rng } from '../../random/index.js';
import type { FloatVec, OptimKernels } from '../optimKernels.js';
import { rangesFromMask } from '../optimKernels.js';
import { jsOptimKernels } from '../optimReference.js';
import { nativeOptimKernels } from './optim.js';
import { addon, itNative, withSettings } from './testAddon.test-util.js';

type Case = {
  name: string;
  state: number; // number of state arrays used
  step(
    k: OptimKernels,
    p: FloatVec,
    g: FloatVec,
    s: FloatVec[],
    t: number,
    d: Int32Array | null,
  ): void;
};

const empty = (f32: boolean) => (f32 ? new Float32Array(0) : new Float64Array(0));

const adamK = (t: number, extra: Partial<{ wd: number; wdd: number; epsRoot: number }> = {}) => ({
  b1: 0.9,
  b2: 0.999,
  c1: 1 / (1 - 0.9 ** t),
  c2: 1 / (1 - 0.999 ** t),
  eps: 1e-8,
  epsRoot: 0,
  c: -1e-2,
  wd: 0,
  wdd: 0,
  ...extra,
});

const cases: Case[] = [
  { name: 'sgd', state: 0, step: (k, p, g, _s, _t, d) => k.sgd(p, g, { c: -0.1, wd: 0 }, d) },
  {
    name: 'sgd + wd',
    state: 0,
    step: (k, p, g, _s, _t, d) => k.sgd(p, g, { c: -0.1, wd: 0.01 }, d),
  },
  ...[false, true].flatMap((nesterov) =>
    [0, 0.01].map(
      (wd): Case => ({
        name: `momentum nesterov=${nesterov} wd=${wd}`,
        state: 1,
        step: (k, p, g, s, _t, d) =>
          k.momentum(p, g, s[0]!, { mu: 0.9, c: -0.05, wd, nesterov }, d),
      }),
    ),
  ),
  ...[false, true].map(
    (epsInSqrt): Case => ({
      name: `adagrad epsInSqrt=${epsInSqrt}`,
      state: 1,
      step: (k, p, g, s, _t, d) =>
        k.adagrad(p, g, s[0]!, { c: -0.1, eps: 1e-7, epsInSqrt, wd: 0.01 }, d),
    }),
  ),
  ...[
    { centred: false, momentum: 0, nesterov: false, epsInSqrt: true },
    { centred: true, momentum: 0, nesterov: false, epsInSqrt: false },
    { centred: false, momentum: 0.9, nesterov: false, epsInSqrt: false },
    { centred: true, momentum: 0.9, nesterov: true, epsInSqrt: true },
  ].map(
    (o): Case => ({
      name: `rmsprop ${JSON.stringify(o)}`,
      state: 3,
      step: (k, p, g, s, _t, d) => {
        const f32 = p instanceof Float32Array;
        k.rmsprop(
          p,
          g,
          s[0]!,
          o.centred ? s[1]! : empty(f32),
          o.momentum ? s[2]! : empty(f32),
          {
            rho: 0.9,
            eps: 1e-6,
            epsInSqrt: o.epsInSqrt,
            c: -0.01,
            wd: 0.001,
            momentum: o.momentum,
            nesterov: o.nesterov,
          },
          d,
        );
      },
    }),
  ),
  {
    name: 'adam',
    state: 2,
    step: (k, p, g, s, t, d) =>
      k.adam(p, g, s[0]!, s[1]!, empty(p instanceof Float32Array), adamK(t), d),
  },
  {
    name: 'adamw + epsRoot',
    state: 2,
    step: (k, p, g, s, t, d) =>
      k.adam(
        p,
        g,
        s[0]!,
        s[1]!,
        empty(p instanceof Float32Array),
        adamK(t, { wdd: 0.01, epsRoot: 1e-12 }),
        d,
      ),
  },
  {
    name: 'amsgrad + wd',
    state: 3,
    step: (k, p, g, s, t, d) => k.adam(p, g, s[0]!, s[1]!, s[2]!, adamK(t, { wd: 0.01 }), d),
  },
];

function run(c: Case, k: OptimKernels, n: number, f32: boolean, decay: Int32Array | null) {
  const r = new Rng(42);
  const make = () => (f32 ? new Float32Array(n) : new Float64Array(n));
  const p = make();
  r.fillNormal(p);
  const s = [make(), make(), make()];
  const g = make();
  for (let t = 1; t <= 4; t++) {
    r.fillNormal(g);
    c.step(k, p, g, s, t, decay);
  }
  return [p, ...s];
}

/**
 * tol = 0: bit for bit. Else the contract's measure (as optimKernels.test.ts):
 * |x − y| ≤ tol·(max(|x|, |y|) + the array's largest |x|).
 */
function compare(got: FloatVec[], want: FloatVec[], tol: number, what: string) {
  for (let a = 0; a < want.length; a++) {
    let scale = 0;
    for (const v of got[a]!) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < want[a]!.length; i++) {
      const x = got[a]![i]!;
      const y = want[a]![i]!;
      const ok =
        tol === 0
          ? Object.is(x, y)
          : Math.abs(x - y) <= tol * (Math.max(Math.abs(x), Math.abs(y)) + scale);
      if (!ok) throw new Error(`${what}: array ${a} [${i}] native ${x} vs reference ${y}`);
    }
  }
}

describe('native optimizer kernels', () => {
  const native = addon ? nativeOptimKernels(addon) : null;
  for (const c of cases)
    itNative(
      `${c.name}: equals the reference loops, both dtypes, with and without decay ranges`,
      () => {
        for (const f32 of [false, true]) {
          const n = 1003;
          const mask = Array.from({ length: n }, (_, i) => (i % 100 < 60 ? 1 : 0));
          for (const decay of [null, rangesFromMask(mask)]) {
            const want = run(c, jsOptimKernels, n, f32, decay);
            const got = run(c, native!, n, f32, decay);
            const tol =
              (f32 && c.name.startsWith('adam')) || (f32 && c.name.startsWith('amsgrad'))
                ? 1e-6
                : 0;
            compare(got, want, tol, `${c.name} f32=${f32} decay=${decay !== null}`);
          }
        }
      },
    );

  itNative('long vectors split across threads give the same bits as one thread, and twice', () => {
    const n = 150_001; // > 2 chunks of 2^16, not a multiple of 16
    const mask = Array.from({ length: n }, (_, i) => ((i >> 12) % 3 === 0 ? 1 : 0));
    for (const f32 of [true, false])
      for (const c of [cases.find((x) => x.name === 'adamw + epsRoot')!, cases[3]!]) {
        const decay = rangesFromMask(mask);
        const one = withSettings(addon!, { threads: 1 }, () => run(c, native!, n, f32, decay));
        const two = withSettings(addon!, { threads: 2 }, () => run(c, native!, n, f32, decay));
        const again = withSettings(addon!, { threads: 2 }, () => run(c, native!, n, f32, decay));
        compare(two, one, 0, `${c.name} threads f32=${f32}`);
        compare(again, two, 0, `${c.name} repeat f32=${f32}`);
        if (!f32) compare(two, run(c, jsOptimKernels, n, f32, decay), 0, `${c.name} vs reference`);
      }
  });

  itNative('refuses a state array of the wrong length or dtype', () => {
    const p = new Float64Array(10);
    expect(() =>
      native!.momentum(p, p, new Float64Array(3), { mu: 0.9, c: -1, wd: 0, nesterov: false }, null),
    ).toThrow(/state array does not match/);
    expect(() =>
      native!.sgd(p, new Float32Array(10) as unknown as Float64Array, { c: -1, wd: 0 }, null),
    ).toThrow(/must match θ/);
  });
});

describe('native float32 Adam and subnormals', () => {
  const native = addon ? nativeOptimKernels(addon) : null;
  itNative(
    'flushes subnormal moments to zero (within the contract), float64 keeps them, and the thread’s FP mode is restored',
    () => {
      // a zero gradient (a dead unit) leaves m to decay by β₁ per step: start in the subnormal range
      const n = 4099;
      const rng = new Rng(9);
      for (const f32 of [true, false]) {
        const mk = () => (f32 ? new Float32Array(n) : new Float64Array(n));
        const [p, g, m, v] = [mk(), mk(), mk(), mk()];
        for (let i = 0; i < n; i++) {
          p[i] = rng.normal();
          g[i] = i % 2 === 0 ? 0 : rng.normal() * 1e-3;
          m[i] = i % 2 === 0 ? (f32 ? 3e-39 : 3e-309) * (1 + (i % 3)) : rng.normal() * 1e-4;
          v[i] = Math.abs(rng.normal()) * 1e-6;
        }
        const want = [p, g, m, v].map((a) => a.slice());
        const got = [p, g, m, v].map((a) => a.slice());
        for (let t = 1; t <= 3; t++) {
          jsOptimKernels.adam(want[0]!, want[1]!, want[2]!, want[3]!, empty(f32), adamK(t), null);
          native!.adam(got[0]!, got[1]!, got[2]!, got[3]!, empty(f32), adamK(t), null);
        }
        const gotM = got[2]!;
        let flushed = 0;
        for (let i = 0; i < n; i += 2) if (gotM[i] === 0) flushed++;
        if (f32) {
          expect(flushed).toBe(Math.ceil(n / 2)); // every subnormal moment became 0
          compare([got[0]!, got[2]!, got[3]!], [want[0]!, want[2]!, want[3]!], 1e-6, 'adam f32');
        } else {
          expect(flushed).toBe(0);
          compare([got[0]!, got[2]!, got[3]!], [want[0]!, want[2]!, want[3]!], 0, 'adam f64');
        }
      }
      // JavaScript arithmetic on this thread still produces subnormals afterwards
      const tiny = Number.MIN_VALUE * 2 ** 40;
      expect(tiny / 2 ** 20).toBeGreaterThan(0);
      expect(Math.fround(1e-40)).toBeGreaterThan(0);
    },
  );
});
