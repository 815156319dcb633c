/**
 * The schema pieces every entry point builds its options from, so that the same
 * kind of option reads and fails the same way everywhere.
 */
import { z } from 'zod';

/** A finite number. */
export const finite = () => z.number().finite();
/** A number > 0 (finite). */
export const positive = () => z.number().finite().positive();
/** A number ≥ 0 (finite). */
export const nonnegative = () => z.number().finite().nonnegative();
/** A number in [0, 1]. */
export const unit = () => z.number().min(0).max(1);
/** A number in [0, 1), such as a moment decay β. */
export const decay = () => z.number().min(0).lt(1);
/** An integer ≥ 1. */
export const count = () => z.number().int().min(1);
/** An integer ≥ 0. */
export const index = () => z.number().int().min(0);
/** A seed for the generator: an integer ≥ 0. */
export const seed = () => z.number().int().min(0);

/** A function of the update number k, as schedules are (checked to be a function only). */
export const schedule = () =>
  z.custom<(k: number) => number>((v) => typeof v === 'function', {
    message: 'must be a number or a schedule (a function of k)',
  });

/**
 * A hyper-parameter: a number checked by `num`, or a schedule whose value at
 * k = 0 is checked by `num` too (as `checkHyper` did).
 */
export const hyper = (num: z.ZodNumber) =>
  z.union([num, schedule()]).superRefine((v, ctx) => {
    if (typeof v !== 'function') return;
    const r = num.safeParse(v(0));
    if (!r.success) {
      ctx.addIssue({
        code: 'custom',
        message: `must give a valid value at k = 0: ${r.error.issues[0]?.message ?? ''}`,
      });
    }
  });

/** A Float32Array or Float64Array. */
export const vector = () =>
  z.custom<Float32Array | Float64Array>(
    (v) => v instanceof Float32Array || v instanceof Float64Array,
    { message: 'must be a Float32Array or Float64Array' },
  );

/**
 * What every callback returns (a solver's `callback`, `fit`'s `onEpoch`, a
 * study's): the string `'stop'` stops the run, anything else lets it go on.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a callback that returns nothing must type-check
export type CallbackResult = void | 'stop';
