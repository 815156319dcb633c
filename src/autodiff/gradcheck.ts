/**
 * Compares automatic derivatives with central differences in float64:
 * ∂f/∂xᵢ ≈ (f(x + h eᵢ) − f(x − h eᵢ)) / 2h, error O(h²).
 */
import { cast, Tensor } from '../tensor/index.js';
import { grad, hvp } from './grad.js';
import { noGrad } from './tape.js';

export interface GradcheckOptions {
  /** Step h (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-6). */
  atol?: number;
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
}

export interface GradcheckResult {
  ok: boolean;
  maxAbsError: number;
  maxRelError: number;
  /** Index of the worst component. */
  worst: number;
  analytic: Float64Array;
  numeric: Float64Array;
}

function compare(
  analytic: Float64Array,
  numeric: Float64Array,
  atol: number,
  rtol: number,
): GradcheckResult {
  let maxAbs = 0;
  let maxRel = 0;
  let worst = -1;
  let ok = true;
  for (let i = 0; i < analytic.length; i++) {
    const a = analytic[i]!;
    const n = numeric[i]!;
    const err = Math.abs(a - n);
    const rel = err / Math.max(Math.abs(n), 1e-300);
    if (!(err <= atol + rtol * Math.abs(n))) ok = false;
    if (err > maxAbs || Number.isNaN(err)) {
      maxAbs = err;
      worst = i;
    }
    if (rel > maxRel && err > atol) maxRel = rel;
  }
  return { ok, maxAbsError: maxAbs, maxRelError: maxRel, worst, analytic, numeric };
}

function numericGrad(f: (x: Tensor) => Tensor, x64: Tensor, h: number): Float64Array {
  const out = new Float64Array(x64.size);
  const xp = x64.data.slice() as Float64Array;
  noGrad(() => {
    for (let i = 0; i < xp.length; i++) {
      const xi = xp[i]!;
      xp[i] = xi + h;
      const fp = f(new Tensor(xp, x64.shape)).item();
      xp[i] = xi - h;
      const fm = f(new Tensor(xp, x64.shape)).item();
      xp[i] = xi;
      out[i] = (fp - fm) / (2 * h);
    }
  });
  return out;
}

/** Checks ∇f at x against central differences (x is cast to float64). */
export function gradcheck(
  f: (x: Tensor) => Tensor,
  x: Tensor,
  opts: GradcheckOptions = {},
): GradcheckResult {
  const { eps = 1e-6, atol = 1e-6, rtol = 1e-5 } = opts;
  const x64 = new Tensor(Float64Array.from(cast(x, 'float64').data), x.shape);
  const analytic = Float64Array.from(grad(f)(x64).data);
  return compare(analytic, numericGrad(f, x64, eps), atol, rtol);
}

/** Checks H(x)·v against central differences of ∇f along v: (∇f(x + hv) − ∇f(x − hv)) / 2h. */
export function hvpcheck(
  f: (x: Tensor) => Tensor,
  x: Tensor,
  v: Tensor,
  opts: GradcheckOptions = {},
): GradcheckResult {
  const { eps = 1e-5, atol = 1e-5, rtol = 1e-4 } = opts;
  const x64 = new Tensor(Float64Array.from(cast(x, 'float64').data), x.shape);
  const v64 = Float64Array.from(cast(v, 'float64').data);
  const analytic = Float64Array.from(hvp(f, x64, new Tensor(v64, x.shape)).data);
  const xp = Float64Array.from(x64.data);
  const xm = Float64Array.from(x64.data);
  for (let i = 0; i < xp.length; i++) {
    xp[i] = xp[i]! + eps * v64[i]!;
    xm[i] = xm[i]! - eps * v64[i]!;
  }
  const gp = grad(f)(new Tensor(xp, x.shape)).data;
  const gm = grad(f)(new Tensor(xm, x.shape)).data;
  const numeric = new Float64Array(xp.length);
  for (let i = 0; i < numeric.length; i++) numeric[i] = (gp[i]! - gm[i]!) / (2 * eps);
  return compare(analytic, numeric, atol, rtol);
}
