import { describe, expect, it } from 'vitest';
import { cli, reference, relClose } from '../../../test/helpers.js';
import './spectrum.js'; // registers the command (until commands/index.ts imports it)

interface SpectrumCase {
  problem: { name: string };
  x: number[];
  expected: { eigenvalues: number[]; trace: number };
}
interface SpectrumOut {
  top: number[];
  bottom: number[];
  topResiduals: number[];
  bottomResiduals: number[];
  trace: number;
  matvecs: number;
  method: string;
  converged: boolean;
}

/** |a − b| ≤ tol·|b| element-wise (relative, with no floor at 1). */
function rel(a: number[], b: number[], tol: number): string | null {
  if (a.length !== b.length) return `length ${a.length} ≠ ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i]! - b[i]!) <= tol * Math.abs(b[i]!)))
      return `index ${i}: ${a[i]} vs ${b[i]}`;
  }
  return null;
}

describe('optlab spectrum', () => {
  const ref = reference<{ cases: SpectrumCase[] }>('eval-torch.json');
  for (const [i, c] of ref.cases.entries()) {
    it(`matches numpy eigvalsh and the trace on case ${i}: ${c.problem.name}`, async () => {
      const n = c.x.length;
      const r = await cli(['spectrum'], { spec: { problem: c.problem, x: c.x, k: 3 } });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout) as SpectrumOut;
      expect(Object.keys(out).sort()).toEqual([
        'bottom',
        'bottomResiduals',
        'converged',
        'matvecs',
        'method',
        'top',
        'topResiduals',
        'trace',
      ]);
      const ev = c.expected.eigenvalues; // ascending
      const k = Math.min(3, n);
      expect(rel(out.top, ev.slice(n - k).reverse(), 1e-8)).toBeNull();
      expect(rel(out.bottom, ev.slice(0, k), 1e-8)).toBeNull();
      expect(relClose([out.trace], [c.expected.trace], 1e-12)).toBeNull();
      // small n: H formed from n products, which also give the exact trace
      expect([out.method, out.matvecs, out.converged]).toEqual(['dense', n, true]);
      for (const r of [...out.topResiduals, ...out.bottomResiduals])
        expect(r).toBeLessThan(1e-12 * Math.max(...ev.map(Math.abs)));
    });
  }

  it('k > n gives all n eigenvalues at each end; k = n on the MLP matches to 1e-8 of ‖H‖', async () => {
    const beale = ref.cases.find((c) => c.problem.name === 'beale')!;
    const r = await cli(['spectrum'], { spec: { problem: beale.problem, x: beale.x, k: 5 } });
    const out = JSON.parse(r.stdout) as SpectrumOut;
    expect(out.top).toHaveLength(2);
    expect(rel(out.bottom, beale.expected.eigenvalues, 1e-8)).toBeNull();
    const mlp = ref.cases.find((c) => c.problem.name === 'mlp')!;
    const n = mlp.x.length;
    const all = JSON.parse(
      (await cli(['spectrum'], { spec: { problem: mlp.problem, x: mlp.x, k: n } })).stdout,
    ) as SpectrumOut;
    const ev = mlp.expected.eigenvalues;
    const scale = Math.max(...ev.map(Math.abs));
    for (let i = 0; i < n; i++) {
      expect(Math.abs(all.bottom[i]! - ev[i]!)).toBeLessThan(1e-8 * scale);
      expect(Math.abs(all.top[i]! - ev[n - 1 - i]!)).toBeLessThan(1e-8 * scale);
    }
  });

  it('k defaults to 3; a quadratic gives the eigenvalues of A (hand-computed)', async () => {
    // A = [[2, 1], [1, 2]]: eigenvalues 3 and 1, trace 4
    const r = await cli(['spectrum'], {
      spec: {
        problem: {
          name: 'quadratic',
          A: [
            [2, 1],
            [1, 2],
          ],
          b: [0, 0],
        },
        x: [5, -1],
      },
    });
    const out = JSON.parse(r.stdout) as SpectrumOut;
    expect(relClose(out.top, [3, 1], 1e-13)).toBeNull();
    expect(relClose(out.bottom, [1, 3], 1e-13)).toBeNull();
    expect(out.trace).toBe(4);
    expect(out.matvecs).toBe(2); // H·e₁ and H·e₂ give H and its trace
  });

  it('repeated eigenvalues: the one-layer MSE network (n = 8, every eigenvalue twice)', async () => {
    const c = reference<{
      cases: { name: string; problem: unknown; x: number[]; expected: { eigenvalues: number[] } }[];
    }>('spectrum-repeated.json').cases.find((k) => k.name === 'one-layer-mse')!;
    const r = await cli(['spectrum'], { spec: { problem: c.problem, x: c.x } });
    const out = JSON.parse(r.stdout) as SpectrumOut;
    const ev = c.expected.eigenvalues;
    expect(rel(out.top, ev.slice(5).reverse(), 1e-12)).toBeNull(); // [a, a, b]
    expect(rel(out.bottom, ev.slice(0, 3), 1e-12)).toBeNull();
    expect([out.method, out.converged]).toEqual(['dense', true]);
  });

  it('the same spec gives the same output', async () => {
    const spec = { problem: { name: 'rosenbrock' }, x: [0.5, -0.3, 1.2, 0.8, 0.1] };
    const a = await cli(['spectrum'], { spec });
    const b = await cli(['spectrum', '-'], { stdin: JSON.stringify(spec) });
    expect(a.stdout).toBe(b.stdout);
  });

  const bad: [string, unknown, RegExp][] = [
    ['k = 0', { problem: { name: 'bowl' }, x: [1, 2], k: 0 }, /field k/],
    ['a fractional k', { problem: { name: 'bowl' }, x: [1, 2], k: 1.5 }, /field k/],
    ['a missing x', { problem: { name: 'bowl' }, k: 1 }, /field x/],
    [
      'x of the wrong length',
      { problem: { name: 'powell' }, x: [1, 2], k: 1 },
      /field x: powell needs 4/,
    ],
    ['an unknown field', { problem: { name: 'bowl' }, x: [1, 2], v: [1, 0] }, /unknown field "v"/],
    ['an unknown problem', { problem: { name: 'nope' }, x: [1, 2] }, /field problem\.name/],
  ];
  for (const [what, spec, msg] of bad) {
    it(`rejects ${what} with one line on stderr and status 2`, async () => {
      const r = await cli(['spectrum'], { spec });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
    });
  }
});
