/**
 * Shared types of the initialisers.
 *
 * Every initialiser fills a typed-array view of a weight matrix W of shape
 * [fanIn, fanOut], row-major (entry (i, j) at i·fanOut + j), for a layer that
 * computes x W + b. Column j holds the incoming weights of unit j; row i the
 * outgoing weights of input i. A bias is treated as a [1, fanOut] matrix: fill it
 * with `init(b, 1, b.length, rng)` (see {@link initBias}).
 */
import type { Rng } from '../random/index.js';

/** The storage an initialiser writes into. */
export type WeightArray = Float32Array | Float64Array;

/**
 * Fills `out` (length fanIn·fanOut) with the initial values of W ∈ ℝ^{fanIn×fanOut}.
 * Draws only from `rng`; the same generator state gives the same bits.
 */
export type Initializer = (out: WeightArray, fanIn: number, fanOut: number, rng: Rng) => void;

/**
 * Checks the shape arguments of an initialiser call: fanIn and fanOut positive
 * integers and `out.length === fanIn·fanOut`. Throws a RangeError naming the
 * initialiser and the bad value.
 */
export function checkShape(name: string, out: WeightArray, fanIn: number, fanOut: number): void {
  if (!Number.isInteger(fanIn) || fanIn < 1) {
    throw new RangeError(`${name}: fanIn must be an integer ≥ 1, got ${fanIn}`);
  }
  if (!Number.isInteger(fanOut) || fanOut < 1) {
    throw new RangeError(`${name}: fanOut must be an integer ≥ 1, got ${fanOut}`);
  }
  if (out.length !== fanIn * fanOut) {
    throw new RangeError(
      `${name}: output array has length ${out.length}, expected fanIn·fanOut = ${fanIn}·${fanOut} = ${fanIn * fanOut}`,
    );
  }
}

/** Fills a bias vector, seen as the [1, b.length] matrix, with `init`. */
export function initBias(init: Initializer, b: WeightArray, rng: Rng): void {
  init(b, 1, b.length, rng);
}

/** A value as it reads in an error message. */
export function fmt(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) {
    return String(v);
  }
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
