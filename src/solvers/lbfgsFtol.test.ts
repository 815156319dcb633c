/**
 * L-BFGS stopping on the f-tolerance, against SciPy 1.10's L-BFGS-B
 * (test/reference/lbfgs-ftol-scipy.json, written by
 * test/reference/scripts/lbfgs_ftol_scipy.py): the same iterate, the same counts,
 * SciPy's message; SciPy's `success: true` (status 0) becomes CONTRACT's
 * `success: false` (‖∇f‖∞ > gtol) with `status: 'ftol'`, which tells the stop
 * apart from both the gradient test and the failures.
 */
import { describe, expect, it } from 'vitest';
import { cli, reference } from '../../test/helpers.js';
import { type ProblemSpec, problemObjective } from '../objectives/problems.js';
import { MESSAGES } from './messages.js';
import { minimize } from './minimize.js';
import { infNorm } from './result.js';

interface Case {
  problem: ProblemSpec;
  x0: number[];
  options: { ftol: number; gtol: number; maxIter: number };
  scipy: {
    x: number[];
    nit: number;
    nfev: number;
    njev: number;
    success: boolean;
    status: number;
    message: string;
    gradInfNorm: number;
  };
}

const cases = reference<{ cases: Case[] }>('lbfgs-ftol-scipy.json').cases;

describe('lbfgs stopping on ftol, as SciPy L-BFGS-B (lbfgs-ftol-scipy.json)', () => {
  it('the fixture holds SciPy stops on REL_REDUCTION_OF_F that SciPy calls a success', () => {
    expect(cases.length).toBe(3);
    for (const c of cases) {
      expect([c.scipy.success, c.scipy.status]).toEqual([true, 0]);
      expect(c.scipy.gradInfNorm).toBeGreaterThan(c.options.gtol);
    }
  });
  for (const c of cases) {
    const label = `${c.problem.name} ${JSON.stringify(c.x0)} ftol ${c.options.ftol}`;
    it(`${label}: SciPy's iterate, counts and message; status 'ftol', success false`, () => {
      const r = minimize(problemObjective(c.problem, c.x0.length), c.x0, {
        method: 'lbfgs',
        lineSearch: 'more-thuente',
        ...c.options,
      });
      expect([r.nit, r.nfev, r.ngev]).toEqual([c.scipy.nit, c.scipy.nfev, c.scipy.njev]);
      for (let i = 0; i < c.x0.length; i++) expect(r.x[i]).toBeCloseTo(c.scipy.x[i]!, 10);
      expect(r.message).toBe(c.scipy.message);
      expect(r.message).toBe(MESSAGES.ftol);
      expect(r.status).toBe('ftol');
      // CONTRACT's rule, not SciPy's
      expect(infNorm(r.grad)).toBeGreaterThan(c.options.gtol);
      expect(r.success).toBe(false);
    });
    it(`${label}: the default search stops on ftol too`, () => {
      const r = minimize(problemObjective(c.problem, c.x0.length), c.x0, {
        method: 'lbfgs',
        ...c.options,
      });
      expect([r.status, r.success, r.message]).toEqual(['ftol', false, c.scipy.message]);
    });
  }
  it('optlab minimize prints the status beside the message', async () => {
    const c = cases[0]!;
    const r = await cli(['minimize'], {
      spec: { problem: c.problem, x0: c.x0, method: 'lbfgs', options: c.options },
    });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { success: boolean; status: string; message: string };
    expect(out).toMatchObject({ success: false, status: 'ftol', message: c.scipy.message });
  });
});
