import { describe, expect, it } from 'vitest';
import { problemObjective } from '../objectives/problems.js';
import { beale, himmelblau, powell, rosenbrock, saddle } from '../objectives/testFunctions.js';
import { minimize } from './minimize.js';
import { infNorm } from './result.js';
import { solve } from './testUtil.js';

describe('gauss-newton (Levenberg–Marquardt)', () => {
  it('makes the first step of a naive transcription (rosenbrock, J by hand)', () => {
    // r = (10(y − x²), 1 − x), J = [[−20x, 10], [−1, 0]], G = 2JᵀJ, g = 2Jᵀr
    const [x, y] = [-1.2, 1];
    const J = [
      [-20 * x, 10],
      [-1, 0],
    ];
    const r = [10 * (y - x * x), 1 - x];
    const G = [0, 1].flatMap((i) =>
      [0, 1].map((j) => 2 * (J[0]![i]! * J[0]![j]! + J[1]![i]! * J[1]![j]!)),
    );
    const g = [0, 1].map((i) => 2 * (J[0]![i]! * r[0]! + J[1]![i]! * r[1]!));
    const gn = Math.hypot(g[0]!, g[1]!);
    const u = [g[0]! / gn, g[1]! / gn];
    const mu0 =
      1e-3 * (u[0]! * (G[0]! * u[0]! + G[1]! * u[1]!) + u[1]! * (G[2]! * u[0]! + G[3]! * u[1]!));
    const p = solve([G[0]! + mu0, G[1]!, G[2]!, G[3]! + mu0], [-g[0]!, -g[1]!]);
    let first: number[] = [];
    minimize(rosenbrock(2), [x, y], {
      method: 'gauss-newton',
      callback: (info) => {
        if (info.nit === 1) first = Array.from(info.x);
        return 'stop';
      },
    });
    // the step lowers f here, so it is accepted
    expect(first[0]!).toBeCloseTo(x + p[0]!, 10);
    expect(first[1]!).toBeCloseTo(y + p[1]!, 10);
  });

  it.each([
    ['rosenbrock', rosenbrock(2), [-1.2, 1]],
    ['rosenbrock 6-d', rosenbrock(6), [-1.2, 1, -1.2, 1, -1.2, 1]],
    ['beale', beale, [1, 1]],
    ['himmelblau', himmelblau, [-0.5, 0.5]],
    ['powell', powell, [3, -1, 0, 1]],
  ] as const)('minimises %s (zero residual at the minimum)', (_n, obj, x0) => {
    const r = minimize(obj, x0, { method: 'gauss-newton', gtol: 1e-8, maxIter: 500 });
    expect(r.status).toBe('gtol');
    expect(infNorm(r.grad)).toBeLessThanOrEqual(1e-8);
    expect(r.fun).toBeLessThan(1e-12);
  });

  it('is fast where residuals vanish: rosenbrock in far fewer iterations than BFGS', () => {
    const gn = minimize(rosenbrock(2), [-1.2, 1], { method: 'gauss-newton' });
    const bfgs = minimize(rosenbrock(2), [-1.2, 1], { method: 'bfgs' });
    expect(gn.success && bfgs.success).toBe(true);
    expect(gn.nit).toBeLessThan(bfgs.nit);
  });

  it('refuses a problem without Gauss–Newton form, naming what it needs', () => {
    expect(() => minimize(saddle, [1, 1], { method: 'gauss-newton' })).toThrow(
      /gauss-newton: needs a problem of the form loss\(outputs\(x\)\)/,
    );
  });
});

describe('hessian-free (Martens 2010)', () => {
  it.each([
    ['rosenbrock', rosenbrock(2), [-1.2, 1]],
    ['beale', beale, [1, 1]],
    ['powell', powell, [3, -1, 0, 1]],
  ] as const)('minimises %s', (_n, obj, x0) => {
    const r = minimize(obj, x0, { method: 'hessian-free', gtol: 1e-6, maxIter: 2000 });
    expect(r.status).toBe('gtol');
    expect(r.fun).toBeLessThan(1e-8);
  });

  it('trains a small tanh network with softmax cross-entropy to a stationary point', () => {
    // 12 points of two interleaved arcs, 2-6-2 tanh network
    const inputs: number[][] = [];
    const targets: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t = (i / 12) * Math.PI;
      const c = i % 2;
      inputs.push([Math.cos(t) * (c ? 1 : -1) + c * 0.5, Math.sin(t) * (c ? -1 : 1)]);
      targets.push(c);
    }
    const spec = {
      name: 'mlp' as const,
      sizes: [2, 6, 2],
      activation: 'tanh' as const,
      loss: 'softmax-cross-entropy' as const,
      inputs,
      targets,
    };
    const n = 2 * 6 + 6 + 6 * 2 + 2;
    const obj = problemObjective(spec, n);
    const x0 = Array.from({ length: n }, (_, i) => 0.5 * Math.sin(3.1 * i + 1));
    const f0 = obj.value(Float64Array.from(x0));
    const r = minimize(obj, x0, { method: 'hessian-free', gtol: 1e-5, maxIter: 300 });
    expect(r.fun).toBeLessThan(0.05 * f0);
    expect(infNorm(r.grad)).toBeLessThanOrEqual(1e-5);
    expect(r.nhvp).toBeGreaterThan(0);
  });
});
