/**
 * A curvature recorder for training loops (experiment 13, book fig 8.1): every
 * `every` steps it measures ‖g‖, gᵀHg with the book's criterion ½ε²gᵀHg vs εgᵀg,
 * the top Hessian eigenvalue and/or the trace, at a bounded number of
 * Hessian-vector products, and keeps one row per measurement.
 *
 *   const rec = createCurvatureRecorder({ every: 50, measures: ['gradNorm', 'gHg', 'topEigenvalue'], lr: 0.1 });
 *   for (let step = 0; step < steps; step++) { …; rec.record(step, objective, theta); }
 *   rec.rows // [{ step, loss, gradNorm, gHg, raisesCost, topEigenvalue, matvecs }, …]
 *
 * Options (defaults): every 1; measures ['gradNorm', 'gHg']; lanczosSteps 20 (at
 * most that many products for 'topEigenvalue'); traceProbes 10 (Hutchinson
 * probes for 'trace'; exact instead when n ≤ traceProbes); lr (ε of the
 * criterion; may be given per call instead, e.g. from a schedule) none; seed 0.
 * Cost per recorded row: one gradient evaluation, plus 1 product for 'gHg', at
 * most lanczosSteps for 'topEigenvalue', at most traceProbes for 'trace'
 * (`maxMatvecsPerRecord`). Steps in between cost nothing.
 */
import { z } from 'zod';
import { type Objective, requireHvp } from '../objectives/types.js';
import { count, finite, nonnegative, parseOptions } from '../options/index.js';
import { Rng } from '../random/index.js';
import { criterionFor, fromProducts } from './curvature.js';
import { lanczosExtremes } from './extremes.js';
import { countedOperator, hessianOperator } from './operator.js';
import { exactTrace, hutchinsonTrace } from './trace.js';
import { dot } from './vec.js';

const MEASURES = ['gradNorm', 'gHg', 'topEigenvalue', 'trace'] as const;
export type CurvatureMeasure = (typeof MEASURES)[number];

const recorderSchema = z.strictObject({
  /** Record every this many steps (default 1). */
  every: count().default(1),
  /** What to measure (default ['gradNorm', 'gHg']). */
  measures: z.array(z.enum(MEASURES)).readonly().default(['gradNorm', 'gHg']),
  /** Most Lanczos steps for 'topEigenvalue' (default 20). */
  lanczosSteps: count().default(20),
  /** Hutchinson probes for 'trace', ≥ 2 (default 10). */
  traceProbes: count().min(2).default(10),
  /** ε of the criterion, ≥ 0 (default none; may be given per call). */
  lr: nonnegative().optional(),
  /** Seed of the probes' generator (default 0). */
  seed: finite().default(0),
});

export type CurvatureRecorderOptions = z.input<typeof recorderSchema>;

export interface CurvatureRow {
  step: number;
  loss: number;
  gradNorm?: number;
  /** gᵀg, gᵀHg and the criterion's quantities ('gHg'). */
  gg?: number;
  gHg?: number;
  safeStep?: number;
  /** ε used for the criterion (when an lr is known). */
  lr?: number;
  /** ε gᵀg */
  firstOrder?: number;
  /** ½ ε² gᵀHg */
  secondOrder?: number;
  raisesCost?: boolean;
  topEigenvalue?: number;
  /** Lanczos residual bound on topEigenvalue. */
  topResidual?: number;
  trace?: number;
  traceStdError?: number;
  /** Hessian-vector products spent on this row. */
  matvecs: number;
}

export interface CurvatureRecorder {
  readonly rows: CurvatureRow[];
  /** Products spent so far over all rows. */
  readonly matvecs: number;
  /** Upper bound on the products of one row (for n ≥ the option values). */
  readonly maxMatvecsPerRecord: number;
  /** Whether `record(step, …)` would measure. */
  shouldRecord(step: number): boolean;
  /** Measures at θ when due; returns the new row, or null when skipped. */
  record(
    step: number,
    objective: Objective,
    theta: Float64Array,
    opts?: { lr?: number },
  ): CurvatureRow | null;
  /** Forgets rows and the last recorded step. */
  reset(): void;
}

export function createCurvatureRecorder(options: CurvatureRecorderOptions = {}): CurvatureRecorder {
  const where = 'createCurvatureRecorder';
  const o = parseOptions(where, recorderSchema, options);
  const { every, lanczosSteps, traceProbes, lr: defaultLr } = o;
  const measures = new Set<CurvatureMeasure>(o.measures);
  // a per-call argument, not an option: checked here, at each call
  const checkLr = (lr: number | undefined, what: string) => {
    if (lr !== undefined && !(Number.isFinite(lr) && lr >= 0))
      throw new RangeError(`${where}: ${what} must be a finite number ≥ 0, got ${lr}`);
    return lr;
  };
  const rng = new Rng(o.seed);
  const rows: CurvatureRow[] = [];
  let last: number | null = null;
  let total = 0;
  const maxPer =
    (measures.has('gHg') ? 1 : 0) +
    (measures.has('topEigenvalue') ? lanczosSteps : 0) +
    (measures.has('trace') ? traceProbes : 0);

  const shouldRecord = (step: number) => last === null || step - last >= every;
  return {
    rows,
    get matvecs() {
      return total;
    },
    maxMatvecsPerRecord: maxPer,
    shouldRecord,
    record(step, objective, theta, opts = {}) {
      if (!Number.isFinite(step))
        throw new RangeError(`curvatureRecorder.record: step must be a finite number, got ${step}`);
      if (!shouldRecord(step)) return null;
      const lr = checkLr(opts.lr, 'lr') ?? defaultLr;
      if (maxPer > 0) requireHvp(objective, 'curvatureRecorder.record');
      last = step;
      const n = objective.dim;
      const g = new Float64Array(n);
      const loss = objective.valueAndGrad(theta, g);
      const gg = dot(g, g);
      // gradNorm alone needs no Hessian products (nor an objective that has them)
      const op =
        maxPer > 0 ? hessianOperator(objective, theta) : countedOperator(n, () => undefined);
      const row: CurvatureRow = { step, loss, matvecs: 0 };
      if (measures.has('gradNorm')) row.gradNorm = Math.sqrt(gg);
      if (measures.has('gHg')) {
        const hg = new Float64Array(n);
        op.apply(g, hg);
        const c = fromProducts(loss, gg, dot(g, hg));
        row.gg = gg;
        row.gHg = c.gHg;
        row.safeStep = c.safeStep;
        if (lr !== undefined) {
          const k = criterionFor(c, lr);
          row.lr = lr;
          row.firstOrder = k.firstOrder;
          row.secondOrder = k.secondOrder;
          row.raisesCost = k.raisesCost;
        }
      }
      if (measures.has('topEigenvalue')) {
        const e = lanczosExtremes(op, { k: 1, maxSteps: lanczosSteps, tol: 1e-6, rng });
        row.topEigenvalue = e.largest[0]!;
        row.topResidual = e.largestResiduals[0]!;
      }
      if (measures.has('trace')) {
        const t =
          n <= traceProbes ? exactTrace(op) : hutchinsonTrace(op, { probes: traceProbes, rng });
        row.trace = t.trace;
        row.traceStdError = t.stdError;
      }
      row.matvecs = op.matvecs;
      total += op.matvecs;
      rows.push(row);
      return row;
    },
    reset() {
      rows.length = 0;
      last = null;
      total = 0;
    },
  };
}
