import { describe, expect, it } from 'vitest';
import { hessianFree, passesOf } from './hessianFree.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment hessian-free', () => {
  it('counts passes as f+∇f = 1, f = 0.5, G·v = 2', () => {
    // nfev counts every evaluation of f, with or without ∇f
    expect(passesOf({ nfev: 10, ngev: 6, nhvp: 3 })).toBe(6 + 0.5 * 4 + 6);
  });

  it('all three methods fit the spirals; L-BFGS beats Adam at equal passes', async () => {
    const r = await runQuick(hessianFree);
    expectAllChecksPass(r);
    const s = r.summary as { method: string; 'training accuracy': number }[];
    expect(s.map((x) => x.method).slice(0, 2)).toEqual(['Hessian-free', 'L-BFGS']);
    for (const x of s) expect(x['training accuracy']).toBeGreaterThan(0.95);
  }, 300_000);
});
