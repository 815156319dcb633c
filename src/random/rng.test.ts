import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng, type RngState } from './rng.js';

// ---------------------------------------------------------------------------
// Helpers

/**
 * Naive xoshiro128** (Blackman & Vigna's reference C code, `next()`), written
 * with BigInt so that it shares no 32-bit tricks with rng.ts.
 */
function* xoshiro128ss(seed: readonly [number, number, number, number]): Generator<number> {
  const M = 0xffffffffn;
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M;
  const s = seed.map(BigInt);
  while (true) {
    const result = (rotl((s[1]! * 5n) & M, 7n) * 9n) & M;
    const t = (s[1]! << 9n) & M;
    s[2] = s[2]! ^ s[0]!;
    s[3] = s[3]! ^ s[1]!;
    s[1] = s[1]! ^ s[2]!;
    s[0] = s[0]! ^ s[3]!;
    s[2] = s[2]! ^ t;
    s[3] = rotl(s[3]!, 11n);
    yield Number(result);
  }
}

/**
 * Upper 1e-6-ish bound for a chi-square statistic with `df` degrees of freedom:
 * Wilson–Hilferty, (X/df)^(1/3) ≈ N(1 − 2/(9 df), 2/(9 df)), at z = 5.
 */
function chiSquareBound(df: number): number {
  const v = 2 / (9 * df);
  return df * (1 - v + 5 * Math.sqrt(v)) ** 3;
}

function chiSquare(counts: ArrayLike<number>, expected: number): number {
  let x = 0;
  for (let i = 0; i < counts.length; i++) x += (counts[i]! - expected) ** 2 / expected;
  return x;
}

/** Mean, variance (divisor N), skewness and kurtosis m4/m2² of a sample. */
function stats(a: Float64Array) {
  const n = a.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]!;
  const mean = s / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i]! - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { n, mean, variance: m2, skewness: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) };
}

/** s with rotl(5 s, 7)·9 ≡ target (mod 2³²): the state word s1 that makes nextUint32 return target. */
function s1For(target: number): number {
  const M = 1n << 32n;
  const inv = (a: bigint) => {
    // Newton iteration for the inverse of an odd number modulo 2^32
    let x = a;
    for (let i = 0; i < 5; i++) x = (x * (2n - a * x)) % M;
    return (x + M) % M;
  };
  const x = (BigInt(target) * inv(9n)) % M; // rotl(5 s, 7)
  const y = ((x >> 7n) | (x << 25n)) & (M - 1n); // 5 s
  return Number((y * inv(5n)) % M);
}

// ---------------------------------------------------------------------------

describe('xoshiro128** core', () => {
  it('first output from state (1, 2, 3, 4) is 11520 (= rotl(2·5, 7)·9 = 1280·9)', () => {
    expect(Rng.fromState({ s: [1, 2, 3, 4], spare: null }).nextUint32()).toBe(11520);
  });

  it('matches a naive BigInt transcription of the reference for 2000 outputs', () => {
    const seeds: [number, number, number, number][] = [
      [1, 2, 3, 4],
      [0xdeadbeef, 0x01234567, 0x89abcdef, 0xffffffff],
      new Rng(7).getState().s,
    ];
    for (const s of seeds) {
      const r = Rng.fromState({ s, spare: null });
      const ref = xoshiro128ss(s);
      const got = Array.from({ length: 2000 }, () => r.nextUint32());
      const want = Array.from({ length: 2000 }, () => ref.next().value as number);
      expect(got).toEqual(want);
    }
  });
});

describe('seeding', () => {
  it('the same seed gives the same stream', () => {
    for (const seed of [0, 1, 42, -5, 2 ** 40 + 3]) {
      const a = new Rng(seed);
      const b = new Rng(seed);
      for (let i = 0; i < 500; i++) {
        expect(b.nextUint32()).toBe(a.nextUint32());
        expect(b.normal()).toBe(a.normal());
      }
    }
  });

  it('different seeds give different streams', () => {
    // Seeds in [0, 2³²) only: the constructor reduces every seed to 32 bits, so each
    // seed outside that range aliases one inside it (e.g. −1 ≡ 668265260).
    const seeds = [0, 1, 2, 3, 12345, 2 ** 31, 2 ** 32 - 1];
    const firsts = seeds.map((s) => {
      const r = new Rng(s);
      return [r.nextUint32(), r.nextUint32(), r.nextUint32()].join(',');
    });
    expect(new Set(firsts).size).toBe(seeds.length);
  });

  it('distinct seeds in [0, 2³²) give distinct states (SplitMix32 output is a bijection)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 32 - 1 }), fc.nat({ max: 2 ** 32 - 1 }), (a, b) => {
        fc.pre(a !== b);
        expect(new Rng(a).getState().s[0]).not.toBe(new Rng(b).getState().s[0]);
      }),
      { seed: 1, numRuns: 300 },
    );
  });

  it('the default seed is 0', () => {
    expect(new Rng().getState()).toEqual(new Rng(0).getState());
  });

  it('rejects a seed that is not a safe integer', () => {
    expect(() => new Rng(Number.NaN)).toThrow(RangeError);
    expect(() => new Rng(Number.POSITIVE_INFINITY)).toThrow(/seed must be a safe integer/);
    expect(() => new Rng(0.5)).toThrow(/seed must be a safe integer/);
  });

  it('negative seeds and seeds beyond 32 bits give streams of their own', () => {
    const seeds = [-1, -2, 2 ** 32, 2 ** 32 + 1, 2 ** 40, -(2 ** 40), 668265260, 668265261, 0, 1];
    const firsts = seeds.map((s) => new Rng(s).getState().s.join(','));
    expect(new Set(firsts).size).toBe(seeds.length);
  });

  it('setState rejects the all-zero state and a non-finite spare', () => {
    const r = new Rng(1);
    expect(() => r.setState({ s: [0, 0, 0, 0], spare: null })).toThrow(/all-zero/);
    expect(() => r.setState({ s: [1, 2, 3, 4], spare: Number.NaN })).toThrow(/spare/);
  });
});

describe('state round trip', () => {
  it('getState/fromState continues identically, including the cached normal spare', () => {
    const a = new Rng(2718);
    for (let i = 0; i < 37; i++) a.uniform();
    a.normal(); // the polar method leaves its second deviate in `spare`
    const state = a.getState();
    expect(state.spare).not.toBeNull();
    const b = Rng.fromState(JSON.parse(JSON.stringify(state)) as RngState);
    for (let i = 0; i < 200; i++) {
      expect(b.normal()).toBe(a.normal());
      expect(b.uniform()).toBe(a.uniform());
      expect(b.int(1000)).toBe(a.int(1000));
    }
  });

  it('without the spare the next normal would differ (so the spare matters)', () => {
    const a = new Rng(5);
    a.normal();
    const st = a.getState();
    const b = Rng.fromState({ s: st.s, spare: null });
    expect(b.normal()).not.toBe(a.normal());
  });

  it('getState returns a copy; setState rejects words that are not uint32', () => {
    const a = new Rng(9);
    const st = a.getState();
    st.s[0] = 0;
    expect(a.getState().s[0]).not.toBe(0);
    expect(() => a.setState({ s: [1, 2, 3, -1], spare: null })).toThrow(/four uint32 words/);
    expect(() => a.setState({ s: [1, 2, 3, 2 ** 32], spare: null })).toThrow(RangeError);
    expect(() => a.setState({ s: [1, 2.5, 3, 4], spare: null })).toThrow(RangeError);
  });

  it('setState on an existing generator resumes the saved stream', () => {
    const a = new Rng(31);
    const st = a.getState();
    const first = [a.uniform(), a.normal(), a.uniform()];
    a.setState(st);
    expect([a.uniform(), a.normal(), a.uniform()]).toEqual(first);
  });
});

describe('uniform', () => {
  it('lies in [0, 1) with mean 1/2 and variance 1/12 (200 000 draws)', () => {
    // SE(mean) = √(1/12 / N); SE(s²) = √((1/80 − 1/144)/N) = 1/√(180 N)
    const N = 200_000;
    const r = new Rng(123);
    const a = new Float64Array(N);
    for (let i = 0; i < N; i++) a[i] = r.uniform();
    let min = 1;
    let max = 0;
    for (const x of a) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const s = stats(a);
    expect(Math.abs(s.mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(s.variance - 1 / 12)).toBeLessThan(5 / Math.sqrt(180 * N));
  });

  it('uses 53 bits: each value is k/2⁵³ and low bits vary', () => {
    const r = new Rng(4);
    let oddK = 0;
    let fractional = 0;
    for (let i = 0; i < 1000; i++) {
      const k = r.uniform() * 2 ** 53;
      if (!Number.isInteger(k)) fractional++;
      if (k % 2 === 1) oddK++;
    }
    expect(fractional).toBe(0);
    expect(oddK).toBeGreaterThan(400);
    expect(oddK).toBeLessThan(600);
  });

  it('its extremes are exactly 0 and 1 − 2⁻⁵³ (never 1)', () => {
    // State (0, 0, 0, 1): s1 stays 0 for two steps, so both 32-bit outputs are 0.
    expect(Rng.fromState({ s: [0, 0, 0, 1], spare: null }).uniform()).toBe(0);
    // State (0, t, 0, 0) with output(t) = 2³² − 1: s1 ← s1 ^ s2 ^ s0 = t, so two maximal outputs.
    const t = s1For(0xffffffff);
    const r = Rng.fromState({ s: [0, t, 0, 0], spare: null });
    expect(r.uniform()).toBe(1 - 2 ** -53);
  });

  it('uniformIn and fillUniform stay in [lo, hi)', () => {
    const r = new Rng(8);
    const u = Float64Array.from({ length: 1000 }, () => r.uniformIn(-3, 2));
    expect(u.every((x) => x >= -3 && x < 2)).toBe(true);
    const a = new Float64Array(1000);
    r.fillUniform(a, 10, 11);
    expect(a.every((x) => x >= 10 && x < 11)).toBe(true);
  });
});

describe('normal', () => {
  it('has mean 0, variance 1, skewness 0 and kurtosis 3 (200 000 draws)', () => {
    // SE: mean 1/√N, variance √(2/N), skewness √(6/N), kurtosis √(24/N)
    const N = 200_000;
    const r = new Rng(77);
    const a = new Float64Array(N);
    for (let i = 0; i < N; i++) a[i] = r.normal();
    const s = stats(a);
    expect(Math.abs(s.mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(s.variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    expect(Math.abs(s.skewness)).toBeLessThan(5 * Math.sqrt(6 / N));
    expect(Math.abs(s.kurtosis - 3)).toBeLessThan(5 * Math.sqrt(24 / N));
  });

  it('P(|Z| > 2) ≈ 0.0455 (tails are Gaussian, not just the moments)', () => {
    const N = 200_000;
    const r = new Rng(78);
    let c = 0;
    for (let i = 0; i < N; i++) if (Math.abs(r.normal()) > 2) c++;
    const p = 0.0455003; // 2(1 − Φ(2))
    expect(Math.abs(c / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
  });

  it('fillNormal(mean, std) scales and shifts', () => {
    const N = 100_000;
    const a = new Float64Array(N);
    new Rng(79).fillNormal(a, 3, 0.5);
    const s = stats(a);
    expect(Math.abs(s.mean - 3)).toBeLessThan((5 * 0.5) / Math.sqrt(N));
    expect(Math.abs(s.variance - 0.25)).toBeLessThan(5 * 0.25 * Math.sqrt(2 / N));
  });
});

describe('int', () => {
  it('is unbiased for small n (chi-square)', () => {
    for (const n of [2, 7, 10, 100]) {
      const r = new Rng(1000 + n);
      const draws = 2000 * n;
      const counts = new Float64Array(n);
      let bad = 0;
      for (let i = 0; i < draws; i++) {
        const k = r.int(n);
        if (!(Number.isInteger(k) && k >= 0 && k < n)) bad++;
        else counts[k]!++;
      }
      expect(bad).toBe(0);
      expect(chiSquare(counts, draws / n)).toBeLessThan(chiSquareBound(n - 1));
    }
  });

  it('is unbiased for n = 3·2³⁰, where plain modulo would favour [0, 2³⁰) twice over', () => {
    // Bucket by k / 2³⁰ ∈ {0, 1, 2}: each has probability 1/3 if unbiased;
    // x mod n without rejection would give (1/2, 1/4, 1/4).
    const n = 3 * 2 ** 30;
    const r = new Rng(55);
    const draws = 30_000;
    const counts = new Float64Array(3);
    let bad = 0;
    for (let i = 0; i < draws; i++) {
      const k = r.int(n);
      if (!(Number.isInteger(k) && k >= 0 && k < n)) bad++;
      else counts[Math.floor(k / 2 ** 30)]!++;
    }
    expect(bad).toBe(0);
    expect(chiSquare(counts, draws / 3)).toBeLessThan(chiSquareBound(2));
  });

  it('accepts n = 1 and n = 2³²', () => {
    const r = new Rng(3);
    for (let i = 0; i < 10; i++) expect(r.int(1)).toBe(0);
    let big = 0;
    for (let i = 0; i < 100; i++) {
      const k = r.int(2 ** 32);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(2 ** 32);
      if (k >= 2 ** 31) big++;
    }
    expect(big).toBeGreaterThan(20);
  });

  it('rejects n outside the integers [1, 2³²]', () => {
    const r = new Rng(0);
    for (const n of [0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32 + 1]) {
      expect(() => r.int(n)).toThrow(RangeError);
    }
    expect(() => r.int(0)).toThrow(/n must be an integer in \[1, 2\^32\], got 0/);
  });
});

describe('permutation and shuffle', () => {
  it('permutation(n) is a permutation of 0..n−1', () => {
    const r = new Rng(6);
    for (const n of [0, 1, 2, 10, 1000]) {
      const p = r.permutation(n);
      expect(p).toBeInstanceOf(Int32Array);
      expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('all 6 permutations of 3 are equally likely (chi-square)', () => {
    const r = new Rng(60);
    const draws = 60_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < draws; i++) {
      const key = r.permutation(3).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    expect(chiSquare([...counts.values()], draws / 6)).toBeLessThan(chiSquareBound(5));
  });

  it('shuffle keeps the multiset and is reproducible', () => {
    const a = Float64Array.from([5, 1, 1, 9, -2, 7.5]);
    const b = a.slice();
    new Rng(12).shuffle(a);
    new Rng(12).shuffle(b);
    expect(a).toEqual(b);
    expect([...a].sort((x, y) => x - y)).toEqual([-2, 1, 1, 5, 7.5, 9]);
  });
});

describe('sign and split', () => {
  it('sign is ±1 with equal probability', () => {
    const r = new Rng(17);
    const N = 100_000;
    let plus = 0;
    let minus = 0;
    for (let i = 0; i < N; i++) {
      const s = r.sign();
      if (s === 1) plus++;
      else if (s === -1) minus++;
    }
    expect(plus + minus).toBe(N);
    expect(Math.abs(plus - N / 2)).toBeLessThan(5 * Math.sqrt(N / 4));
  });

  it('split gives a reproducible child whose stream differs from the parent', () => {
    const p1 = new Rng(44);
    const p2 = new Rng(44);
    const c1 = p1.split();
    const c2 = p2.split();
    const childStream = Array.from({ length: 8 }, () => c1.nextUint32());
    expect(Array.from({ length: 8 }, () => c2.nextUint32())).toEqual(childStream);
    expect(Array.from({ length: 8 }, () => p1.nextUint32())).not.toEqual(childStream);
  });
});
