/** Dense vector helpers and option checks shared inside diagnostics/ (plain indexed loops). */
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

/** An integer option in [min, max], or its default. */
export function intOption(
  where: string,
  name: string,
  value: number | undefined,
  def: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const v = value ?? def;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(
      `${where}: option ${name} must be an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? '∞' : max}], got ${value}`,
    );
  }
  return v;
}

/** A positive finite number option, or its default. */
export function positiveOption(
  where: string,
  name: string,
  value: number | undefined,
  def: number,
): number {
  const v = value ?? def;
  if (!(Number.isFinite(v) && v > 0))
    throw new RangeError(`${where}: option ${name} must be a positive finite number, got ${value}`);
  return v;
}

/** The given generator, or a fresh one seeded with 0 (documented default of every `rng` option). */
export function rngOption(where: string, rng: Rng | undefined): Rng {
  if (rng === undefined) return new Rng(0);
  if (!(rng instanceof Rng))
    throw new TypeError(`${where}: option rng must be an Rng (src/random), got ${typeof rng}`);
  return rng;
}
