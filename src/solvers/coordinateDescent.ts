/**
 * Coordinate (block) descent (Goodfellow et al. §8.7.2): minimise f over one
 * coordinate — or one block of coordinates — at a time, holding the others fixed.
 * One iteration is a sweep over all blocks, in cyclic order or in a random order
 * (a fresh permutation per sweep from the seeded `Rng`):
 *
 *   for each block B:  x_B ← x_B − α_B ∇_B f(x)   (α_B from a line search along −∇_B f)
 *
 * The objective offers no partial gradients, so each block step uses the full
 * gradient, which the line search of the previous block already returned (no
 * extra evaluation). With `lineSearch: 'exact'` on a quadratic each block is
 * minimised exactly along −∇_B f (for blocks of size 1: exact coordinate
 * minimisation, i.e. Gauss–Seidel).
 *
 * Options: `order` ('cyclic' | 'random', default 'cyclic'), `blockSize`
 * (contiguous blocks of this many coordinates, last one shorter; default 1),
 * `seed` (default 0, for 'random'), `step` (fixed step for `lineSearch: 'none'`,
 * default 0.01). Line search default `wolfe` with c2 = 0.1, first trial step the
 * block's last accepted step (1/‖p‖₂ at first, a unit-length step).
 */
import { z } from 'zod';
import type { Objective } from '../objectives/types.js';
import { count, OptionError, parseOptions, positive } from '../options/index.js';
import { Rng } from '../random/index.js';
import { DescentState } from './descent.js';
import { unitLengthStep } from './lineSearch/index.js';
import {
  ALL_LINE_SEARCHES,
  lineSearchConfig,
  lineSearchShape,
  methodSchema,
  stoppingShape,
} from './options.js';
import { infNorm, type MinimizeResult } from './result.js';

/** The options of `coordinate-descent` (the JSON spec's `"options"` are these without `callback`). */
export const coordinateDescentShape = {
  ...stoppingShape,
  /** The line search. Default `wolfe` (c2 = 0.1). */
  lineSearch: z.enum(ALL_LINE_SEARCHES).default('wolfe'),
  ...lineSearchShape(0.1),
  /** Order of the blocks in each sweep. Default 'cyclic'. */
  order: z.enum(['cyclic', 'random']).default('cyclic'),
  /** Coordinates per block, integer in [1, n]. Default 1. */
  blockSize: count().default(1),
  /** Seed of the random order, an integer. Default 0. */
  seed: z.number().int().default(0),
  /** Fixed step for `lineSearch: 'none'`. Default 0.01. */
  step: positive().default(0.01),
};
const coordinateDescentSchema = methodSchema(coordinateDescentShape);

export type CoordinateDescentOptions = z.input<typeof coordinateDescentSchema>;

/**
 * Coordinate descent (see the module comment). An iteration is a sweep of line
 * searches, so this runs its own loop on the shared `DescentState` (counting,
 * stopping tests, line search and result) rather than `descend`.
 */
export function coordinateDescent(
  objective: Objective,
  x0: ArrayLike<number>,
  options: CoordinateDescentOptions = {},
): MinimizeResult {
  const where = 'coordinate-descent';
  const o = parseOptions(where, coordinateDescentSchema, options);
  const ls = lineSearchConfig(o, o.lineSearch);
  const n = objective.dim;
  const { order, blockSize, seed, step } = o;
  if (blockSize > n) {
    throw new OptionError(
      `${where}: option blockSize must be a number ≤ ${n} (the dimension), got ${blockSize}`,
      where,
      'blockSize',
    );
  }
  const fixed = ls.kind === 'none';

  const st = new DescentState(objective, x0, { where, common: o, ls });
  const { x, g, p } = st;
  const xStart = new Float64Array(n);
  const nb = Math.ceil(n / blockSize);
  const lastAlpha = new Float64Array(nb);
  const rng = new Rng(seed);
  const cyclic = Int32Array.from({ length: nb }, (_, i) => i);
  let status = st.start();
  while (status === null) {
    xStart.set(x);
    st.fPrev = st.f;
    const blocks = order === 'random' ? rng.permutation(nb) : cyclic;
    for (let k = 0; k < nb; k++) {
      // x_B ← x_B − α_B ∇_B f(x), along p = (0, …, −∇_B f, …, 0)
      const b = blocks[k]!;
      const lo = b * blockSize;
      const hi = Math.min(n, lo + blockSize);
      p.fill(0);
      let d0 = 0;
      for (let i = lo; i < hi; i++) {
        p[i] = -g[i]!;
        d0 -= g[i]! * g[i]!;
      }
      if (d0 === 0) continue;
      st.d0 = d0;
      if (fixed) st.alpha0 = step;
      else st.alpha0 = lastAlpha[b]! > 0 ? lastAlpha[b]! : unitLengthStep(p);
      const r = st.search();
      if (!r.ok) {
        status = fixed ? 'nonFinite' : 'lineSearch';
        break;
      }
      lastAlpha[b] = r.alpha;
      st.accept(false);
    }
    if (status !== null) break;
    st.nit++;
    for (let i = 0; i < n; i++) xStart[i] = x[i]! - xStart[i]!;
    status = st.check(infNorm(xStart));
  }
  return st.result(status);
}
