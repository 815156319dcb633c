import { describe, expect, it } from 'vitest';
import { reference } from '../../test/helpers.js';
import { type ProblemSpec, problemObjective } from '../objectives/index.js';
import { blockSpectra, mlpBlocks, rangeMask } from './blocks.js';
import { jacobiEigenvalues } from './testUtil.js';

interface Case {
  problem: ProblemSpec & { sizes?: number[] };
  x: number[];
  expected: { trace: number; eigenvalues: number[] };
}

describe('per-layer (block) diagnostics', () => {
  it('mlpBlocks follows the docs/commands.md layout W₁, b₁, W₂, b₂', () => {
    const wb = mlpBlocks([3, 4, 2], 'weights-biases');
    const ranges = wb.map((b) => [b.name, b.mask.indexOf(1), b.mask.lastIndexOf(1) + 1]);
    expect(ranges).toEqual([
      ['W1', 0, 12],
      ['b1', 12, 16],
      ['W2', 16, 24],
      ['b2', 24, 26],
    ]);
    expect(mlpBlocks([3, 4, 2]).map((b) => b.name)).toEqual(['layer1', 'layer2']);
    expect(() => rangeMask(5, 3, 3)).toThrow(/range/);
  });

  it('on the reference MLP: block traces sum to the reference trace; block eigenvalues are those of H[block, block]', () => {
    const c = reference<{ cases: Case[] }>('eval-torch.json').cases.find(
      (k) => k.problem.name === 'mlp',
    )!;
    const n = c.x.length;
    const obj = problemObjective(c.problem, n);
    const blocks = mlpBlocks(c.problem.sizes!, 'weights-biases');
    const rows = blockSpectra(obj, c.x, blocks, { k: 2 });
    let tr = 0;
    for (const r of rows) tr += r.trace;
    expect(Math.abs(tr - c.expected.trace)).toBeLessThan(1e-12);
    // Reference for the blocks: the dense H from n products (test only), then Jacobi on each submatrix.
    const H = new Float64Array(n * n);
    const e = new Float64Array(n);
    const col = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      e.fill(0);
      e[j] = 1;
      obj.hvp(Float64Array.from(c.x), e, col);
      for (let i = 0; i < n; i++) H[i * n + j] = col[i]!;
    }
    const lmax = c.expected.eigenvalues[n - 1]!;
    const lmin = c.expected.eigenvalues[0]!;
    for (const [bi, b] of blocks.entries()) {
      const idx = [...b.mask.keys()].filter((i) => b.mask[i]);
      const m = idx.length;
      const sub = new Float64Array(m * m);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < m; j++) sub[i * m + j] = H[idx[i]! * n + idx[j]!]!;
      const ev = jacobiEigenvalues(sub, m);
      const r = rows[bi]!;
      expect(r.size).toBe(m);
      expect(Math.abs(r.top[0]! - ev[m - 1]!)).toBeLessThan(1e-10);
      expect(Math.abs(r.bottom[0]! - ev[0]!)).toBeLessThan(1e-10);
      // Cauchy interlacing: the block's extremes lie inside H's
      expect(r.top[0]!).toBeLessThanOrEqual(lmax + 1e-12);
      expect(r.bottom[0]!).toBeGreaterThanOrEqual(lmin - 1e-12);
    }
  });
});
