/**
 * The options every method shares, as zod schema pieces (DECISIONS §1: one way
 * to validate options, `src/options`). Each method builds one strict schema
 * from these pieces and its own fields with `methodSchema`, parses it once at
 * its entry point (`parseOptions`) into the fully filled internal form, and its
 * loop then trusts its inputs. The JSON spec of `optlab minimize`
 * (`contract/solver.ts`) reuses the same pieces through `specSchema`, so each
 * default is written once, here or in the method's file.
 *
 * Errors are `OptionError`s (RangeError) of one line, e.g.
 * `bfgs: option c1 must be a number < 1, got 2`, `bfgs: unknown option memory`.
 */
import { z } from 'zod';
import { type CallbackResult, count, nonnegative } from '../options/index.js';
import type { LineSearchConfig, LineSearchKind } from './lineSearch/index.js';

/** What the callback sees after each iteration (arrays are the solver's own: do not modify). */
export interface IterationInfo {
  nit: number;
  x: Float64Array;
  fun: number;
  grad: Float64Array;
  nfev: number;
  ngev: number;
  nhvp: number;
}

/** Called after each iteration; returning `'stop'` stops the run (message `callback`). */
export type Callback = (info: IterationInfo) => CallbackResult;

/** An integer ≥ `min`, or Infinity (no limit). */
export const countOrInfinity = (min: number) =>
  z.custom<number>(
    (v) =>
      typeof v === 'number' &&
      (v === Number.POSITIVE_INFINITY || (Number.isInteger(v) && v >= min)),
    { message: `must be an integer ≥ ${min} or Infinity` },
  );

/** A number > 0, or Infinity. */
export const positiveOrInfinity = () =>
  z.custom<number>((v) => typeof v === 'number' && v > 0, {
    message: 'must be a number > 0 or Infinity',
  });

/** A number in (0, 1). */
export const openUnit = () => z.number().gt(0).lt(1);

/** The stopping options of every method, with their defaults. */
export const stoppingShape = {
  /** Stop (successfully) when ‖∇f‖∞ ≤ gtol. Default 1e-6; ≥ 0. */
  gtol: nonnegative().default(1e-6),
  /** Stop when f_{k−1} − f_k ≤ ftol · max(|f_{k−1}|, |f_k|, 1). Default 0 (off); ≥ 0. */
  ftol: nonnegative().default(0),
  /** Stop when ‖x_k − x_{k−1}‖∞ ≤ xtol · (1 + ‖x_k‖∞). Default 0 (off); ≥ 0. */
  xtol: nonnegative().default(0),
  /** Most iterations. Default 1000; integer ≥ 0 (or Infinity). */
  maxIter: countOrInfinity(0).default(1000),
  /** Most evaluations of f, checked after each iteration; integer ≥ 1. Default: no limit. */
  maxFev: countOrInfinity(1).optional(),
};

/** The callback option (library calls only: a JSON spec has no functions). */
export const callbackShape = {
  /** Called after each iteration; returning `'stop'` stops the run. */
  callback: z
    .custom<Callback>((v) => typeof v === 'function', { message: 'must be a function' })
    .optional(),
};

/**
 * The numeric line-search options with their defaults (`c2` is the method's);
 * each method adds its own `lineSearch` enumeration (the kinds it allows, with
 * its default): `wolfe` (strong Wolfe, Nocedal–Wright zoom), `more-thuente`
 * (strong Wolfe, Moré–Thuente / MINPACK dcsrch), `armijo` (backtracking),
 * `exact` (exact on quadratics, one hvp), `none` (fixed step).
 */
export function lineSearchShape(c2: number) {
  return {
    /** Sufficient-decrease constant, 0 < c1 < 1. Default 1e-4. */
    c1: openUnit().default(1e-4),
    /** Curvature constant of the strong Wolfe conditions, c1 < c2 < 1. Default per method. */
    c2: openUnit().default(c2),
    /** Largest contraction per Armijo backtrack, 0 < rho < 1. Default 0.5. */
    rho: openUnit().default(0.5),
    /** Most evaluations per line search, integer ≥ 1. Default 30. */
    maxLineSearch: count().default(30),
  };
}

/** Every line search, in the order an error lists them. */
export const ALL_LINE_SEARCHES = ['wolfe', 'more-thuente', 'armijo', 'exact', 'none'] as const;

/** The relations between options that no single field can check: c1 < c2, Δ_max ≥ Δ₀. */
function checkRelations(o: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const { c1, c2, initialTrustRadius: r0, maxTrustRadius: rMax } = o;
  if (typeof c1 === 'number' && typeof c2 === 'number' && !(c1 < c2)) {
    ctx.addIssue({ code: 'custom', path: ['c2'], message: `must be a number > c1 = ${c1}` });
  }
  if (typeof r0 === 'number' && typeof rMax === 'number' && !(rMax >= r0)) {
    ctx.addIssue({
      code: 'custom',
      path: ['maxTrustRadius'],
      message: `must be a number ≥ initialTrustRadius = ${r0}`,
    });
  }
}

/** A method's strict options schema: its fields, the callback, and the relations between fields. */
export function methodSchema<S extends z.ZodRawShape>(shape: S) {
  return z
    .strictObject({ ...shape, ...callbackShape })
    .superRefine((o, ctx) => checkRelations(o as Record<string, unknown>, ctx));
}

/** The same schema without the callback: the `"options"` of a JSON `minimize` spec. */
export function specSchema<S extends z.ZodRawShape>(shape: S) {
  return z
    .strictObject(shape)
    .superRefine((o, ctx) => checkRelations(o as Record<string, unknown>, ctx));
}

const commonSchema = methodSchema(stoppingShape);
const lineSearchSchema = z.strictObject({
  lineSearch: z.enum(ALL_LINE_SEARCHES).optional(),
  ...lineSearchShape(0.9),
});

/** The stopping options of every method (and `callback`), as a caller writes them. */
export type CommonOptions = z.input<typeof commonSchema>;
/** The filled stopping options, as the drivers read them. */
export type Common = z.output<typeof commonSchema>;
/** The line-search options, as a caller writes them (defaults depend on the method). */
export type LineSearchOptions = z.input<typeof lineSearchSchema>;
/** The options every line-search method takes: the stopping ones and the line-search ones. */
export type MethodOptions = CommonOptions & LineSearchOptions;

/** The filled line-search options of a parsed method schema as the line searches read them. */
export function lineSearchConfig(
  o: { c1: number; c2: number; rho: number; maxLineSearch: number },
  kind: LineSearchKind,
): LineSearchConfig {
  return {
    kind,
    c1: o.c1,
    c2: o.c2,
    rho: o.rho,
    maxEvals: o.maxLineSearch,
    // SciPy's amax for its BFGS and CG searches: large enough that no scale of f
    // (1e-50·f needs steps of 1e50 along −∇f) is cut off
    alphaMax: 1e100,
  };
}
