/**
 * Bayesian optimisation with a Gaussian process and expected improvement
 * (Jones, Schonlau & Welch 1998; Snoek, Larochelle & Adams, "Practical Bayesian
 * optimization of machine learning algorithms", NeurIPS 2012).
 *
 * Trial k < `initial` takes point k of a scrambled Halton sequence (a
 * space-filling initial design). Afterwards: the finished trials' parameters are
 * mapped to GP features in [0, 1] (log-scaled parameters warped by the log,
 * categorical ones one-hot; see space.ts), the values standardised, a Matérn 5/2
 * ARD GP fitted by marginal likelihood with restarts (gpFit.ts), and the next
 * point is the maximiser of EI (ei.ts) below the best value seen, found by a
 * global-then-local search in the unit cube: `candidates` uniform random points,
 * then a compass (pattern) search from each of the best `localStarts` of them —
 * try ±step along every coordinate, move on improvement, halve the step when none
 * improves, until it is below 1e-3.
 *
 * Trials in flight (other workers' running trials, `ctx.pending`) are handled
 * by the constant liar (Ginsbourger, Le Riche & Carraro, "Kriging is
 * well-suited to parallelize optimization", 2010, CL-min): each is added to the
 * GP's data with the best value seen so far, so the posterior mean there is the
 * best value, its variance near zero, and EI near it vanishes — a second worker
 * proposes elsewhere instead of a near copy. The lies exist only inside this
 * proposal; they never reach the storage. With one worker nothing is pending
 * and the proposals are those of the sequential algorithm.
 *
 * Options and defaults: `initial` max(5, 2·dim) (capped at nTrials), `candidates`
 * 512, `localStarts` 3, `restarts` 3 (GP fits), `xi` 0 (EI margin, in units of
 * the standardised values), `noise` 'fit'.
 */
import { z } from 'zod';
import { count, index, nonnegative, parseOptions } from '../options/index.js';
import { expectedImprovement } from './ei.js';
import { fitGp } from './gpFit.js';
import { Halton } from './halton.js';
import { type Sampler, trialRng } from './sampler.js';
import { decode, features } from './space.js';

/** The options of {@link gpSampler} with their defaults (the tune spec reuses it, without `noise`). */
export const gpSamplerOptionsSchema = z.strictObject({
  initial: count().optional(),
  candidates: count().max(1_000_000).default(512),
  localStarts: index().max(1000).default(3),
  restarts: count().max(100).default(3),
  xi: nonnegative().default(0),
  noise: z.union([z.literal('fit'), nonnegative()]).default('fit'),
});

export type GpSamplerOptions = z.input<typeof gpSamplerOptionsSchema>;

/**
 * The Bayesian-optimisation sampler (see the module note).
 *
 * @example
 * ```ts
 * import { tune } from 'optlab';
 * const study = await tune.Study.open({
 *   storage: new tune.MemoryStorage(),
 *   space: tune.branin.space, // x1 ∈ [−5, 10], x2 ∈ [0, 15]
 *   sampler: tune.gpSampler({ initial: 5 }),
 *   seed: 1,
 * });
 * await study.optimize(tune.branin.evaluate, { nTrials: 20 });
 * const values = (await study.trials()).flatMap((t) => (t.value === null ? [] : [t.value]));
 * console.log(Math.min(...values)); // ≈ 0.417 (Branin's minimum is 0.397887)
 * ```
 */
export function gpSampler(options: GpSamplerOptions = {}): Sampler {
  const o = parseOptions('gpSampler', gpSamplerOptionsSchema, options);
  const { candidates, localStarts, restarts, xi } = o;
  let halton: { key: string; h: Halton } | null = null;
  return {
    name: 'gp',
    sample(ctx) {
      const { space } = ctx;
      const initial = Math.min(ctx.nTrials, o.initial ?? Math.max(5, 2 * space.dim));
      const data = ctx.finished.filter((t) => Number.isFinite(t.value));
      if (ctx.number < initial || data.length < 2) {
        const key = `${space.dim}:${ctx.seed}`;
        if (halton?.key !== key) halton = { key, h: new Halton(space.dim, { seed: ctx.seed }) };
        return decode(space, halton.h.point(ctx.number));
      }
      let lie = Number.POSITIVE_INFINITY;
      for (const t of data) lie = Math.min(lie, t.value);
      const pending = ctx.pending ?? [];
      const n = data.length + pending.length;
      const d = space.featureDim;
      const x = new Float64Array(n * d);
      const y = new Float64Array(n);
      const feat = new Float64Array(d);
      data.forEach((t, i) => {
        x.set(features(space, t.params, feat), i * d);
        y[i] = t.value;
      });
      pending.forEach((p, j) => {
        const i = data.length + j;
        x.set(features(space, p, feat), i * d);
        y[i] = lie;
      });
      const rng = trialRng(ctx.seed, ctx.number, 1);
      const gp = fitGp(x, y, d, rng, { restarts, noise: o.noise });
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < n; i++) best = Math.min(best, y[i]!);
      const xiScaled = xi * gp.ySd;
      const pred = new Float64Array(2);
      const acq = (u: Float64Array): number => {
        gp.predict(features(space, decode(space, u), feat), pred);
        return expectedImprovement(pred[0]!, Math.sqrt(pred[1]!), best, xiScaled);
      };
      // Global: random candidates.
      const pool: { u: Float64Array; a: number }[] = [];
      for (let c = 0; c < candidates; c++) {
        const u = new Float64Array(space.dim);
        rng.fillUniform(u);
        pool.push({ u, a: acq(u) });
      }
      pool.sort((p, q) => q.a - p.a);
      let winner = pool[0]!;
      // Local: compass search from the best few.
      for (let s = 0; s < Math.min(localStarts, pool.length); s++) {
        const u = new Float64Array(pool[s]!.u);
        let a = pool[s]!.a;
        let step = 0.05;
        while (step >= 1e-3) {
          let moved = false;
          for (let j = 0; j < space.dim; j++) {
            const keep = u[j]!;
            for (const sign of [1, -1]) {
              u[j] = Math.min(1, Math.max(0, keep + sign * step));
              const at = acq(u);
              if (at > a) {
                a = at;
                moved = true;
                break;
              }
              u[j] = keep;
            }
          }
          if (!moved) step /= 2;
        }
        if (a > winner.a) winner = { u, a };
      }
      return decode(space, winner.u);
    },
  };
}
