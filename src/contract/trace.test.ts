import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { problemObjective as autodiffObjective, type ProblemSpec } from '../objectives/problems.js';
import { bowl, rosenbrock } from '../objectives/testFunctions.js';
import type { Objective } from '../objectives/types.js';
import { specErrorMessage, traceSpecSchema } from './optimizer.js';
import { runTrace } from './trace.js';

interface Case {
  problem: { name: string };
  x0: number[];
  optimizer: { name: string };
  steps: number;
  schedule?: unknown;
  clip?: unknown;
  reference: string;
  expected: { x: number[][]; f: number[] };
}

const fixture = JSON.parse(
  readFileSync(
    new URL('../../test/reference/optimizer-trajectories.json', import.meta.url),
    'utf8',
  ),
) as { cases: Case[] };

/**
 * The hand-written test functions where they exist (independent of the autodiff
 * engine), else the autodiff objective of the problem (the `mlp` cases).
 */
function problemObjective(problem: { name: string }, x0: number[]): Objective {
  if (problem.name === 'bowl') return bowl;
  if (problem.name === 'rosenbrock') return rosenbrock(x0.length);
  return autodiffObjective(problem as ProblemSpec, x0.length);
}

function relErr(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
}

describe('runTrace against optimizer-trajectories.json', () => {
  const cases = fixture.cases;
  it('covers every case of the fixture, the mlp ones included', () => {
    expect(cases.length).toBe(14);
    expect(cases.filter((c) => c.problem.name === 'mlp')).toHaveLength(2);
  });
  for (const [i, c] of cases.entries()) {
    const label = `#${i} ${c.problem.name} ${JSON.stringify(c.optimizer)}${c.schedule ? ' +schedule' : ''}${c.clip ? ' +clip' : ''} (${c.reference})`;
    it(label, () => {
      const obj = problemObjective(c.problem, c.x0);
      const { problem: _p, x0, reference: _r, expected, ...opts } = c;
      const r = runTrace(obj, Float64Array.from(x0), opts as Parameters<typeof runTrace>[2]);
      expect(r.x.length).toBe(expected.x.length);
      expect(r.f.length).toBe(expected.f.length);
      let worst = 0;
      for (let k = 0; k < expected.x.length; k++) {
        for (let j = 0; j < expected.x[k]!.length; j++) {
          worst = Math.max(worst, relErr(r.x[k]![j]!, expected.x[k]![j]!));
        }
        worst = Math.max(worst, relErr(r.f[k]!, expected.f[k]!));
      }
      expect(worst).toBeLessThan(1e-7);
    });
  }
});

describe('trace spec validation', () => {
  const base = { optimizer: { name: 'sgd' as const, lr: 0.1 }, steps: 3 };
  it('rejects unknown fields, naming them', () => {
    const r = traceSpecSchema.safeParse({
      ...base,
      optimizer: { name: 'sgd', lr: 0.1, foo: 1 },
    });
    expect(r.success).toBe(false);
    if (!r.success) expect(specErrorMessage(r.error)).toMatch(/^optimizer: .*foo/);
    expect(traceSpecSchema.safeParse({ ...base, extra: 1 }).success).toBe(false);
  });
  it('requires lr for sgd unless a schedule is given', () => {
    const r = traceSpecSchema.safeParse({ optimizer: { name: 'sgd' }, steps: 3 });
    expect(r.success).toBe(false);
    if (!r.success) expect(specErrorMessage(r.error)).toMatch(/^optimizer\.lr: /);
    const s = { name: 'linear-decay', initial: 0.1, final: 0.001, steps: 10 };
    expect(
      traceSpecSchema.safeParse({ optimizer: { name: 'sgd' }, steps: 3, schedule: s }).success,
    ).toBe(true);
  });
  it('fills docs/commands.md defaults', () => {
    const o = traceSpecSchema.parse({ optimizer: { name: 'rmsprop', lr: 0.1 }, steps: 1 });
    expect(o.optimizer).toEqual({
      name: 'rmsprop',
      lr: 0.1,
      decay: 0.9,
      eps: 1e-6,
      epsInSqrt: true,
      momentum: 0,
      centered: false,
      nesterov: false,
      nesterovMomentum: 0.9,
      weightDecay: 0,
    });
    const a = traceSpecSchema.parse({ optimizer: { name: 'adamw' }, steps: 1 }).optimizer;
    expect(a).toEqual({
      name: 'adamw',
      lr: 0.001,
      b1: 0.9,
      b2: 0.999,
      eps: 1e-8,
      amsgrad: false,
      weightDecay: 0.01,
    });
  });
  it('rejects bad clip and negative lr', () => {
    expect(traceSpecSchema.safeParse({ ...base, clip: { globalNorm: 1, value: 2 } }).success).toBe(
      false,
    );
    expect(traceSpecSchema.safeParse({ ...base, clip: { norm: 1 } }).success).toBe(false);
    const r = traceSpecSchema.safeParse({ ...base, optimizer: { name: 'adam', lr: -1 } });
    expect(r.success).toBe(false);
    if (!r.success) expect(specErrorMessage(r.error)).toMatch(/^optimizer\.lr: /);
  });
  it('value clipping clamps each component before the step', () => {
    // bowl at (−7, 2): g = (x/10, 2y) = (−0.7, 4) → clamp to [−1, 1] → (−0.7, 1);
    // sgd lr 0.5: θ1 = (−7 + 0.35, 2 − 0.5) = (−6.65, 1.5)
    const r = runTrace(bowl, Float64Array.from([-7, 2]), {
      ...base,
      optimizer: { name: 'sgd', lr: 0.5 },
      steps: 1,
      clip: { value: 1 },
    });
    expect(r.x[1]![0]).toBeCloseTo(-6.65, 14);
    expect(r.x[1]![1]).toBeCloseTo(1.5, 14);
  });
  it('clips before coupled weight decay', () => {
    // g = (−0.7, 4) → clip value 1 → (−0.7, 1); + wd·θ = 0.1·(−7, 2) → (−1.4, 1.2);
    // θ1 = θ − 0.5·(−1.4, 1.2) = (−6.3, 1.4)  (decay after clip, so it is not clamped)
    const r = runTrace(bowl, Float64Array.from([-7, 2]), {
      optimizer: { name: 'sgd', lr: 0.5, weightDecay: 0.1 },
      steps: 1,
      clip: { value: 1 },
    });
    expect(r.x[1]![0]).toBeCloseTo(-6.3, 14);
    expect(r.x[1]![1]).toBeCloseTo(1.4, 14);
  });
  it('runs in float32', () => {
    const r = runTrace(bowl, Float64Array.from([-7, 2]), { ...base, dtype: 'float32' });
    expect(r.x[1]![0]).toBe(Math.fround(-7 + 0.07));
  });
});

describe('optimizerFromSpec with a weight-decay mask', () => {
  it('decays only the masked elements (weights, not biases)', async () => {
    const { optimizerFromSpec } = await import('./optimizer.js');
    const { step } = await import('../optim/base.js');
    for (const name of ['sgd', 'momentum', 'adam', 'adamw', 'rmsprop'] as const) {
      const opt = optimizerFromSpec({ name, lr: 0.1, weightDecay: 0.5 } as never, {
        mask: Uint8Array.from([1, 0]),
      });
      const theta = Float64Array.from([2, 2]);
      const s = opt.init(theta);
      step(opt, theta, Float64Array.from([0, 0]), s);
      // with a zero gradient only the decayed (masked) element moves
      expect(theta[0], name).toBeLessThan(2);
      expect(theta[1], name).toBe(2);
    }
  });
});
