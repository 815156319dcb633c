import { describe, expect, it } from 'vitest';
import { cli, reference } from '../../../test/helpers.js';

interface MinCase {
  problem: { name: string };
  x0: number[];
  method: string;
  options: { gtol: number; maxIter: number };
  scipy: { x: number[]; fun: number; nit: number; nfev: number; njev: number; success: boolean };
}

interface Result {
  x: number[];
  fun: number;
  grad: number[];
  nit: number;
  nfev: number;
  ngev: number;
  nhvp: number;
  success: boolean;
  message: string;
  status: string;
}

describe('optlab minimize', () => {
  const ref = reference<{ cases: MinCase[] }>('minimize-scipy.json');
  for (const [i, c] of ref.cases.entries()) {
    it(`case ${i}: ${c.method} on ${c.problem.name} reaches SciPy's minimum with ‖∇f‖∞ ≤ gtol`, async () => {
      const { scipy, ...spec } = c;
      const r = await cli(['minimize'], { spec });
      expect(r.stderr).toBe('');
      const out = JSON.parse(r.stdout) as Result;
      expect(Object.keys(out).sort()).toEqual([
        'fun',
        'grad',
        'message',
        'nfev',
        'ngev',
        'nhvp',
        'nit',
        'status',
        'success',
        'x',
      ]);
      expect(out.success).toBe(true);
      expect(out.status).toBe('gtol');
      expect(Math.max(...out.grad.map(Math.abs))).toBeLessThanOrEqual(c.options.gtol);
      expect(out.fun).toBeLessThanOrEqual(scipy.fun + 1e-10);
      for (let j = 0; j < out.x.length; j++)
        expect(Math.abs(out.x[j]! - scipy.x[j]!)).toBeLessThan(1e-4);
      // one evaluation of f and ∇f counts once in each; CG's SciPy fallback search
      // (as SciPy's line_search_wolfe2) evaluates f alone where it needs no slope
      if (c.method === 'cg') expect(out.ngev).toBeLessThanOrEqual(out.nfev);
      else expect(out.nfev).toBe(out.ngev);
    });
  }

  it('rejects an unknown method option with one line naming it', async () => {
    const r = await cli(['minimize'], {
      spec: { problem: { name: 'rosenbrock' }, x0: [0, 0], method: 'bfgs', options: { memory: 5 } },
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/memory/);
  });

  it('a combination the solver refuses (c2 ≤ c1) is a spec error naming options.c2 and its value', async () => {
    const r = await cli(['minimize'], {
      spec: {
        problem: { name: 'rosenbrock' },
        x0: [0, 0],
        method: 'bfgs',
        options: { c1: 0.5, c2: 0.1 },
      },
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    // (the solver's own check, or the spec schema once it carries the relation)
    expect(r.stderr).toMatch(/^optlab: invalid spec: field options\.c2: must be a number .*0\.5/);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  it('rejects an unknown method', async () => {
    const r = await cli(['minimize'], {
      spec: { problem: { name: 'rosenbrock' }, x0: [0, 0], method: 'simplex' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/method/);
  });

  it('newton solves a quadratic in one iteration; coordinate descent works through the CLI', async () => {
    const problem = {
      name: 'quadratic',
      A: [
        [3, 1],
        [1, 2],
      ],
      b: [1, 1],
    };
    const n = JSON.parse(
      (await cli(['minimize'], { spec: { problem, x0: [5, -5], method: 'newton' } })).stdout,
    ) as Result;
    expect(n.nit).toBe(1);
    // A x = b: x = (1/5)(2·1 − 1, −1 + 3) = (0.2, 0.4)
    expect(n.x[0]).toBeCloseTo(0.2, 12);
    expect(n.x[1]).toBeCloseTo(0.4, 12);
    const cd = JSON.parse(
      (await cli(['minimize'], { spec: { problem, x0: [5, -5], method: 'coordinate-descent' } }))
        .stdout,
    ) as Result;
    expect(cd.success).toBe(true);
    expect(cd.x[0]).toBeCloseTo(0.2, 5);
  });
});
