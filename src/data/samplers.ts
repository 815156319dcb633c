/**
 * Minibatch samplers: which rows make up each step's batch.
 *
 * - `epochSampler`: shuffled epochs without replacement (the usual SGD of
 *   *Deep Learning* §8.1.3: each epoch is a fresh permutation cut into batches).
 * - `replacementSampler`: DLFS's draw, `np.random.choice(train_size, batch_size)`:
 *   each step draws `batchSize` indices independently and uniformly from
 *   [0, n), with replacement, so a batch may repeat a row.
 * - `fixedBatchSampler`: the same batch every step (all rows by default), for
 *   full-batch methods and for "one fixed minibatch" experiments.
 *
 * `next()` returns an `Int32Array` of row indices that the sampler owns and
 * overwrites on the following call; no allocation happens per step (the last,
 * shorter batch of an epoch is a view made once). `gatherRows`/`gatherBatch`
 * copy the chosen rows into a preallocated batch buffer.
 *
 * Each sampler takes an `Rng` and draws from its own generator split from it
 * (`rng.split()`, one draw from the caller's). `getState`/`setState` copy plain
 * serialisable data so that a resumed run sees the same batches.
 *
 * Pure module: no Node imports.
 */
import { z } from 'zod';
import { count, parseOptions } from '../options/index.js';
import { Rng, type RngState } from '../random/index.js';

export type SamplerKind = 'epoch' | 'replacement' | 'fixed';

export interface SamplerState {
  kind: SamplerKind;
  /** Steps taken so far. */
  step: number;
  /** Epoch sampler: position in the current order; others 0. */
  pos: number;
  /** Epoch sampler: the current epoch's order (null before the first step). */
  order: number[] | null;
  /** The sampler's own generator. */
  rng: RngState | null;
}

export interface BatchSampler {
  readonly kind: SamplerKind;
  /** Rows in the dataset. */
  readonly n: number;
  /** Nominal batch size (the epoch sampler's last batch may be shorter). */
  readonly batchSize: number;
  /**
   * Steps per epoch: ⌈n/B⌉ (⌊n/B⌋ with `dropLast`) for the epoch sampler;
   * `max(n/B, 1)` — possibly fractional, as DLFS's `iter_per_epoch` — for the
   * replacement sampler; 1 for the fixed batch.
   */
  readonly stepsPerEpoch: number;
  /** Steps taken so far. */
  readonly step: number;
  /** Completed epochs: for the replacement sampler ⌊step / stepsPerEpoch⌋. */
  readonly epoch: number;
  /** True when the batch just returned ended an epoch. */
  readonly endOfEpoch: boolean;
  /** Indices of the next batch; valid until the next call, do not modify. */
  next(): Int32Array;
  getState(): SamplerState;
  setState(state: SamplerState): void;
  /** An endless iterator over `next()`. */
  [Symbol.iterator](): Iterator<Int32Array>;
}

function checkN(n: number, who: string): void {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`${who}: n must be an integer ≥ 1, got ${n}`);
}

function checkBatch(b: number, n: number, who: string, max = Number.POSITIVE_INFINITY): void {
  if (!Number.isInteger(b) || b < 1 || b > max) {
    throw new RangeError(
      `${who}: batchSize must be an integer in [1, ${max === Number.POSITIVE_INFINITY ? '∞' : max}], got ${b} (n = ${n})`,
    );
  }
}

function* endless(s: BatchSampler): Iterator<Int32Array> {
  for (;;) yield s.next();
}

/**
 * Options of {@link epochSampler}: `batchSize`, `rng`, `dropLast` (skip the last
 * batch of an epoch when it is shorter than `batchSize`) [false], `shuffle`
 * (false walks 0…n−1 in order) [true].
 */
export const epochSamplerOptions = z.strictObject({
  batchSize: count(),
  rng: z.instanceof(Rng),
  dropLast: z.boolean().default(false),
  shuffle: z.boolean().default(true),
});
export type EpochSamplerOptions = z.input<typeof epochSamplerOptions>;

/** Shuffled epochs without replacement. */
export function epochSampler(n: number, opts: EpochSamplerOptions): BatchSampler {
  checkN(n, 'epochSampler');
  const {
    batchSize: B,
    dropLast,
    shuffle,
    rng: given,
  } = parseOptions('epochSampler', epochSamplerOptions, opts);
  checkBatch(B, n, 'epochSampler', dropLast ? n : Number.POSITIVE_INFINITY);
  const rng = given.split();
  const order = new Int32Array(n);
  const buf = new Int32Array(Math.min(B, n));
  const rem = n % B;
  const tail = rem > 0 && B < n ? buf.subarray(0, rem) : buf;
  const usable = dropLast ? n - rem : n;
  let pos = usable; // forces a new order on the first step
  let started = false;
  let step = 0;
  let epoch = 0;
  let end = false;
  const s: BatchSampler = {
    kind: 'epoch',
    n,
    batchSize: B,
    stepsPerEpoch: dropLast ? Math.floor(n / B) : Math.ceil(n / B),
    get step() {
      return step;
    },
    get epoch() {
      return epoch;
    },
    get endOfEpoch() {
      return end;
    },
    next() {
      if (pos >= usable) {
        for (let i = 0; i < n; i++) order[i] = i;
        if (shuffle) rng.shuffle(order);
        pos = 0;
        started = true;
      }
      const m = Math.min(B, usable - pos);
      for (let k = 0; k < m; k++) buf[k] = order[pos + k]!;
      pos += m;
      step++;
      end = pos >= usable;
      if (end) epoch++;
      return m === buf.length ? buf : tail;
    },
    getState() {
      return {
        kind: 'epoch',
        step,
        pos,
        order: started ? Array.from(order) : null,
        rng: rng.getState(),
      };
    },
    setState(st) {
      if (st.kind !== 'epoch' || st.rng === null) {
        throw new TypeError(
          `epochSampler.setState: state of kind '${st.kind}' is not an epoch sampler's`,
        );
      }
      if (st.order !== null && st.order.length !== n) {
        throw new RangeError(
          `epochSampler.setState: order has ${st.order.length} entries, n = ${n}`,
        );
      }
      rng.setState(st.rng);
      step = st.step;
      pos = st.pos;
      started = st.order !== null;
      if (st.order !== null) order.set(st.order);
      else pos = usable;
      epoch = Math.floor(step / s.stepsPerEpoch);
      end = started && pos >= usable;
    },
    [Symbol.iterator]() {
      return endless(s);
    },
  };
  return s;
}

/** Options of {@link replacementSampler}: `batchSize`, `rng`. */
export const replacementSamplerOptions = z.strictObject({
  batchSize: count(),
  rng: z.instanceof(Rng),
});
export type ReplacementSamplerOptions = z.input<typeof replacementSamplerOptions>;

/**
 * DLFS's minibatches: `batch_mask = np.random.choice(train_size, batch_size)`,
 * i.e. `batchSize` indices i.i.d. uniform on [0, n) with replacement. NumPy's
 * exact stream is not reproduced; the distribution is.
 */
export function replacementSampler(n: number, opts: ReplacementSamplerOptions): BatchSampler {
  checkN(n, 'replacementSampler');
  const o = parseOptions('replacementSampler', replacementSamplerOptions, opts);
  const B = o.batchSize;
  const rng = o.rng.split();
  const buf = new Int32Array(B);
  const spe = Math.max(n / B, 1);
  let step = 0;
  const s: BatchSampler = {
    kind: 'replacement',
    n,
    batchSize: B,
    stepsPerEpoch: spe,
    get step() {
      return step;
    },
    get epoch() {
      return Math.floor(step / spe);
    },
    get endOfEpoch() {
      return step > 0 && step % spe === 0;
    },
    next() {
      for (let k = 0; k < B; k++) buf[k] = rng.int(n);
      step++;
      return buf;
    },
    getState() {
      return { kind: 'replacement', step, pos: 0, order: null, rng: rng.getState() };
    },
    setState(st) {
      if (st.kind !== 'replacement' || st.rng === null) {
        throw new TypeError(
          `replacementSampler.setState: state of kind '${st.kind}' is not a replacement sampler's`,
        );
      }
      rng.setState(st.rng);
      step = st.step;
    },
    [Symbol.iterator]() {
      return endless(s);
    },
  };
  return s;
}

/**
 * Options of {@link fixedBatchSampler}: `indices`, the rows of the batch
 * [all rows 0…n−1]; or `batchSize` with `rng`: one random subset of that size,
 * drawn without replacement, once.
 */
export const fixedBatchOptions = z
  .strictObject({
    indices: z
      .custom<ArrayLike<number>>(
        (v) =>
          v !== null &&
          typeof v === 'object' &&
          typeof (v as { length?: unknown }).length === 'number',
        { message: 'must be an array of row indices' },
      )
      .optional(),
    batchSize: count().optional(),
    rng: z.instanceof(Rng).optional(),
  })
  .superRefine((o, ctx) => {
    if (o.indices === undefined && o.batchSize !== undefined && o.rng === undefined) {
      ctx.addIssue({ code: 'custom', path: ['rng'], message: 'must be given with batchSize' });
    }
  });
export type FixedBatchOptions = z.input<typeof fixedBatchOptions>;

/** The same batch at every step: for full-batch methods or a fixed minibatch. */
export function fixedBatchSampler(n: number, opts: FixedBatchOptions = {}): BatchSampler {
  checkN(n, 'fixedBatchSampler');
  const o = parseOptions('fixedBatchSampler', fixedBatchOptions, opts);
  let idx: Int32Array;
  if (o.indices !== undefined) {
    idx = Int32Array.from(o.indices);
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k]!;
      if (i < 0 || i >= n)
        throw new RangeError(`fixedBatchSampler: index ${i} is outside [0, ${n})`);
    }
    if (idx.length === 0) throw new RangeError('fixedBatchSampler: indices must not be empty');
  } else if (o.batchSize !== undefined && o.rng !== undefined) {
    checkBatch(o.batchSize, n, 'fixedBatchSampler', n);
    idx = o.rng.permutation(n).slice(0, o.batchSize);
  } else {
    idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
  }
  const fixed = idx.slice();
  let step = 0;
  const s: BatchSampler = {
    kind: 'fixed',
    n,
    batchSize: idx.length,
    stepsPerEpoch: 1,
    get step() {
      return step;
    },
    get epoch() {
      return step;
    },
    get endOfEpoch() {
      return step > 0;
    },
    next() {
      // Restore in case a caller wrote into the returned array.
      idx.set(fixed);
      step++;
      return idx;
    },
    getState() {
      return { kind: 'fixed', step, pos: 0, order: Array.from(fixed), rng: null };
    },
    setState(st) {
      if (st.kind !== 'fixed') {
        throw new TypeError(
          `fixedBatchSampler.setState: state of kind '${st.kind}' is not a fixed batch's`,
        );
      }
      if (
        st.order !== null &&
        (st.order.length !== fixed.length || st.order.some((v, k) => v !== fixed[k]))
      ) {
        throw new RangeError('fixedBatchSampler.setState: the state belongs to a different batch');
      }
      step = st.step;
    },
    [Symbol.iterator]() {
      return endless(s);
    },
  };
  return s;
}

/** Restore any sampler kind from state (for checkpoints): builds it, then `setState`. */
export function samplerFromState(
  n: number,
  batchSize: number,
  state: SamplerState,
  opts: { dropLast?: boolean; shuffle?: boolean } = {},
): BatchSampler {
  const dummy = new Rng(0);
  let s: BatchSampler;
  if (state.kind === 'epoch') s = epochSampler(n, { batchSize, rng: dummy, ...opts });
  else if (state.kind === 'replacement') s = replacementSampler(n, { batchSize, rng: dummy });
  else s = fixedBatchSampler(n, { indices: state.order ?? [] });
  s.setState(state);
  return s;
}
