/**
 * Options shared by every method, and their one-time validation into a fully
 * filled internal form. Errors are `RangeError`/`TypeError` naming the option,
 * the value and the allowed range; the solvers' loops then trust their inputs.
 */
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

/** Called after each iteration; returning `true` stops the run (message `callback`). */
export type Callback = (info: IterationInfo) => unknown;

/** Stopping options of every method. */
export interface CommonOptions {
  /** Stop (successfully) when ‖∇f‖∞ ≤ gtol. Default 1e-6; ≥ 0. */
  gtol?: number;
  /** Stop when f_{k−1} − f_k ≤ ftol · max(|f_{k−1}|, |f_k|, 1). Default 0 (off); ≥ 0. */
  ftol?: number;
  /** Stop when ‖x_k − x_{k−1}‖∞ ≤ xtol · (1 + ‖x_k‖∞). Default 0 (off); ≥ 0. */
  xtol?: number;
  /** Most iterations. Default 1000; integer ≥ 0. */
  maxIter?: number;
  /** Most evaluations of f, checked after each iteration. Default Infinity; ≥ 1. */
  maxFev?: number;
  /** Called after each iteration; returning `true` stops the run. */
  callback?: Callback;
}

/** Line-search options of every method (defaults depend on the method, see each). */
export interface LineSearchOptions {
  /**
   * `wolfe` (strong Wolfe, Nocedal–Wright zoom), `more-thuente` (strong Wolfe,
   * Moré–Thuente / MINPACK dcsrch), `armijo` (backtracking), `exact` (exact on
   * quadratics, one hvp), `none` (fixed step). Default per method.
   */
  lineSearch?: LineSearchKind;
  /** Sufficient-decrease constant, 0 < c1 < 1. Default 1e-4. */
  c1?: number;
  /** Curvature constant of the strong Wolfe conditions, c1 < c2 < 1. Default per method. */
  c2?: number;
  /** Largest contraction per Armijo backtrack, 0 < rho < 1. Default 0.5. */
  rho?: number;
  /** Most evaluations per line search, integer ≥ 1. Default 30. */
  maxLineSearch?: number;
}

export interface Common {
  gtol: number;
  ftol: number;
  xtol: number;
  maxIter: number;
  maxFev: number;
  callback: Callback | undefined;
}

export const COMMON_KEYS = ['gtol', 'ftol', 'xtol', 'maxIter', 'maxFev', 'callback'] as const;
export const LINE_SEARCH_KEYS = ['lineSearch', 'c1', 'c2', 'rho', 'maxLineSearch'] as const;

/** The options every method takes: the stopping ones and the line-search ones. */
export type MethodOptions = CommonOptions & LineSearchOptions;

/** Their names, in the order an unknown-option error lists them (then each method's own). */
export const METHOD_KEYS = [...COMMON_KEYS, ...LINE_SEARCH_KEYS] as const;

/** Every line search, in the order an error lists them. */
export const ALL_LINE_SEARCHES: readonly LineSearchKind[] = [
  'wolfe',
  'more-thuente',
  'armijo',
  'exact',
  'none',
];

type Bag = Record<string, unknown>;

/** Rejects fields not in `allowed` (unknown options are errors, not silently ignored). */
export function checkKeys(o: Bag, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) {
      throw new TypeError(`${where}: unknown option "${k}"; allowed: ${allowed.join(', ')}`);
    }
  }
}

interface Range {
  min?: number;
  max?: number;
  minOpen?: boolean;
  maxOpen?: boolean;
  integer?: boolean;
}

function describe(r: Range): string {
  const lo = r.min === undefined ? '(-∞' : `${r.minOpen ? '(' : '['}${r.min}`;
  const hi = r.max === undefined ? '∞)' : `${r.max}${r.maxOpen ? ')' : ']'}`;
  return `${r.integer ? 'an integer' : 'a number'} in ${lo}, ${hi}`;
}

/** Reads a number option with its default, checking the range. */
export function num(o: Bag, name: string, def: number, r: Range, where: string): number {
  const v = o[name];
  if (v === undefined) return def;
  const bad =
    typeof v !== 'number' ||
    Number.isNaN(v) ||
    (r.integer === true && !Number.isInteger(v) && v !== Number.POSITIVE_INFINITY) ||
    (r.min !== undefined && (r.minOpen ? v <= r.min : v < r.min)) ||
    (r.max !== undefined && (r.maxOpen ? v >= r.max : v > r.max));
  if (bad)
    throw new RangeError(`${where}: option ${name} must be ${describe(r)}, got ${String(v)}`);
  return v;
}

/** Reads an enumerated option with its default. */
export function oneOf<T extends string>(
  o: Bag,
  name: string,
  allowed: readonly T[],
  def: T,
  where: string,
): T {
  const v = o[name];
  if (v === undefined) return def;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new RangeError(
      `${where}: option ${name} must be one of ${allowed.join(', ')}, got ${String(v)}`,
    );
  }
  return v as T;
}

/** Reads a boolean option with its default. */
export function bool(o: Bag, name: string, def: boolean, where: string): boolean {
  const v = o[name];
  if (v === undefined) return def;
  if (typeof v !== 'boolean')
    throw new TypeError(`${where}: option ${name} must be a boolean, got ${String(v)}`);
  return v;
}

/** Validates the stopping options. */
export function readCommon(o: Bag, where: string): Common {
  const cb = o.callback;
  if (cb !== undefined && typeof cb !== 'function') {
    throw new TypeError(`${where}: option callback must be a function, got ${typeof cb}`);
  }
  return {
    gtol: num(o, 'gtol', 1e-6, { min: 0 }, where),
    ftol: num(o, 'ftol', 0, { min: 0 }, where),
    xtol: num(o, 'xtol', 0, { min: 0 }, where),
    maxIter: num(o, 'maxIter', 1000, { min: 0, integer: true }, where),
    maxFev: num(o, 'maxFev', Number.POSITIVE_INFINITY, { min: 1, integer: true }, where),
    callback: cb as Callback | undefined,
  };
}

/**
 * The first step of every method's entry point: rejects unknown option names and
 * fills the stopping options. Returns the options as a bag for the method's own
 * `readLineSearch`, `num`, `oneOf` and `bool` calls (made in the method, in its order).
 */
export function readMethodOptions(
  options: object,
  allowed: readonly string[],
  where: string,
): { bag: Bag; common: Common } {
  const bag = options as Bag;
  checkKeys(bag, allowed, where);
  return { bag, common: readCommon(bag, where) };
}

/** Validates the line-search options against a method's defaults. */
export function readLineSearch(
  o: Bag,
  defaults: { kind: LineSearchKind; c2: number },
  allowedKinds: readonly LineSearchKind[],
  where: string,
): LineSearchConfig {
  const kind = oneOf(o, 'lineSearch', allowedKinds, defaults.kind, where);
  const c1 = num(o, 'c1', 1e-4, { min: 0, max: 1, minOpen: true, maxOpen: true }, where);
  const c2 = num(o, 'c2', defaults.c2, { min: c1, max: 1, minOpen: true, maxOpen: true }, where);
  return {
    kind,
    c1,
    c2,
    rho: num(o, 'rho', 0.5, { min: 0, max: 1, minOpen: true, maxOpen: true }, where),
    maxEvals: num(o, 'maxLineSearch', 30, { min: 1, integer: true }, where),
    // SciPy's amax for its BFGS and CG searches: large enough that no scale of f
    // (1e-50·f needs steps of 1e50 along −∇f) is cut off
    alphaMax: 1e100,
  };
}
