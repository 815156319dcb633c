/**
 * Hutchinson's estimate of the Hessian's diagonal, diag(H) ≈ z ⊙ (H z) with z
 * a Rademacher vector (E[z ⊙ Hz] = diag H; Bekas, Kokiopoulou & Saad 2007), as
 * Sophia-H and AdaHessian use it. The generator's state is kept in the
 * optimizer's state (plain data), so a resumed run draws the same z.
 */
import { Rng, type RngState } from '../random/index.js';
import type { Oracle, Vec } from './types.js';

/** Writes z ⊙ (H(x) z) into `out`, drawing z from (and advancing) `rng`. */
export function hutchinsonDiagonal(
  oracle: Oracle,
  x: Vec,
  rng: RngState,
  z: Vec,
  out: Vec,
): RngState {
  const r = Rng.fromState(rng);
  for (let i = 0; i < z.length; i++) z[i] = r.uniform() < 0.5 ? -1 : 1;
  oracle.hvp(x, z, out);
  for (let i = 0; i < z.length; i++) out[i] = out[i]! * z[i]!;
  return r.getState();
}
