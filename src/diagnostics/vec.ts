/** Dense vector helpers (plain indexed loops) and option pieces shared inside diagnostics/. */
import { z } from 'zod';
import { Rng } from '../random/index.js';

export { dot, norm } from '../linalg/vector.js';

/** Fills `out` with Rademacher ±1 entries on the mask (0 elsewhere). */
export function fillRademacher(out: Float64Array, rng: Rng, mask?: Uint8Array): void {
  for (let i = 0; i < out.length; i++) out[i] = !mask || mask[i] ? rng.sign() : 0;
}

/** Fills `out` with standard normal entries on the mask (0 elsewhere). */
export function fillGaussian(out: Float64Array, rng: Rng, mask?: Uint8Array): void {
  for (let i = 0; i < out.length; i++) out[i] = !mask || mask[i] ? rng.normal() : 0;
}

/**
 * The generator option of every randomised diagnostic (`rng`); default
 * `new Rng(0)`, a fresh one per call.
 */
export const rngSchema = () =>
  z
    .custom<Rng>((v) => v instanceof Rng, { message: 'must be an Rng (src/random)' })
    .default(() => new Rng(0));

/** A start vector: an array (or typed array) of numbers; its length is checked where it is used. */
export const startSchema = () =>
  z.custom<ArrayLike<number>>(
    (v) =>
      Array.isArray(v) ||
      (ArrayBuffer.isView(v) && typeof (v as { length?: unknown }).length === 'number'),
    { message: 'must be an array of numbers' },
  );
