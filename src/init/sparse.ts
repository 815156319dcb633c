/**
 * Sparse initialisation (Martens 2010): every unit gets exactly k non-zero
 * incoming weights, the rest are 0.
 *
 * For each unit j (column j of W, in order j = 0, 1, …) k distinct input rows
 * are chosen uniformly at random without replacement (a partial Fisher–Yates
 * shuffle drawing `rng.int`), and each chosen weight is drawn N(0, std²) by
 * `rng.normal()`. Because the number of non-zero inputs does not grow with
 * fanIn, the total input to a unit does not shrink as layers get wider (unlike
 * N(0, 1/fanIn)), while the units still differ from one another.
 *
 * Reference: J. Martens, "Deep learning via Hessian-free optimization", ICML 2010,
 * §4.4: k = 15, unit Gaussian weights, biases 0. Cited in *Deep Learning* §8.4.
 * Convention difference: PyTorch's `sparse_` fixes a fraction of zeros per column
 * and std 0.01; here k is a count.
 *
 * @param k non-zeros per unit, integer ≥ 1, default 15; when fanIn < k every
 *   incoming weight is non-zero (k_eff = min(k, fanIn)).
 * @param std standard deviation of the non-zeros, > 0, default 1 (Martens);
 *   pass a smaller value for the "scaled" variant.
 */
import { z } from 'zod';
import { count, parseOptions, positive } from '../options/index.js';
import { checkShape, type Initializer } from './types.js';

/** Options of {@link sparse}: `k` integer ≥ 1 [15], `std` > 0 [1]. */
export const sparseOptions = z.strictObject({
  k: count().default(15),
  std: positive().default(1),
});

export function sparse(kOption?: number, stdOption?: number): Initializer {
  const { k, std } = parseOptions('sparse', sparseOptions, { k: kOption, std: stdOption });
  return (out, fanIn, fanOut, rng) => {
    checkShape('sparse', out, fanIn, fanOut);
    out.fill(0);
    const kk = Math.min(k, fanIn);
    const rows = new Int32Array(fanIn);
    for (let i = 0; i < fanIn; i++) rows[i] = i;
    for (let j = 0; j < fanOut; j++) {
      // Partial Fisher–Yates: rows[0..kk) becomes a uniform random kk-subset
      // whatever permutation `rows` holds on entry.
      for (let t = 0; t < kk; t++) {
        const s = t + rng.int(fanIn - t);
        const r = rows[s]!;
        rows[s] = rows[t]!;
        rows[t] = r;
        out[r * fanOut + j] = std * rng.normal();
      }
    }
  };
}
