/**
 * The line-search descent driver shared by the methods, in SciPy's layering: the
 * driver owns what every method does the same way — the counted objective, the
 * start point, the stopping tests, the line search with its failure handling,
 * the bookkeeping of x_k, f_k, g_k and the result — and a method supplies only
 * its own algorithm, the rule that picks the search direction:
 *
 *   p_k = direction(x_k, g_k, state)          (the method: −g, −M g, −[H + τI]⁻¹g, …)
 *   α_k = line search on φ(α) = f(x_k + α p_k) from the method's first trial α0
 *   x_{k+1} = x_k + α_k p_k;  s = x_{k+1} − x_k,  y = g_{k+1} − g_k
 *   update(s, y)                               (the method: curvature pairs, β, …)
 *   stop on the common tests (see `Monitor`)
 *
 * When the search fails the run ends with the method's failure message, after
 * moving to the search's best point if that lowered f (counted as an iteration).
 * A method may instead retry once along another direction (CG: along −g).
 *
 * Methods whose iteration is not one search (coordinate descent: a sweep of
 * searches over blocks) use `DescentState` with a loop of their own.
 */
import { type Objective, requireHvp } from '../objectives/types.js';
import { CountedObjective } from './counted.js';
import { type LineSearchConfig, LineSearcher, type SearchResult } from './lineSearch/index.js';
import type { StopReason } from './messages.js';
import type { Common } from './options.js';
import { type MinimizeResult, makeResult } from './result.js';
import { Monitor } from './stopping.js';
import { startPoint } from './vec.js';

/** The validated options a run starts from. */
export interface DescentSetup {
  /** The method's name, for error messages. */
  where: string;
  common: Common;
  ls: LineSearchConfig;
}

/**
 * The current iterate of a run and the driver's tools, shared with the method.
 * `x`, `g`, `f`, `fPrev` and `nit` belong to the driver (read them); `p`, `d0`
 * and `alpha0` are written by the method's `direction`.
 */
export class DescentState {
  /** The dimension n. */
  readonly n: number;
  /** The objective as the method must call it (every call counted). */
  readonly objective: CountedObjective;
  /** x_k. */
  readonly x: Float64Array;
  /** ∇f(x_k). */
  readonly g: Float64Array;
  /** The search direction p_k. */
  readonly p: Float64Array;
  /** After a step: s = x_{k+1} − x_k (only for methods with an `update`). */
  readonly s: Float64Array;
  /** After a step: y = g_{k+1} − g_k (only for methods with an `update`). */
  readonly y: Float64Array;
  readonly ls: LineSearcher;
  /** f(x_k). */
  f: number;
  /** f(x_{k−1}); NaN before the first step unless the method sets a start value. */
  fPrev = Number.NaN;
  /** Iterations done. */
  nit = 0;
  /** The slope φ'(0) = g_kᵀp_k of the search direction. */
  d0 = Number.NaN;
  /** The first trial step of the search. */
  alpha0 = Number.NaN;
  private readonly monitor: Monitor;
  private readonly gtol: number;

  /** Checks x0, then evaluates f and ∇f at it (the run's first evaluation). */
  constructor(objective: Objective, x0: ArrayLike<number>, setup: DescentSetup) {
    if (setup.ls.kind === 'exact') requireHvp(objective, setup.where, "lineSearch 'exact'");
    const counted = new CountedObjective(objective);
    const n = objective.dim;
    this.n = n;
    this.objective = counted;
    this.x = startPoint(x0, n, setup.where);
    this.g = new Float64Array(n);
    this.p = new Float64Array(n);
    this.s = new Float64Array(n);
    this.y = new Float64Array(n);
    this.ls = new LineSearcher(counted, n, setup.ls);
    this.monitor = new Monitor(counted, setup.common);
    this.gtol = setup.common.gtol;
    this.f = counted.valueAndGrad(this.x, this.g);
  }

  /** The stopping tests at x_0. */
  start(): StopReason | null {
    return this.monitor.start(this.x, this.f, this.g);
  }

  /** Searches along `p` from x_k with slope `d0`, first trial `alpha0`. */
  search(): SearchResult {
    return this.ls.search(this.x, this.p, this.f, this.d0, this.alpha0);
  }

  /**
   * Moves to the point the search holds: x, g and f become x_{k+1}, g_{k+1} and
   * f_{k+1}; with `pairs`, `s` and `y` receive the step and the change of gradient.
   * Returns ‖s‖∞.
   */
  accept(pairs: boolean): number {
    const stepInf = pairs
      ? this.ls.accept(this.x, this.g, this.s, this.y)
      : this.ls.accept(this.x, this.g);
    this.f = this.ls.lf.f;
    return stepInf;
  }

  /** The stopping tests after iteration `nit`, which moved x by ‖Δx‖∞ = `stepInf` and f from `fPrev`. */
  check(stepInf: number): StopReason | null {
    return this.monitor.check(this.nit, this.x, this.f, this.fPrev, this.g, stepInf);
  }

  /** The result at the current iterate. */
  result(status: StopReason): MinimizeResult {
    return makeResult(this.x, this.f, this.g, this.nit, this.objective, this.gtol, status);
  }
}

/** A method's own part of each iteration (see the module comment). */
export interface DirectionRule {
  /**
   * Writes the search direction p_k into `st.p`, its slope g_kᵀp_k into `st.d0`
   * and the first trial step into `st.alpha0`; or returns why the run must stop
   * instead (e.g. `notDescent`, `singular`).
   */
  direction(): StopReason | null;
  /**
   * The method's own line search along p_k (it may call `st.search()` and then
   * reject the point, as SciPy's CG does). Default: `st.search()`.
   */
  search?(): SearchResult;
  /**
   * Called once when the search along p_k failed: may write a new direction
   * (with `d0`, `alpha0`) and return true to search along it. Default: none.
   */
  retry?(): boolean;
  /** Called after each accepted step, with `st.s` and `st.y` filled. */
  update?(): void;
  /** Why the run ends when the search fails. Default `lineSearch`. */
  failure?: StopReason;
}

/**
 * Runs a line-search descent method: `rule(st)` is called once, after the
 * first evaluation, to build the method's rule and its state.
 */
export function descend(
  objective: Objective,
  x0: ArrayLike<number>,
  setup: DescentSetup,
  rule: (st: DescentState) => DirectionRule,
): MinimizeResult {
  const st = new DescentState(objective, x0, setup);
  const method = rule(st);
  const pairs = method.update !== undefined;
  let status = st.start();
  while (status === null) {
    status = method.direction();
    if (status !== null) break;
    const search = (): SearchResult => (method.search ? method.search() : st.search());
    let r = search();
    if (!r.ok && method.retry?.() === true) r = search();
    if (!r.ok) {
      if (st.ls.improved(r, st.f)) {
        st.accept(false);
        st.nit++;
      }
      status = method.failure ?? 'lineSearch';
      break;
    }
    st.fPrev = st.f;
    const stepInf = st.accept(pairs);
    st.nit++;
    method.update?.();
    status = st.check(stepInf);
  }
  return st.result(status);
}
