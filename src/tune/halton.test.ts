import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { firstPrimes, Halton, radicalInverse } from './halton.js';

/** Squared L2-star discrepancy by Warnock's closed form (1972). */
function l2StarDiscrepancy2(points: Float64Array[], d: number): number {
  const n = points.length;
  let s1 = 0;
  for (const p of points) {
    let prod = 1;
    for (let k = 0; k < d; k++) prod *= 1 - p[k]! * p[k]!;
    s1 += prod;
  }
  let s2 = 0;
  for (const p of points)
    for (const q of points) {
      let prod = 1;
      for (let k = 0; k < d; k++) prod *= 1 - Math.max(p[k]!, q[k]!);
      s2 += prod;
    }
  return 3 ** -d - (2 ** (1 - d) / n) * s1 + s2 / (n * n);
}

describe('Halton', () => {
  it('first primes', () => {
    expect(firstPrimes(8)).toEqual([2, 3, 5, 7, 11, 13, 17, 19]);
  });

  it('van der Corput radical inverse by hand', () => {
    // base 2: 1 = 1₂ → .1₂ = 1/2; 2 = 10₂ → .01₂ = 1/4; 3 → .11₂ = 3/4; 6 = 110₂ → .011₂ = 3/8.
    expect([0, 1, 2, 3, 6].map((n) => radicalInverse(n, 2))).toEqual([0, 0.5, 0.25, 0.75, 0.375]);
    // base 3: 1 → 1/3, 2 → 2/3, 3 = 10₃ → 1/9, 5 = 12₃ → 2/3·… = .21₃ = 2/3 + 1/9.
    expect(radicalInverse(1, 3)).toBeCloseTo(1 / 3, 15);
    expect(radicalInverse(3, 3)).toBeCloseTo(1 / 9, 15);
    expect(radicalInverse(5, 3)).toBeCloseTo(2 / 3 + 1 / 9, 15);
  });

  it('unscrambled points are the radical inverses in successive prime bases', () => {
    const h = new Halton(3, { scramble: false });
    expect(Array.from(h.point(5))).toEqual([
      radicalInverse(5, 2),
      radicalInverse(5, 3),
      radicalInverse(5, 5),
    ]);
  });

  it('scrambled: the first b^m points stratify every coordinate (one per interval of width b^-m)', () => {
    const dim = 5;
    const h = new Halton(dim, { seed: 11 });
    const bases = firstPrimes(dim);
    for (let j = 0; j < dim; j++) {
      const b = bases[j]!;
      for (const m of [1, 2, b === 2 ? 6 : 2]) {
        const n = b ** m;
        const hits = new Int32Array(n);
        for (let i = 0; i < n; i++) hits[Math.floor(h.point(i)[j]! * n)]! += 1;
        expect(Array.from(hits).every((c) => c === 1)).toBe(true);
      }
    }
  });

  it('is deterministic in the seed and different across seeds; stays in [0, 1)', () => {
    const a = new Halton(4, { seed: 3 });
    const b = new Halton(4, { seed: 3 });
    const c = new Halton(4, { seed: 4 });
    expect(Array.from(a.point(17))).toEqual(Array.from(b.point(17)));
    expect(Array.from(a.point(17))).not.toEqual(Array.from(c.point(17)));
    for (let i = 0; i < 500; i++) for (const v of a.point(i)) expect(v >= 0 && v < 1).toBe(true);
  });

  it('has far lower L2-star discrepancy than uniform random points', () => {
    const n = 256;
    const d = 3;
    const h = new Halton(d, { seed: 5 });
    const qmc = Array.from({ length: n }, (_, i) => h.point(i));
    const rng = new Rng(9);
    const mc = Array.from({ length: n }, () => {
      const p = new Float64Array(d);
      rng.fillUniform(p);
      return p;
    });
    const dq = Math.sqrt(l2StarDiscrepancy2(qmc, d));
    const dm = Math.sqrt(l2StarDiscrepancy2(mc, d));
    // Random points: E[D²] = (2^-d − 3^-d)/n, so D ≈ 0.0174 here; Halton ≈ O(log(n)^d / n).
    expect(dm).toBeGreaterThan(0.005);
    expect(dq).toBeLessThan(dm / 3);
  });
});
