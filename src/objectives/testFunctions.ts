/**
 * Classic optimisation test functions with hand-written gradients and
 * Hessian-vector products (as SciPy's `rosen`, `rosen_der`, `rosen_hess_prod`).
 * They are independent of the autodiff engine, so each side checks the other.
 *
 * Definitions follow docs/commands.md's problem table.
 */
import type { GaussNewtonObjective } from './gaussNewton.js';
import type { HvpObjective } from './types.js';

/**
 * out ← 2Jᵀ(J v) for the residual Jacobian J (m×n, row-major): the Gauss–Newton
 * product of f = Σ r_i² (the sums of squares below write J by hand).
 */
function twoJtJv(J: readonly number[], m: number, v: Float64Array, out: Float64Array): void {
  const n = v.length;
  out.fill(0);
  for (let i = 0; i < m; i++) {
    let jv = 0;
    for (let j = 0; j < n; j++) jv += J[i * n + j]! * v[j]!;
    for (let j = 0; j < n; j++) out[j] = out[j]! + 2 * J[i * n + j]! * jv;
  }
}

function checkDim(name: string, x: Float64Array, n: number): void {
  if (x.length !== n)
    throw new RangeError(`${name}: expected a vector of length ${n}, got ${x.length}`);
}

/** f(x, y) = x²/20 + y² — DLFS's anisotropic bowl (experiment 1). Minimum 0 at (0, 0). */
export const bowl: GaussNewtonObjective & HvpObjective = {
  dim: 2,
  value(x) {
    checkDim('bowl', x, 2);
    return (x[0]! * x[0]!) / 20 + x[1]! * x[1]!;
  },
  valueAndGrad(x, g) {
    checkDim('bowl', x, 2);
    g[0] = x[0]! / 10;
    g[1] = 2 * x[1]!;
    return (x[0]! * x[0]!) / 20 + x[1]! * x[1]!;
  },
  hvp(x, v, out) {
    checkDim('bowl', x, 2);
    checkDim('bowl', v, 2);
    out[0] = v[0]! / 10;
    out[1] = 2 * v[1]!;
  },
  ggnvp(x, v, out) {
    // r = (x/√20, y): G = 2JᵀJ = H
    checkDim('bowl', x, 2);
    out[0] = v[0]! / 10;
    out[1] = 2 * v[1]!;
  },
};

/** f(x, y) = x² − y²: a saddle at the origin. */
export const saddle: HvpObjective = {
  dim: 2,
  value(x) {
    checkDim('saddle', x, 2);
    return x[0]! * x[0]! - x[1]! * x[1]!;
  },
  valueAndGrad(x, g) {
    checkDim('saddle', x, 2);
    g[0] = 2 * x[0]!;
    g[1] = -2 * x[1]!;
    return x[0]! * x[0]! - x[1]! * x[1]!;
  },
  hvp(x, v, out) {
    checkDim('saddle', x, 2);
    checkDim('saddle', v, 2);
    out[0] = 2 * v[0]!;
    out[1] = -2 * v[1]!;
  },
};

/**
 * Rosenbrock in n ≥ 2 dimensions: Σ_{i<n} 100 (x_{i+1} − x_i²)² + (1 − x_i)².
 * Minimum 0 at (1, …, 1).
 */
export function rosenbrock(n = 2): GaussNewtonObjective & HvpObjective {
  if (!Number.isInteger(n) || n < 2)
    throw new RangeError(`rosenbrock: n must be an integer ≥ 2, got ${n}`);
  return {
    dim: n,
    value(x) {
      checkDim('rosenbrock', x, n);
      let f = 0;
      for (let i = 0; i < n - 1; i++) {
        const a = x[i + 1]! - x[i]! * x[i]!;
        const b = 1 - x[i]!;
        f += 100 * a * a + b * b;
      }
      return f;
    },
    valueAndGrad(x, g) {
      checkDim('rosenbrock', x, n);
      let f = 0;
      g.fill(0);
      for (let i = 0; i < n - 1; i++) {
        const xi = x[i]!;
        const a = x[i + 1]! - xi * xi;
        const b = 1 - xi;
        f += 100 * a * a + b * b;
        g[i] = g[i]! - 400 * xi * a - 2 * b;
        g[i + 1] = g[i + 1]! + 200 * a;
      }
      return f;
    },
    hvp(x, v, out) {
      checkDim('rosenbrock', x, n);
      checkDim('rosenbrock', v, n);
      out.fill(0);
      for (let i = 0; i < n - 1; i++) {
        const xi = x[i]!;
        // ∂²/∂xi² = 1200 xi² − 400 x_{i+1} + 2; ∂²/∂xi∂x_{i+1} = −400 xi; ∂²/∂x_{i+1}² = 200
        const hii = 1200 * xi * xi - 400 * x[i + 1]! + 2;
        const hij = -400 * xi;
        out[i] = out[i]! + hii * v[i]! + hij * v[i + 1]!;
        out[i + 1] = out[i + 1]! + hij * v[i]! + 200 * v[i + 1]!;
      }
    },
    ggnvp(x, v, out) {
      // r = (10(x_{i+1} − x_i²), 1 − x_i): ∇r = (−20x_i, 10) and (−1, 0) on (i, i+1)
      checkDim('rosenbrock', x, n);
      out.fill(0);
      for (let i = 0; i < n - 1; i++) {
        const a = -20 * x[i]! * v[i]! + 10 * v[i + 1]!;
        const b = -v[i]!;
        out[i] = out[i]! + 2 * (-20 * x[i]! * a - b);
        out[i + 1] = out[i + 1]! + 2 * 10 * a;
      }
    },
  };
}

/** Beale: (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)². Minimum 0 at (3, 0.5). */
export const beale: GaussNewtonObjective & HvpObjective = {
  dim: 2,
  value(p) {
    checkDim('beale', p, 2);
    const x = p[0]!;
    const y = p[1]!;
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y * y;
    const c = 2.625 - x + x * y * y * y;
    return a * a + b * b + c * c;
  },
  valueAndGrad(p, g) {
    checkDim('beale', p, 2);
    const x = p[0]!;
    const y = p[1]!;
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y * y;
    const c = 2.625 - x + x * y * y * y;
    g[0] = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1);
    g[1] = 2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y * y;
    return a * a + b * b + c * c;
  },
  hvp(p, v, out) {
    checkDim('beale', p, 2);
    checkDim('beale', v, 2);
    const x = p[0]!;
    const y = p[1]!;
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y * y;
    const c = 2.625 - x + x * y * y * y;
    // residual r_k with ∂r/∂x = (y^k − 1), ∂r/∂y = k x y^(k−1); H = 2 Σ (∇r ∇rᵀ + r ∇²r)
    const ax = y - 1,
      ay = x,
      axy = 1,
      ayy = 0;
    const bx = y * y - 1,
      by = 2 * x * y,
      bxy = 2 * y,
      byy = 2 * x;
    const cx = y * y * y - 1,
      cy = 3 * x * y * y,
      cxy = 3 * y * y,
      cyy = 6 * x * y;
    const hxx = 2 * (ax * ax + bx * bx + cx * cx);
    const hxy = 2 * (ax * ay + a * axy + bx * by + b * bxy + cx * cy + c * cxy);
    const hyy = 2 * (ay * ay + a * ayy + by * by + b * byy + cy * cy + c * cyy);
    out[0] = hxx * v[0]! + hxy * v[1]!;
    out[1] = hxy * v[0]! + hyy * v[1]!;
  },
  ggnvp(p, v, out) {
    checkDim('beale', p, 2);
    const x = p[0]!;
    const y = p[1]!;
    // ∇r_k = (y^k − 1, k x y^(k−1)), k = 1, 2, 3
    const J = [y - 1, x, y * y - 1, 2 * x * y, y * y * y - 1, 3 * x * y * y];
    twoJtJv(J, 3, v, out);
  },
};

/** Himmelblau: (x² + y − 11)² + (x + y² − 7)². Four minima of value 0, e.g. (3, 2). */
export const himmelblau: GaussNewtonObjective & HvpObjective = {
  dim: 2,
  value(p) {
    checkDim('himmelblau', p, 2);
    const a = p[0]! * p[0]! + p[1]! - 11;
    const b = p[0]! + p[1]! * p[1]! - 7;
    return a * a + b * b;
  },
  valueAndGrad(p, g) {
    checkDim('himmelblau', p, 2);
    const x = p[0]!;
    const y = p[1]!;
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    g[0] = 4 * x * a + 2 * b;
    g[1] = 2 * a + 4 * y * b;
    return a * a + b * b;
  },
  hvp(p, v, out) {
    checkDim('himmelblau', p, 2);
    checkDim('himmelblau', v, 2);
    const x = p[0]!;
    const y = p[1]!;
    const hxx = 12 * x * x + 4 * y - 42;
    const hxy = 4 * x + 4 * y;
    const hyy = 4 * x + 12 * y * y - 26;
    out[0] = hxx * v[0]! + hxy * v[1]!;
    out[1] = hxy * v[0]! + hyy * v[1]!;
  },
  ggnvp(p, v, out) {
    checkDim('himmelblau', p, 2);
    // r = (x² + y − 11, x + y² − 7): J = [[2x, 1], [1, 2y]]
    twoJtJv([2 * p[0]!, 1, 1, 2 * p[1]!], 2, v, out);
  },
};

/** Powell's singular function, n = 4: minimum 0 at the origin, singular Hessian there. */
export const powell: GaussNewtonObjective & HvpObjective = {
  dim: 4,
  value(p) {
    checkDim('powell', p, 4);
    const [a, b, c, d] = terms(p);
    return a * a + 5 * b * b + c ** 4 + 10 * d ** 4;
  },
  valueAndGrad(p, g) {
    checkDim('powell', p, 4);
    const [a, b, c, d] = terms(p);
    // a = x1 + 10 x2, b = x3 − x4, c = x2 − 2 x3, d = x1 − x4
    g[0] = 2 * a + 40 * d ** 3;
    g[1] = 20 * a + 4 * c ** 3;
    g[2] = 10 * b - 8 * c ** 3;
    g[3] = -10 * b - 40 * d ** 3;
    return a * a + 5 * b * b + c ** 4 + 10 * d ** 4;
  },
  hvp(p, v, out) {
    checkDim('powell', p, 4);
    checkDim('powell', v, 4);
    const [, , c, d] = terms(p);
    const c2 = 12 * c * c;
    const d2 = 120 * d * d;
    const [v0, v1, v2, v3] = [v[0]!, v[1]!, v[2]!, v[3]!];
    out[0] = 2 * (v0 + 10 * v1) + d2 * (v0 - v3);
    out[1] = 20 * (v0 + 10 * v1) + c2 * (v1 - 2 * v2);
    out[2] = 10 * (v2 - v3) - 2 * c2 * (v1 - 2 * v2);
    out[3] = -10 * (v2 - v3) - d2 * (v0 - v3);
  },
  ggnvp(p, v, out) {
    checkDim('powell', p, 4);
    const [, , c, d] = terms(p);
    // r = (a, √5 b, c², √10 d²)
    const s5 = Math.sqrt(5);
    const s10 = Math.sqrt(10);
    const J = [1, 10, 0, 0, 0, 0, s5, -s5, 0, 2 * c, -4 * c, 0, 2 * s10 * d, 0, 0, -2 * s10 * d];
    twoJtJv(J, 4, v, out);
  },
};

function terms(p: Float64Array): [number, number, number, number] {
  const [x1, x2, x3, x4] = [p[0]!, p[1]!, p[2]!, p[3]!];
  return [x1 + 10 * x2, x3 - x4, x2 - 2 * x3, x1 - x4];
}

/**
 * f(x) = ½ xᵀAx − bᵀx with A symmetric (row-major n×n). When A is positive
 * definite it also offers Gauss–Newton products (G = A).
 */
export function quadratic(A: ArrayLike<number>, b: ArrayLike<number>): HvpObjective {
  const n = b.length;
  if (A.length !== n * n)
    throw new RangeError(`quadratic: A must be ${n}×${n} to match b, got ${A.length} entries`);
  const a = Float64Array.from(A);
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(a[i * n + j]! - a[j * n + i]!) > 1e-12 * scale) {
        throw new RangeError(
          `quadratic: A must be symmetric; A[${i}][${j}] = ${a[i * n + j]} but A[${j}][${i}] = ${a[j * n + i]}`,
        );
      }
    }
  }
  const bb = Float64Array.from(b);
  const mul = (x: Float64Array, out: Float64Array) => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j]! * x[j]!;
      out[i] = s;
    }
  };
  const ax = new Float64Array(n);
  const objective: HvpObjective = {
    dim: n,
    value(x) {
      checkDim('quadratic', x, n);
      mul(x, ax);
      let f = 0;
      for (let i = 0; i < n; i++) f += 0.5 * x[i]! * ax[i]! - bb[i]! * x[i]!;
      return f;
    },
    valueAndGrad(x, g) {
      checkDim('quadratic', x, n);
      mul(x, g);
      let f = 0;
      for (let i = 0; i < n; i++) {
        f += 0.5 * x[i]! * g[i]! - bb[i]! * x[i]!;
        g[i] = g[i]! - bb[i]!;
      }
      return f;
    },
    hvp(x, v, out) {
      checkDim('quadratic', x, n);
      checkDim('quadratic', v, n);
      mul(v, out);
    },
  };
  // a convex quadratic is its own Gauss–Newton model: f = ½‖Lᵀ(x − x*)‖² + c with
  // A = LLᵀ, so G = A (offered only when A is positive definite)
  if (!positiveDefinite(a, n)) return objective;
  const gn: GaussNewtonObjective & HvpObjective = {
    ...objective,
    ggnvp: (x: Float64Array, v: Float64Array, out: Float64Array) => objective.hvp(x, v, out),
  };
  return gn;
}

/** Whether the symmetric n×n matrix a is positive definite (a Cholesky factorisation succeeds). */
function positiveDefinite(a: Float64Array, n: number): boolean {
  const L = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= L[j * n + k]! ** 2;
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = s / ljj;
    }
  }
  return true;
}
