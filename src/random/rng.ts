/**
 * The one seeded generator of optlab: xoshiro128** (Blackman & Vigna, 2018),
 * seeded through SplitMix32 so that any 32-bit seed gives a well-mixed state.
 *
 * Library code never calls the global random function: every function that needs randomness
 * takes an `Rng` argument. The state is four uint32 words (plus a cached normal
 * deviate), plain data that `getState`/`setState` copy in and out, so a checkpoint
 * that stores it resumes with the very same numbers.
 *
 * Reference: D. Blackman, S. Vigna, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 47(4), 2021. Normal deviates by the Marsaglia polar method.
 */

/** Serialisable generator state. */
export interface RngState {
  s: [number, number, number, number];
  /** A second normal deviate left over from the polar method, or null. */
  spare: number | null;
}

function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * The seeded generator (see the module comment). Pass one explicitly to what
 * needs randomness; `split()` gives independent streams, and `getState()` is
 * plain data that resumes the very same numbers.
 *
 * @example
 * ```ts
 * import { Rng } from 'optlab/core';
 *
 * const rng = new Rng(42);
 * console.log(rng.uniform(), rng.normal(), rng.int(10), rng.permutation(5));
 * const saved = rng.getState(); // plain data: a checkpoint can store it
 * const next = [rng.normal(), rng.uniform()];
 * const again = Rng.fromState(saved);
 * console.log(next[0] === again.normal() && next[1] === again.uniform()); // true
 * ```
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  /**
   * @param seed any safe integer (negative too); distinct seeds give distinct
   * streams: the low and high 32-bit halves are mixed separately by SplitMix32.
   */
  constructor(seed = 0) {
    if (!Number.isSafeInteger(seed))
      throw new RangeError(`Rng: seed must be a safe integer, got ${seed}`);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    const a = splitmix32(lo);
    const b = splitmix32(hi ^ 0x6a09e667);
    this.s0 = a();
    this.s1 = (a() ^ b()) >>> 0;
    this.s2 = b();
    this.s3 = (a() ^ b()) >>> 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator with exactly the given state. */
  static fromState(state: RngState): Rng {
    const r = new Rng(0);
    r.setState(state);
    return r;
  }

  getState(): RngState {
    return { s: [this.s0, this.s1, this.s2, this.s3], spare: this.spare };
  }

  setState(state: RngState): void {
    const [a, b, c, d] = state.s;
    if ([a, b, c, d].some((w) => !Number.isInteger(w) || w < 0 || w > 0xffffffff)) {
      throw new RangeError('Rng.setState: state.s must be four uint32 words');
    }
    if ((a | b | c | d) === 0)
      throw new RangeError(
        'Rng.setState: the all-zero state is not allowed (xoshiro never leaves it)',
      );
    if (state.spare !== null && !Number.isFinite(state.spare)) {
      throw new RangeError(
        `Rng.setState: spare must be null or a finite number, got ${state.spare}`,
      );
    }
    this.s0 = a >>> 0;
    this.s1 = b >>> 0;
    this.s2 = c >>> 0;
    this.s3 = d >>> 0;
    this.spare = state.spare;
  }

  /** An independent generator derived from this one (advances this one by one draw). */
  split(): Rng {
    return new Rng(this.nextUint32());
  }

  /** Next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Standard normal deviate N(0, 1). */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /** Integer uniform in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) {
      throw new RangeError(`Rng.int: n must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = 0x100000000 - (0x100000000 % n);
    let x: number;
    do x = this.nextUint32();
    while (x >= limit);
    return x % n;
  }

  /** Fill an array with N(mean, std²) deviates. */
  fillNormal(out: Float32Array | Float64Array, mean = 0, std = 1): void {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
  }

  /** Fill an array with U[lo, hi) deviates. */
  fillUniform(out: Float32Array | Float64Array, lo = 0, hi = 1): void {
    const w = hi - lo;
    for (let i = 0; i < out.length; i++) out[i] = lo + w * this.uniform();
  }

  /** A random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    this.shuffle(p);
    return p;
  }

  /** Shuffle in place (Fisher–Yates). */
  shuffle(a: { length: number; [i: number]: number }): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]!;
      a[i] = a[j]!;
      a[j] = t;
    }
  }

  /** Rademacher ±1 with equal probability. */
  sign(): number {
    return this.nextUint32() & 1 ? 1 : -1;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
