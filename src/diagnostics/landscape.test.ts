import { describe, expect, it } from 'vitest';
import { rosenbrock } from '../objectives/index.js';
import { linspace, lossAlongLine, lossOnPlane } from './landscape.js';

const r3 = rosenbrock(3);
const loss = (t: Float64Array) => r3.value(t);
const t0 = [-1.2, 1, 0.7];
const t1 = [0.9, 0.8, 0.65];
const t2 = [0.1, -0.4, 2];

describe('loss along a line and on a plane', () => {
  it('at α = 0 and α = 1 the line gives exactly the endpoints’ losses (default grid −0.5…1.5, 41 points)', () => {
    const s = lossAlongLine(loss, t0, t1);
    expect(s.alpha).toHaveLength(41);
    expect(s.alpha[10]).toBe(0);
    expect(s.alpha[30]).toBe(1);
    expect(s.loss[10]).toBe(loss(Float64Array.from(t0)));
    expect(s.loss[30]).toBe(loss(Float64Array.from(t1)));
  });

  it('in between it is J((1 − α)θ₀ + αθ₁), a parabola for a quadratic loss', () => {
    // J(θ) = Σθᵢ²: along the line J(α) = ‖θ₀ + α(θ₁ − θ₀)‖², second differences constant = 2h²‖θ₁ − θ₀‖²
    const sq = (t: Float64Array) => t.reduce((s, v) => s + v * v, 0);
    const a = linspace(0, 1, 5);
    const s = lossAlongLine(sq, t0, t1, a);
    const dd = t0.reduce((acc, v, i) => acc + (t1[i]! - v) ** 2, 0);
    for (let i = 1; i < 4; i++) {
      expect(s.loss[i + 1]! - 2 * s.loss[i]! + s.loss[i - 1]!).toBeCloseTo(2 * 0.25 ** 2 * dd, 12);
    }
  });

  it('the plane passes exactly through θ₀, θ₁, θ₂ at (0, 0), (1, 0), (0, 1)', () => {
    const p = lossOnPlane(loss, t0, t1, t2, [0, 1, 0.5], [0, 1]);
    expect(p.loss).toHaveLength(6);
    expect(p.loss[0]).toBe(loss(Float64Array.from(t0)));
    expect(p.loss[1]).toBe(loss(Float64Array.from(t1)));
    expect(p.loss[3]).toBe(loss(Float64Array.from(t2))); // (α, β) = (0, 1): row 1, column 0
    const mid = t0.map((v, i) => 0.5 * v + 0.5 * t1[i]!);
    expect(p.loss[2]).toBeCloseTo(loss(Float64Array.from(mid)), 12);
  });

  it('rejects mismatched lengths and empty grids', () => {
    expect(() => lossAlongLine(loss, t0, [1, 2])).toThrow(/theta1/);
    expect(() => lossAlongLine(loss, t0, t1, [])).toThrow(/alphas/);
    expect(() => lossOnPlane(loss, t0, t1, [1])).toThrow(/theta2/);
  });
});
