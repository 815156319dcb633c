/**
 * Option fields the optimizers share, built from `src/options`' pieces so that
 * every optimizer reads and rejects them the same way (and the JSON specs of
 * contract/ reuse them with the same defaults).
 */
import { z } from 'zod';
import { hyper, nonnegative } from '../options/index.js';
import type { MatrixBlock } from './matrixBlocks.js';
import type { Mask } from './weightDecay.js';

/** A rate or coefficient ≥ 0 that may also be a schedule of the update number k (checked at k = 0). */
export const rate = () => hyper(nonnegative());

/** A weight-decay mask: a `Uint8Array` (non-zero = decay) or `boolean[]`, one entry per element of θ. */
export const mask = () =>
  z.custom<Mask>(
    (v) => v instanceof Uint8Array || (Array.isArray(v) && v.every((b) => typeof b === 'boolean')),
    { message: 'must be a Uint8Array or an array of booleans' },
  );

/** The 2-D weight matrices inside θ (from a model's parameters), for muon, shampoo, soap. */
export const matrices = () =>
  z.custom<readonly MatrixBlock[]>((v) => Array.isArray(v), {
    message: 'must be an array of matrix blocks { offset, rows, cols }',
  });

/** `weightDecay` (a rate ≥ 0 or schedule, default `wd`) and its `mask` (default: every element). */
export const decayFields = (wd = 0) => ({
  /** Coupled L2 coefficient (decoupled for adamw and lion). */
  weightDecay: rate().default(wd),
  /** Elements to decay (weights, not biases). Default: all. */
  mask: mask().optional(),
});

const decayObject = z.strictObject(decayFields());
/** `weightDecay` and `mask`, as the named optimizers take them. */
export type DecayOptions = z.input<typeof decayObject>;
