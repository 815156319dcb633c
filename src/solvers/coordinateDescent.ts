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
 * block's last accepted step (1/‖p‖₂ capped at 1 at first).
 */
import type { Objective } from '../objectives/types.js';
import { Rng } from '../random/index.js';
import { CountedObjective } from './counted.js';
import { LineSearcher, unitLengthStep } from './lineSearch/index.js';
import type { StopReason } from './messages.js';
import {
  COMMON_KEYS,
  type CommonOptions,
  checkKeys,
  LINE_SEARCH_KEYS,
  type LineSearchOptions,
  num,
  oneOf,
  readCommon,
  readLineSearch,
} from './options.js';
import { infNorm, type MinimizeResult, makeResult } from './result.js';
import { Monitor } from './stopping.js';
import { startPoint } from './vec.js';

export interface CoordinateDescentOptions extends CommonOptions, LineSearchOptions {
  /** Order of the blocks in each sweep. Default 'cyclic'. */
  order?: 'cyclic' | 'random';
  /** Coordinates per block, integer in [1, n]. Default 1. */
  blockSize?: number;
  /** Seed of the random order. Default 0. */
  seed?: number;
  /** Fixed step for `lineSearch: 'none'`. Default 0.01. */
  step?: number;
}

export const COORDINATE_DESCENT_KEYS = [
  ...COMMON_KEYS,
  ...LINE_SEARCH_KEYS,
  'order',
  'blockSize',
  'seed',
  'step',
] as const;

/** Coordinate descent (see the module comment). */
export function coordinateDescent(
  objective: Objective,
  x0: ArrayLike<number>,
  options: CoordinateDescentOptions = {},
): MinimizeResult {
  const w = 'coordinate-descent';
  const bag = options as Record<string, unknown>;
  checkKeys(bag, COORDINATE_DESCENT_KEYS, w);
  const common = readCommon(bag, w);
  const lsCfg = readLineSearch(
    bag,
    { kind: 'wolfe', c2: 0.1 },
    ['wolfe', 'more-thuente', 'armijo', 'exact', 'none'],
    w,
  );
  const n = objective.dim;
  const order = oneOf(bag, 'order', ['cyclic', 'random'], 'cyclic', w);
  const blockSize = num(bag, 'blockSize', 1, { min: 1, max: n, integer: true }, w);
  const seed = num(bag, 'seed', 0, { integer: true }, w);
  const step = num(bag, 'step', 0.01, { min: 0, minOpen: true }, w);

  const counted = new CountedObjective(objective);
  const x = startPoint(x0, n, w);
  const xStart = new Float64Array(n);
  const g = new Float64Array(n);
  const p = new Float64Array(n);
  const nb = Math.ceil(n / blockSize);
  const lastAlpha = new Float64Array(nb);
  const rng = new Rng(seed);
  const cyclic = Int32Array.from({ length: nb }, (_, i) => i);
  const ls = new LineSearcher(counted, n, lsCfg);
  const mon = new Monitor(counted, common);
  let f = counted.valueAndGrad(x, g);
  let status: StopReason | null = mon.start(x, f, g);
  let nit = 0;
  while (status === null) {
    xStart.set(x);
    const fPrev = f;
    const blocks = order === 'random' ? rng.permutation(nb) : cyclic;
    for (let k = 0; k < nb && status === null; k++) {
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
      let alpha0 = step;
      if (lsCfg.kind !== 'none') alpha0 = lastAlpha[b]! > 0 ? lastAlpha[b]! : unitLengthStep(p);
      const r = ls.search(x, p, f, d0, alpha0);
      if (!r.ok) {
        status = lsCfg.kind === 'none' ? 'nonFinite' : 'lineSearch';
        break;
      }
      lastAlpha[b] = r.alpha;
      ls.accept(x, g);
      f = ls.lf.f;
    }
    if (status !== null) break;
    nit++;
    for (let i = 0; i < n; i++) xStart[i] = x[i]! - xStart[i]!;
    status = mon.check(nit, x, f, fPrev, g, infNorm(xStart));
  }
  return makeResult(x, f, g, nit, counted, common.gtol, status);
}
