/**
 * Weight decay, coupled and decoupled. Both add wd·θ to the update, masked; what
 * differs is WHERE they sit in a chain:
 *
 * - `addWeightDecay(wd, {mask})` — coupled L2 (Deep Learning §7.1.1): the gradient
 *   of ½·wd‖θ‖² is added BEFORE the optimizer's own scaling, g ← g + wd·θ, so
 *   an adaptive method rescales it too (PyTorch's `weight_decay`).
 * - `addDecayedWeights(wd, {mask})` — decoupled (Loshchilov & Hutter 2019, AdamW):
 *   placed AFTER the preconditioner and before `scaleByLearningRate`, so the
 *   step is θ ← θ − ε_k(û + wd·θ) = θ(1 − ε_k wd) − ε_k û.
 *
 * Options: `wd` ≥ 0, a number or a schedule of the update number k; `mask` — a
 * `Uint8Array` (non-zero = decay) or `boolean[]` with one entry per element of
 * θ, typically true for weights and false for biases. Default: decay everything.
 */

import { z } from 'zod';
import { parseOptions } from '../options/index.js';
import { mask as maskField, rate } from './fields.js';
import type { CountState } from './scaleByLearningRate.js';
import type { Hyper, Transform } from './types.js';

const schema = z.strictObject({ weightDecay: rate(), mask: maskField().optional() });

/** One entry per element of θ: non-zero / true = apply. */
export type Mask = Uint8Array | readonly boolean[];

/** Normalises a mask to a Uint8Array of 0/1. */
export function toMask(mask: Mask): Uint8Array {
  if (mask instanceof Uint8Array) return mask;
  const m = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) m[i] = mask[i] ? 1 : 0;
  return m;
}

function decay(where: string, wd: Hyper, opts: { mask?: Mask }): Transform<CountState> {
  const o = parseOptions(where, schema, { ...opts, weightDecay: wd });
  const mask = o.mask === undefined ? undefined : toMask(o.mask);
  return {
    init(p) {
      if (mask && mask.length !== p.length) {
        throw new RangeError(`${where}: mask has length ${mask.length}, parameters ${p.length}`);
      }
      return { count: 0 };
    },
    update(u, s, p) {
      const c = typeof wd === 'number' ? wd : wd(s.count);
      s.count++;
      if (c === 0) return;
      const n = u.length;
      if (mask) {
        for (let i = 0; i < n; i++) if (mask[i] !== 0) u[i] = u[i]! + c * p[i]!;
      } else {
        for (let i = 0; i < n; i++) u[i] = u[i]! + c * p[i]!;
      }
    },
  };
}

/**
 * The `{ decay }` link of a named chain for parsed `weightDecay`/`mask`
 * options — coupled (`addWeightDecay`) or decoupled (`addDecayedWeights`) —
 * or `{}` when the decay is the number 0.
 */
export function decayLink(
  o: { weightDecay: Hyper; mask?: Mask | undefined },
  decoupled = false,
): { decay?: Transform<CountState> } {
  if (o.weightDecay === 0) return {};
  const m = o.mask === undefined ? {} : { mask: o.mask };
  return { decay: (decoupled ? addDecayedWeights : addWeightDecay)(o.weightDecay, m) };
}

/** Coupled L2 weight decay: g ← g + wd·θ (place first in the chain). */
export function addWeightDecay(wd: Hyper, opts: { mask?: Mask } = {}): Transform<CountState> {
  return decay('addWeightDecay', wd, opts);
}

/** Decoupled weight decay: û ← û + wd·θ (place just before `scaleByLearningRate`). */
export function addDecayedWeights(wd: Hyper, opts: { mask?: Mask } = {}): Transform<CountState> {
  return decay('addDecayedWeights', wd, opts);
}
