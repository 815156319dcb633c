import { describe, expect, it } from 'vitest';
import { quadratic } from '../objectives/index.js';
import type { HvpObjective } from '../objectives/types.js';
import { Rng } from '../random/index.js';
import { illConditioning } from './curvature.js';
import { createCurvatureRecorder } from './recorder.js';
import { diagObjective, jacobiEigenvalues, randomSymmetric } from './testUtil.js';

/** Counts the Hessian-vector products an objective receives. */
function counting(o: HvpObjective): HvpObjective & { hvps: number } {
  const c = {
    dim: o.dim,
    hvps: 0,
    value: (x: Float64Array) => o.value(x),
    valueAndGrad: (x: Float64Array, g: Float64Array) => o.valueAndGrad(x, g),
    hvp(x: Float64Array, v: Float64Array, out: Float64Array) {
      c.hvps++;
      o.hvp(x, v, out);
    },
  };
  return c;
}

describe('createCurvatureRecorder', () => {
  const n = 30;
  const A = randomSymmetric(n, new Rng(2));
  for (let i = 0; i < n; i++) A[i * n + i] = A[i * n + i]! + 8; // mostly positive curvature
  const b = Float64Array.from({ length: n }, (_, i) => Math.cos(i));

  it('records at most every N steps, at a bounded and counted number of products', () => {
    const obj = counting(quadratic(A, b));
    const rec = createCurvatureRecorder({
      every: 5,
      measures: ['gradNorm', 'gHg', 'topEigenvalue', 'trace'],
      lanczosSteps: 8,
      traceProbes: 6,
      lr: 0.01,
    });
    expect(rec.maxMatvecsPerRecord).toBe(1 + 8 + 6);
    const theta = new Float64Array(n);
    for (let step = 0; step <= 20; step++) {
      theta[step % n] = theta[step % n]! + 0.1;
      rec.record(step, obj, theta);
    }
    expect(rec.rows.map((r) => r.step)).toEqual([0, 5, 10, 15, 20]);
    for (const r of rec.rows) expect(r.matvecs).toBeLessThanOrEqual(rec.maxMatvecsPerRecord);
    expect(rec.matvecs).toBe(obj.hvps);
    expect(rec.shouldRecord(21)).toBe(false);
    expect(rec.shouldRecord(25)).toBe(true);
    rec.reset();
    expect(rec.rows).toHaveLength(0);
  });

  it('rows agree with illConditioning at the same θ; lr per call overrides the option', () => {
    const obj = quadratic(A, b);
    const theta = Float64Array.from({ length: n }, (_, i) => Math.sin(i));
    const rec = createCurvatureRecorder({ lr: 0.5 });
    const row = rec.record(7, obj, theta, { lr: 0.02 })!;
    const want = illConditioning(obj, theta, 0.02);
    expect(row.lr).toBe(0.02);
    expect(row.gradNorm).toBe(want.gradNorm);
    expect(row.gHg).toBe(want.gHg);
    expect(row.secondOrder).toBe(want.secondOrder);
    expect(row.raisesCost).toBe(want.raisesCost);
    expect(row.topEigenvalue).toBeUndefined();
    expect(row.matvecs).toBe(1);
  });

  it('top eigenvalue and trace are right when the budget suffices', () => {
    const ev = jacobiEigenvalues(A, n);
    let tr = 0;
    for (let i = 0; i < n; i++) tr += A[i * n + i]!;
    const rec = createCurvatureRecorder({
      measures: ['topEigenvalue', 'trace'],
      lanczosSteps: n,
      traceProbes: n,
    });
    const row = rec.record(0, quadratic(A, b), new Float64Array(n))!;
    expect(Math.abs(row.topEigenvalue! - ev[n - 1]!)).toBeLessThan(1e-6 * Math.abs(ev[n - 1]!));
    expect(Math.abs(row.trace! - tr)).toBeLessThan(1e-10); // n ≤ traceProbes: exact
    const d = createCurvatureRecorder({ measures: ['trace'], traceProbes: 4 }).record(
      0,
      diagObjective([1, 2, 3, 4, 5, 6]),
      new Float64Array(6),
    )!;
    expect(d.trace).toBe(21); // Hutchinson is exact on a diagonal Hessian
  });

  it('rejects bad options naming them', () => {
    expect(() => createCurvatureRecorder({ every: 0 })).toThrow(/every/);
    expect(() => createCurvatureRecorder({ measures: ['nope' as never] })).toThrow(/measures/);
    expect(() => createCurvatureRecorder({ lr: -1 })).toThrow(/lr/);
    expect(() => createCurvatureRecorder({ measures: ['nope' as never] })).toThrow(
      'createCurvatureRecorder: option measures.0 must be one of gradNorm, gHg, topEigenvalue, trace, got "nope"',
    );
  });

  it('gradNorm alone needs no hvp; a Hessian measure on an objective without one says so', () => {
    const { hvp: _, ...gradientOnly } = quadratic([2, 0, 0, 4], [0, 0]);
    // ∇f = A x = (2, 4) at x = (1, 1): ‖g‖ = √20
    const row = createCurvatureRecorder({ measures: ['gradNorm'] }).record(
      0,
      gradientOnly,
      Float64Array.from([1, 1]),
    )!;
    expect(row.gradNorm).toBeCloseTo(Math.sqrt(20), 14);
    expect(row.matvecs).toBe(0);
    expect(() =>
      createCurvatureRecorder().record(0, gradientOnly, Float64Array.from([1, 1])),
    ).toThrow('curvatureRecorder.record: the objective has no hvp');
  });
});
