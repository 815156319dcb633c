/**
 * Optimizers against code nobody on the project wrote (test/reference/
 * outside-references.json, see its README): DLFS's current Nesterov,
 * `torch.optim.RAdam` where ε matters, `torch.optim.NAdam` with its
 * momentum-decay schedule. Every iterate must agree to 1e-9 relative.
 */
import { describe, expect, it } from 'vitest';
import { reference } from '../../test/helpers.js';
import { runTrace } from '../contract/trace.js';
import { type ProblemSpec, problemObjective } from '../objectives/problems.js';
import { bowl } from '../objectives/testFunctions.js';
import type { Objective } from '../objectives/types.js';

interface Case {
  name: string;
  source: string;
  problem: { name: string };
  x0: number[];
  optimizer: Record<string, number>;
  steps: number;
  x: number[][];
}

const cases = reference<{ cases: Case[] }>('outside-references.json').cases;

function objective(c: Case): Objective {
  if (c.problem.name === 'bowl') return bowl;
  return problemObjective(c.problem as ProblemSpec, c.x0.length);
}

/** Largest |a − b|/max(|b|, 1e-12) over every row. */
function worst(a: number[][], b: number[][]): number {
  let w = 0;
  for (let k = 0; k < b.length; k++) {
    for (let j = 0; j < b[k]!.length; j++) {
      const e = Math.abs(a[k]![j]! - b[k]![j]!) / Math.max(Math.abs(b[k]![j]!), 1e-12);
      if (!(e <= w)) w = e;
    }
  }
  return w;
}

function run(c: Case, name: string, extra: Record<string, unknown> = {}): number[][] {
  const r = runTrace(objective(c), Float64Array.from(c.x0), {
    optimizer: { name, ...c.optimizer, ...extra } as never,
    steps: c.steps,
  });
  expect(r.x).toHaveLength(c.x.length);
  return r.x;
}

function find(name: string): Case {
  const c = cases.find((k) => k.name === name);
  if (!c) throw new Error(`case ${name} missing from outside-references.json`);
  return c;
}

describe('dlfs-nesterov is DLFS common/optimizer.py after its 2021 fix', () => {
  const c = find('dlfs-nesterov-book');
  it('follows the book code for 30 steps on the bowl and ends at (0.6896, −0.0007)', () => {
    const x = run(c, 'dlfs-nesterov');
    expect(worst(x, c.x)).toBeLessThan(1e-12);
    expect(x[30]![0]).toBeCloseTo(0.6896, 4);
    expect(x[30]![1]).toBeCloseTo(-0.0007, 4);
  });
  it('first update by hand: θ₁ = θ₀ − (1 + μ)·lr·g₀ (v₀ = 0)', () => {
    // g₀ = ∇(x²/20 + y²) at (−7, 2) = (−0.7, 4); 1.9·0.1·g₀ = (−0.133, 0.76)
    const x = run(c, 'dlfs-nesterov');
    expect(x[1]![0]).toBeCloseTo(-6.867, 14);
    expect(x[1]![1]).toBeCloseTo(1.24, 14);
  });
  it('equals the look-ahead form of the book Nesterov (optlab `nesterov`) to rounding', () => {
    expect(worst(run(c, 'nesterov'), run(c, 'dlfs-nesterov'))).toBeLessThan(1e-12);
  });
});

describe('radam puts ε where torch.optim.RAdam does: √(1 − β₂ᵗ)/(√v + ε)', () => {
  const c = find('radam-small-gradients');
  it('follows PyTorch for 40 steps (rectified from step 6)', () => {
    expect(worst(run(c, 'radam'), c.x)).toBeLessThan(1e-12);
  });
});

describe('nadam with momentumDecay is torch.optim.NAdam', () => {
  for (const name of ['nadam-momentum-decay-0.004', 'nadam-momentum-decay-0.01']) {
    const c = find(name);
    it(`${name}: 40 steps`, () => {
      expect(worst(run(c, 'nadam'), c.x)).toBeLessThan(1e-12);
    });
  }
  it('without momentumDecay it is Dozat/Optax NAdam, 1e-2-level different from PyTorch', () => {
    const c = find('nadam-momentum-decay-0.004');
    const { momentumDecay: _m, ...rest } = c.optimizer;
    const x = runTrace(objective(c), Float64Array.from(c.x0), {
      optimizer: { name: 'nadam', ...rest } as never,
      steps: c.steps,
    }).x;
    expect(worst(x, c.x)).toBeGreaterThan(1e-4);
  });
});
