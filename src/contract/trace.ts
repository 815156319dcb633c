/**
 * `runTrace` — docs/commands.md's `optlab trace`: N updates of an optimizer on a
 * flat-vector objective, each from the exact gradient at the current stored
 * parameters, recording every iterate.
 *
 * Order inside one update (docs/commands.md): g = ∇f(θ) → clip (if any) → coupled
 * weight decay g + wd·θ (if any) → the optimizer's own step. A schedule
 * overrides `lr` (update k uses schedule(k), k = 0 for the first update).
 *
 * `dtype: 'float32'` stores θ (and the optimizer state) in float32; the
 * objective still evaluates in float64 at the stored (rounded) θ.
 */
import { type Objective, requireHvp } from '../objectives/types.js';
import { type Oracle, step, type Vec } from '../optim/index.js';
import { optimizerFromSpec, type TraceSpecInput, traceSpecSchema } from './optimizer.js';

export interface TraceResult {
  /** N + 1 rows: θ₀, θ₁, …, θ_N. */
  x: number[][];
  /** f at each row. */
  f: number[];
}

/**
 * Runs the trace. `opts` is validated with `traceSpecSchema` (a ZodError on a
 * bad spec — use `specErrorMessage` for a one-line message).
 */
export function runTrace(
  objective: Objective,
  x0: Float64Array,
  opts: TraceSpecInput,
): TraceResult {
  const o = traceSpecSchema.parse(opts);
  if (x0.length !== objective.dim) {
    throw new RangeError(`x0: expected ${objective.dim} numbers, got ${x0.length}`);
  }
  const opt = optimizerFromSpec(o.optimizer, {
    ...(o.schedule ? { schedule: o.schedule } : {}),
    ...(o.clip ? { clip: o.clip } : {}),
  });
  const f32 = o.dtype === 'float32';
  const n = x0.length;
  const theta: Vec = f32 ? Float32Array.from(x0) : Float64Array.from(x0);
  const x64 = f32 ? new Float64Array(n) : (theta as Float64Array);
  const g64 = new Float64Array(n);
  const g: Vec = f32 ? new Float32Array(n) : g64;
  const state = opt.init(theta);
  // more evaluations on the same objective, for SAM, Sophia and AdaHessian
  const xo = new Float64Array(n);
  const go = new Float64Array(n);
  const vo = new Float64Array(n);
  const oracle: Oracle = {
    grad(x, out) {
      xo.set(x);
      const f = objective.valueAndGrad(xo, go);
      out.set(go);
      return f;
    },
    hvp(x, v, out) {
      xo.set(x);
      vo.set(v);
      requireHvp(objective, 'runTrace');
      objective.hvp(xo, vo, go);
      out.set(go);
    },
  };
  const xs: number[][] = [];
  const fs: number[] = [];
  for (let k = 0; k < o.steps; k++) {
    if (f32) x64.set(theta);
    const fk = objective.valueAndGrad(x64, g64);
    xs.push(Array.from(theta));
    fs.push(fk);
    if (f32) g.set(g64);
    step(opt, theta, g, state, oracle);
  }
  if (f32) x64.set(theta);
  xs.push(Array.from(theta));
  fs.push(objective.value(x64));
  return { x: xs, f: fs };
}
