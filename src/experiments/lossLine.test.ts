import { describe, expect, it } from 'vitest';
import { lossLine, planeCoordinates } from './lossLine.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

/** A numeric column of a series. */
const col = (s: Record<string, unknown> | undefined, name: string): number[] =>
  Array.from((s as Record<string, ArrayLike<number>>)[name]!);

describe('experiment loss-line', () => {
  it('the training cost falls monotonically from θ₀ to θ₁ and the ends match the recorded losses', async () => {
    const r = await runQuick(lossLine);
    expectAllChecksPass(r);
    const alpha = col(r.series.line, 'alpha');
    expect(alpha).toHaveLength(21);
    expect(alpha[0]).toBeCloseTo(-0.5, 12);
    expect(alpha[20]).toBeCloseTo(1.5, 12);
    // the projected trajectories end exactly at θ₁ = (1, 0) and θ₂ = (0, 1)
    const t1 = r.series['trajectory-1'];
    const t2 = r.series['trajectory-2'];
    expect(col(t1, 'alpha').at(-1)).toBeCloseTo(1, 9);
    expect(col(t1, 'beta').at(-1)).toBeCloseTo(0, 9);
    expect(col(t2, 'alpha').at(-1)).toBeCloseTo(0, 9);
    expect(col(t2, 'beta').at(-1)).toBeCloseTo(1, 9);
  });

  it('planeCoordinates solves the least-squares problem', () => {
    // θ₀ = 0, d₁ = e₁, d₂ = e₂ in R³; θ = (0.3, −0.2, 0.4): α = 0.3, β = −0.2,
    // off-plane part (0, 0, 0.4): relative distance 0.4/√(0.09 + 0.04 + 0.16) = 0.4/√0.29
    const p = planeCoordinates([0.3, -0.2, 0.4], [0, 0, 0], [1, 0, 0], [0, 1, 0]);
    expect(p.alpha).toBeCloseTo(0.3, 12);
    expect(p.beta).toBeCloseTo(-0.2, 12);
    expect(p.offPlane).toBeCloseTo(0.4 / Math.sqrt(0.29), 12);
    // non-orthogonal directions: θ₀ = (1, 1), d₁ = (1, 0), d₂ = (1, 1); θ = θ₀ + 2d₁ + 3d₂ = (6, 4)
    const q = planeCoordinates([6, 4], [1, 1], [2, 1], [2, 2]);
    expect(q.alpha).toBeCloseTo(2, 12);
    expect(q.beta).toBeCloseTo(3, 12);
  });
});
