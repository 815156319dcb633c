/**
 * One shared suite over EVERY optimizer: state survives a JSON round trip and
 * the run continues bit-identically; a schedule is accepted; no NaN on a
 * standard problem (and the loss goes down); it REACHES the known minimum of a
 * well-conditioned quadratic within a tolerance and a budget chosen for it
 * (and a few reach Rosenbrock's); same inputs give the same bits; float32
 * parameters work; the fused path equals the chained one in float64.
 */
import { describe, expect, it } from 'vitest';
import { rosenbrock } from '../objectives/testFunctions.js';
import { adadelta } from './adadelta.js';
import { adamax } from './adamax.js';
import { chain, step } from './base.js';
import { deltaBarDelta } from './deltaBarDelta.js';
import { dlfsAdagrad, dlfsAdam, dlfsNesterov, dlfsRmsprop } from './dlfs.js';
import { skipNonFinite } from './finite.js';
import { lion } from './lion.js';
import { lookahead } from './lookahead.js';
import { multiSteps } from './multiSteps.js';
import { adagrad, adam, adamw, momentum, nadam, nesterov, rmsprop, sgd } from './optimizers.js';
import { partition } from './partition.js';
import { radam } from './radam.js';
import { exponential, linearDecay } from './schedules.js';
import { deserializeState, serializeState } from './serialize.js';
import type { AnyTransform, Hyper, Vec } from './types.js';

type Make = (lr: Hyper) => AnyTransform;

/**
 * How an optimizer reaches the minimum of QUADRATIC: its rate (a number or a
 * schedule), the number of updates, the tolerance on max|θᵢ − θ*ᵢ|, and its
 * coupled weight decay: that is the gradient of ½wd‖θ‖², so the minimum is
 * that of f + ½wd‖θ‖² (θ*ᵢ = aᵢcᵢ/(aᵢ + wd)). Decoupled decay (adamw) is no
 * penalty's gradient: its iterates settle within O(wd) of the minimum of f.
 */
interface Reach {
  lr: Hyper;
  steps: number;
  tol: number;
  coupledDecay?: number;
}

/** A decaying rate for the methods whose steps keep a size of their own (sign-like, centred). */
const decaying = () => exponential({ initial: 0.1, gamma: 0.995 });

const OPTIMIZERS: Record<string, { make: Make; lr: number; reach: Reach }> = {
  sgd: { make: (lr) => sgd({ lr }), lr: 1e-3, reach: { lr: 0.3, steps: 500, tol: 1e-12 } },
  'sgd+wd': {
    make: (lr) => sgd({ lr, weightDecay: 0.01 }),
    lr: 1e-3,
    reach: { lr: 0.3, steps: 500, tol: 1e-12, coupledDecay: 0.01 },
  },
  momentum: { make: (lr) => momentum({ lr }), lr: 2e-4, reach: { lr: 0.1, steps: 500, tol: 1e-9 } },
  nesterov: {
    make: (lr) => nesterov({ lr, weightDecay: 0.01 }),
    lr: 2e-4,
    reach: { lr: 0.1, steps: 500, tol: 1e-12, coupledDecay: 0.01 },
  },
  adagrad: { make: (lr) => adagrad({ lr }), lr: 0.1, reach: { lr: 0.5, steps: 500, tol: 1e-12 } },
  rmsprop: { make: (lr) => rmsprop({ lr }), lr: 0.01, reach: { lr: 0.01, steps: 500, tol: 1e-12 } },
  'rmsprop centered+momentum': {
    make: (lr) => rmsprop({ lr, centered: true, momentum: 0.5, epsInSqrt: false }),
    lr: 0.005,
    reach: { lr: decaying(), steps: 2000, tol: 1e-5 },
  },
  'rmsprop nesterov (8.6)': {
    make: (lr) => rmsprop({ lr, nesterov: true }),
    lr: 0.002,
    reach: { lr: decaying(), steps: 2000, tol: 1e-12 },
  },
  adam: { make: (lr) => adam({ lr }), lr: 0.02, reach: { lr: 0.1, steps: 2000, tol: 1e-12 } },
  'adam amsgrad+wd': {
    make: (lr) => adam({ lr, amsgrad: true, weightDecay: 0.01 }),
    lr: 0.02,
    reach: { lr: 0.1, steps: 2000, tol: 1e-12, coupledDecay: 0.01 },
  },
  adamw: { make: (lr) => adamw({ lr }), lr: 0.02, reach: { lr: 0.1, steps: 2000, tol: 1e-2 } },
  nadam: { make: (lr) => nadam({ lr }), lr: 0.02, reach: { lr: 0.1, steps: 2000, tol: 1e-12 } },
  'nadam momentumDecay (PyTorch)': {
    make: (lr) => nadam({ lr, momentumDecay: 4e-3 }),
    lr: 0.02,
    reach: { lr: 0.1, steps: 2000, tol: 1e-12 },
  },
  // the first 5 RAdam steps are un-adapted momentum steps on gradients ~ 200
  radam: { make: (lr) => radam({ lr }), lr: 5e-4, reach: { lr: 0.1, steps: 2000, tol: 1e-12 } },
  adamax: { make: (lr) => adamax({ lr }), lr: 0.02, reach: { lr: 0.1, steps: 2000, tol: 1e-12 } },
  adadelta: { make: (lr) => adadelta({ lr }), lr: 1, reach: { lr: 1, steps: 2000, tol: 1e-12 } },
  lion: {
    make: (lr) => lion({ lr, weightDecay: 0.01 }),
    lr: 0.003,
    reach: { lr: decaying(), steps: 2000, tol: 1e-5 },
  },
  'delta-bar-delta': {
    make: (lr) => deltaBarDelta({ lr, kappa: 1e-5, phi: 0.3, theta: 0.7 }),
    lr: 1e-4,
    reach: { lr: 0.1, steps: 500, tol: 1e-12 },
  },
  'dlfs-adagrad': {
    make: (lr) => dlfsAdagrad({ lr }),
    lr: 0.1,
    reach: { lr: 0.5, steps: 500, tol: 1e-12 },
  },
  'dlfs-rmsprop': {
    make: (lr) => dlfsRmsprop({ lr }),
    lr: 0.01,
    reach: { lr: 0.05, steps: 500, tol: 1e-12 },
  },
  'dlfs-adam': {
    make: (lr) => dlfsAdam({ lr }),
    lr: 0.02,
    reach: { lr: 0.1, steps: 2000, tol: 1e-12 },
  },
  'dlfs-nesterov': {
    make: (lr) => dlfsNesterov({ lr }),
    lr: 1e-4,
    reach: { lr: 0.05, steps: 500, tol: 1e-12 },
  },
  lookahead: {
    make: (lr) => lookahead(adam({ lr }), { syncPeriod: 3 }),
    lr: 0.02,
    reach: { lr: 0.1, steps: 2000, tol: 1e-12 },
  },
  multiSteps: {
    make: (lr) => multiSteps(momentum({ lr }), 2),
    lr: 2e-4,
    reach: { lr: 0.1, steps: 2000, tol: 1e-12 },
  },
  skipNonFinite: {
    make: (lr) => skipNonFinite(adam({ lr })),
    lr: 0.02,
    reach: { lr: 0.1, steps: 2000, tol: 1e-12 },
  },
  partition: {
    make: (lr) => partition([0, 1, 1, 0], [adam({ lr }), chain(sgd({ lr: 1e-3 }))]),
    lr: 0.02,
    // the sgd part keeps its own rate 1e-3: (1 − 1e-3)^20000 ≈ 2e-9
    reach: { lr: 0.1, steps: 20000, tol: 1e-8 },
  },
};

const f = rosenbrock(4);
const X0 = [-1.2, 1, -0.5, 0.8];

function run(t: AnyTransform, x: Vec, state: unknown, n: number): void {
  const g64 = new Float64Array(x.length);
  const x64 = new Float64Array(x.length);
  const g = x instanceof Float32Array ? new Float32Array(x.length) : g64;
  for (let k = 0; k < n; k++) {
    x64.set(x);
    f.valueAndGrad(x64, g64);
    if (g !== g64) g.set(g64);
    step(t, x, g, state);
  }
}

function bits(x: Vec): string {
  return Array.from(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)).join(',');
}

/** f(θ) = ½Σ aᵢ(θᵢ − cᵢ)², condition number 2, minimum c. */
const QUADRATIC = { a: [1, 1.5, 2, 1.2], c: [1, -2, 0.5, 3] };

describe.each(Object.entries(OPTIMIZERS))('%s', (_name, { make, lr, reach }) => {
  it('reaches the minimum of a well-conditioned quadratic', () => {
    const { a, c } = QUADRATIC;
    const wd = reach.coupledDecay ?? 0;
    const t = make(reach.lr);
    const x = Float64Array.from(X0);
    const g = new Float64Array(4);
    const s = t.init(x);
    for (let k = 0; k < reach.steps; k++) {
      for (let i = 0; i < 4; i++) g[i] = a[i]! * (x[i]! - c[i]!);
      step(t, x, g, s);
    }
    const target = c.map((ci, i) => (a[i]! * ci) / (a[i]! + wd));
    const err = Math.max(...target.map((ti, i) => Math.abs(x[i]! - ti)));
    expect(err).toBeLessThanOrEqual(reach.tol);
  });

  it('resumes bit-identically after a JSON round trip of its state', () => {
    const t = make(lr);
    const a = Float64Array.from(X0);
    const sa = t.init(a);
    run(t, a, sa, 10);
    const b = a.slice();
    const sb = deserializeState(JSON.parse(JSON.stringify(serializeState(sa))));
    expect(sb).toEqual(sa);
    run(t, a, sa, 10);
    run(make(lr), b, sb, 10); // a fresh instance of the same optimizer
    expect(bits(b)).toBe(bits(a));
  });

  it('decreases the loss without NaN, and same inputs give the same bits', () => {
    const x = Float64Array.from(X0);
    const t = make(lr);
    run(t, x, t.init(x), 60);
    expect(x.every(Number.isFinite)).toBe(true);
    expect(f.value(x)).toBeLessThan(f.value(Float64Array.from(X0)));
    const y = Float64Array.from(X0);
    const u = make(lr);
    run(u, y, u.init(y), 60);
    expect(bits(y)).toBe(bits(x));
  });

  it('accepts a schedule for lr (and a constant schedule equals the number)', () => {
    const x = Float64Array.from(X0);
    const t = make(() => lr);
    run(t, x, t.init(x), 20);
    const y = Float64Array.from(X0);
    const u = make(lr);
    run(u, y, u.init(y), 20);
    expect(bits(x)).toBe(bits(y));
    const z = Float64Array.from(X0);
    const d = make(linearDecay({ initial: lr, final: lr / 100, steps: 10 }));
    run(d, z, d.init(z), 20);
    expect(z.every(Number.isFinite)).toBe(true);
    expect(bits(z)).not.toBe(bits(y));
  });

  it('runs on float32 parameters with float32 state, close to float64', () => {
    const x = Float32Array.from(X0);
    const t = make(lr);
    const s = t.init(x);
    run(t, x, s, 20);
    const y = Float64Array.from(X0);
    const u = make(lr);
    run(u, y, u.init(y), 20);
    for (let i = 0; i < 4; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThan(1e-3);
    const json = JSON.stringify(serializeState(s));
    expect(json.includes('Float64Array')).toBe(false);
  });

  it('the fused step (when present) equals update + applyUpdates bit for bit in float64', () => {
    const t = make(lr);
    const x = Float64Array.from(X0);
    run(t, x, t.init(x), 15);
    const unfused: AnyTransform = { init: t.init, update: t.update };
    const y = Float64Array.from(X0);
    run(unfused, y, unfused.init(y), 15);
    expect(bits(y)).toBe(bits(x));
  });
});

describe('reaching the minimum (1, 1) of Rosenbrock from (−1.2, 1)', () => {
  const r2 = rosenbrock(2);
  it.each([
    ['momentum', momentum({ lr: 1e-3 }), 20000, 1e-12],
    ['adam', adam({ lr: 0.02 }), 3000, 2e-3],
    ['nadam', nadam({ lr: 0.02 }), 3000, 1e-3],
  ] as const)('%s', (_n, t: AnyTransform, steps: number, tol: number) => {
    const x = Float64Array.from([-1.2, 1]);
    const g = new Float64Array(2);
    const s = t.init(x);
    for (let k = 0; k < steps; k++) {
      r2.valueAndGrad(x, g);
      step(t, x, g, s);
    }
    expect(Math.max(Math.abs(x[0]! - 1), Math.abs(x[1]! - 1))).toBeLessThanOrEqual(tol);
  });
});
