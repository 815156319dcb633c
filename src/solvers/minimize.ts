/**
 * `minimize(objective, x0, {method, …})`: one entry point and one result shape
 * (`MinimizeResult`) for every full-batch method, as SciPy's `minimize`.
 *
 * Methods: 'gd', 'cg', 'bfgs', 'lbfgs', 'newton', 'newton-cg',
 * 'coordinate-descent', 'trust-ncg', 'trust-krylov', 'gauss-newton',
 * 'hessian-free' (the last two need Gauss–Newton products: see `objectives/gaussNewton.ts`). Every method takes the common options (gtol 1e-6, ftol 0,
 * xtol 0, maxIter 1000, maxFev ∞, callback) and the line-search options
 * (lineSearch, c1, c2, rho, maxLineSearch) plus its own (see each method's file).
 * Options are validated once; an unknown option is an error. A failed line
 * search ends the run with `success: false` and a message, never an exception.
 */
import type { Objective } from '../objectives/types.js';
import { OptionError } from '../options/index.js';
import { type BfgsOptions, bfgs, bfgsShape } from './bfgs.js';
import { type CgOptions, cg, cgShape } from './cg.js';
import {
  type CoordinateDescentOptions,
  coordinateDescent,
  coordinateDescentShape,
} from './coordinateDescent.js';
import { type GaussNewtonOptions, gaussNewton, gaussNewtonShape } from './gaussNewton.js';
import { type GdOptions, gd, gdShape } from './gd.js';
import { type HessianFreeOptions, hessianFree, hessianFreeShape } from './hessianFree.js';
import { type LbfgsOptions, lbfgs, lbfgsShape } from './lbfgs.js';
import { type NewtonOptions, newton, newtonShape } from './newton.js';
import { type NewtonCgOptions, newtonCg, newtonCgShape } from './newtonCg.js';
import type { MinimizeResult } from './result.js';
import { type TrustKrylovOptions, trustKrylov, trustKrylovShape } from './trustKrylov.js';
import { type TrustNcgOptions, trustNcg, trustNcgShape } from './trustNcg.js';

export const METHODS = [
  'gd',
  'cg',
  'bfgs',
  'lbfgs',
  'newton',
  'newton-cg',
  'coordinate-descent',
  'trust-ncg',
  'trust-krylov',
  'gauss-newton',
  'hessian-free',
] as const;
export type Method = (typeof METHODS)[number];

/**
 * Each method's options as zod fields with their defaults, without `callback`
 * (the library's schemas add it): the JSON spec of `optlab minimize`
 * (`contract/solver.ts`) is built from these, so every default is written once.
 */
export const methodShapes = {
  gd: gdShape,
  cg: cgShape,
  bfgs: bfgsShape,
  lbfgs: lbfgsShape,
  newton: newtonShape,
  'newton-cg': newtonCgShape,
  'coordinate-descent': coordinateDescentShape,
  'trust-ncg': trustNcgShape,
  'trust-krylov': trustKrylovShape,
  'gauss-newton': gaussNewtonShape,
  'hessian-free': hessianFreeShape,
} as const;

/** The methods that make no line search (and take no line-search options). */
export const NO_LINE_SEARCH: readonly Method[] = [
  'trust-ncg',
  'trust-krylov',
  'gauss-newton',
  'hessian-free',
];

export type MinimizeOptions =
  | ({ method: 'gd' } & GdOptions)
  | ({ method: 'cg' } & CgOptions)
  | ({ method: 'bfgs' } & BfgsOptions)
  | ({ method: 'lbfgs' } & LbfgsOptions)
  | ({ method: 'newton' } & NewtonOptions)
  | ({ method: 'newton-cg' } & NewtonCgOptions)
  | ({ method: 'coordinate-descent' } & CoordinateDescentOptions)
  | ({ method: 'trust-ncg' } & TrustNcgOptions)
  | ({ method: 'trust-krylov' } & TrustKrylovOptions)
  | ({ method: 'gauss-newton' } & GaussNewtonOptions)
  | ({ method: 'hessian-free' } & HessianFreeOptions);

/**
 * Minimises `objective` from `x0` with the chosen method (options: see the
 * module comment and each method's file; a bad or unknown option throws an
 * `OptionError` naming it). The callback, if any, sees every iteration and
 * stops the run by returning `'stop'` (status `callback`).
 *
 * @example
 * ```ts
 * import { minimize, objectives } from 'optlab';
 * const r = minimize(objectives.rosenbrock(2), [-1.2, 1], { method: 'bfgs' });
 * console.log(r.success, r.nit, r.x); // true 33 Float64Array [1.0000000008, 1.0000000015]
 * const early = minimize(objectives.rosenbrock(2), [-1.2, 1], {
 *   method: 'bfgs',
 *   callback: (info) => (info.fun < 1e-3 ? 'stop' : undefined),
 * });
 * console.log(early.status, early.nit); // callback 27
 * ```
 */
export function minimize(
  objective: Objective,
  x0: ArrayLike<number>,
  options: MinimizeOptions,
): MinimizeResult {
  if (options === null || typeof options !== 'object') {
    throw new OptionError(
      `minimize: options must be an object with a method, got ${String(options)}`,
      'minimize',
      '',
    );
  }
  switch (options.method) {
    case 'gd': {
      const { method: _, ...o } = options;
      return gd(objective, x0, o);
    }
    case 'cg': {
      const { method: _, ...o } = options;
      return cg(objective, x0, o);
    }
    case 'bfgs': {
      const { method: _, ...o } = options;
      return bfgs(objective, x0, o);
    }
    case 'lbfgs': {
      const { method: _, ...o } = options;
      return lbfgs(objective, x0, o);
    }
    case 'newton': {
      const { method: _, ...o } = options;
      return newton(objective, x0, o);
    }
    case 'newton-cg': {
      const { method: _, ...o } = options;
      return newtonCg(objective, x0, o);
    }
    case 'coordinate-descent': {
      const { method: _, ...o } = options;
      return coordinateDescent(objective, x0, o);
    }
    case 'trust-ncg': {
      const { method: _, ...o } = options;
      return trustNcg(objective, x0, o);
    }
    case 'trust-krylov': {
      const { method: _, ...o } = options;
      return trustKrylov(objective, x0, o);
    }
    case 'gauss-newton': {
      const { method: _, ...o } = options;
      return gaussNewton(objective, x0, o);
    }
    case 'hessian-free': {
      const { method: _, ...o } = options;
      return hessianFree(objective, x0, o);
    }
    default:
      throw new OptionError(
        `minimize: option method must be one of ${METHODS.join(', ')}, got ${String((options as { method?: unknown }).method)}`,
        'minimize',
        'method',
      );
  }
}
