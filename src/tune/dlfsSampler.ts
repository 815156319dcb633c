/**
 * DLFS's hyper-parameter procedure (Saitoh, *Deep Learning from Scratch*, §6.5.3):
 * 1. set the ranges; 2. sample at random within them; 3. train briefly and
 * evaluate on validation data; 4. repeat (e.g. 100 times) and narrow the ranges
 * to where the good results are — then start again.
 *
 * Here: trials come in rounds of `roundSize`. Round 0 samples the whole space
 * uniformly in the unit cube (log-uniform for log-scaled parameters, as DLFS's
 * `10 ** uniform(−6, −2)`). Round r samples uniformly in a box: for each
 * parameter, the range spanned by the best `keep` fraction of all trials
 * finished in earlier rounds, widened by `margin` × its width on each side (and
 * by half a cell for integer and categorical parameters, so the chosen values
 * stay reachable), clipped to the cube.
 *
 * Options and defaults: `rounds` 3 (roundSize = ⌈nTrials / rounds⌉),
 * `roundSize` (overrides `rounds`), `keep` 0.2 (at least 2 trials), `margin` 0.1.
 */
import { z } from 'zod';
import { count, nonnegative, parseOptions } from '../options/index.js';
import { type Sampler, trialRng } from './sampler.js';
import { decode, toUnit } from './space.js';

/** The options of {@link dlfsSampler} with their defaults (the tune spec reuses it). */
export const dlfsOptionsSchema = z.strictObject({
  rounds: count().default(3),
  roundSize: count().optional(),
  keep: z.number().gt(0).max(1).default(0.2),
  margin: nonnegative().default(0.1),
});

export type DlfsOptions = z.input<typeof dlfsOptionsSchema>;

export function dlfsSampler(options: DlfsOptions = {}): Sampler {
  const o = parseOptions('dlfsSampler', dlfsOptionsSchema, options);
  const { rounds, keep, margin } = o;
  return {
    name: 'dlfs',
    sample(ctx) {
      const size = o.roundSize ?? Math.max(1, Math.ceil(ctx.nTrials / rounds));
      const round = Math.floor(ctx.number / size);
      const { space } = ctx;
      const lo = new Float64Array(space.dim);
      const hi = new Float64Array(space.dim).fill(1);
      const past = ctx.finished
        .filter((t) => t.number < round * size && Number.isFinite(t.value))
        .sort((a, b) => a.value - b.value || a.number - b.number);
      if (round > 0 && past.length > 0) {
        const top = past.slice(0, Math.max(2, Math.round(keep * past.length)));
        for (let j = 0; j < space.dim; j++) {
          const p = space.params[j]!;
          let mn = Number.POSITIVE_INFINITY;
          let mx = Number.NEGATIVE_INFINITY;
          for (const t of top) {
            if (!(p.name in t.params)) continue;
            const u = toUnit(space, t.params)[j]!;
            mn = Math.min(mn, u);
            mx = Math.max(mx, u);
          }
          if (mn > mx) continue;
          const s = p.spec;
          const cells =
            s.type === 'categorical'
              ? s.choices.length
              : s.type === 'int' && !p.log
                ? s.high - s.low + 1
                : 0;
          const pad = margin * (mx - mn) + (cells > 0 ? 0.5 / cells : 0);
          lo[j] = Math.max(0, mn - pad);
          hi[j] = Math.min(1, mx + pad);
        }
      }
      const rng = trialRng(ctx.seed, ctx.number);
      const u = new Float64Array(space.dim);
      for (let j = 0; j < space.dim; j++) u[j] = rng.uniformIn(lo[j]!, hi[j]!);
      return decode(space, u);
    },
  };
}
