/**
 * The loss along a line and on a plane in parameter space (Goodfellow, Vinyals &
 * Saxe, "Qualitatively characterizing neural network optimization problems",
 * ICLR 2015; *Deep Learning* fig 8.2):
 *
 *   line:  J((1 − α)θ₀ + αθ₁) for α on a grid (default 41 points in [−0.5, 1.5]),
 *   plane: J((1 − α − β)θ₀ + αθ₁ + βθ₂) = J(θ₀ + α(θ₁ − θ₀) + β(θ₂ − θ₀)) for α, β on grids (default 21 points
 *          each in [−0.5, 1.5]); (α, β) = (0, 0), (1, 0), (0, 1) give exactly θ₀, θ₁, θ₂.
 *
 * `loss` is any function θ ↦ J(θ) (training or held-out loss); it receives a
 * scratch array that it must not keep.
 */

export type LossFunction = (theta: Float64Array) => number;

/** `n` evenly spaced points from a to b inclusive. */
export function linspace(a: number, b: number, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`linspace: n must be a positive integer, got ${n}`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = n === 1 ? a : a + ((b - a) * i) / (n - 1);
  return out;
}

export interface LineScan {
  alpha: Float64Array;
  loss: Float64Array;
}

export function lossAlongLine(
  loss: LossFunction,
  theta0: ArrayLike<number>,
  theta1: ArrayLike<number>,
  alphas: ArrayLike<number> = linspace(-0.5, 1.5, 41),
): LineScan {
  const n = theta0.length;
  if (theta1.length !== n)
    throw new RangeError(
      `lossAlongLine: theta1 must have length ${n} (that of theta0), got ${theta1.length}`,
    );
  const a = checkGrid('lossAlongLine', 'alphas', alphas);
  const th = new Float64Array(n);
  const out = new Float64Array(a.length);
  for (let k = 0; k < a.length; k++) {
    const al = a[k]!;
    for (let i = 0; i < n; i++) th[i] = (1 - al) * theta0[i]! + al * theta1[i]!;
    out[k] = loss(th);
  }
  return { alpha: a, loss: out };
}

export interface PlaneScan {
  alpha: Float64Array;
  beta: Float64Array;
  /** Row-major [beta.length][alpha.length]: loss[j·nα + i] at (alpha[i], beta[j]). */
  loss: Float64Array;
}

export function lossOnPlane(
  loss: LossFunction,
  theta0: ArrayLike<number>,
  theta1: ArrayLike<number>,
  theta2: ArrayLike<number>,
  alphas: ArrayLike<number> = linspace(-0.5, 1.5, 21),
  betas: ArrayLike<number> = linspace(-0.5, 1.5, 21),
): PlaneScan {
  const n = theta0.length;
  if (theta1.length !== n || theta2.length !== n) {
    throw new RangeError(
      `lossOnPlane: theta1 and theta2 must have length ${n} (that of theta0), got ${theta1.length} and ${theta2.length}`,
    );
  }
  const a = checkGrid('lossOnPlane', 'alphas', alphas);
  const b = checkGrid('lossOnPlane', 'betas', betas);
  const th = new Float64Array(n);
  const out = new Float64Array(a.length * b.length);
  for (let j = 0; j < b.length; j++) {
    const be = b[j]!;
    for (let k = 0; k < a.length; k++) {
      const al = a[k]!;
      for (let i = 0; i < n; i++) {
        th[i] = (1 - al - be) * theta0[i]! + al * theta1[i]! + be * theta2[i]!;
      }
      out[j * a.length + k] = loss(th);
    }
  }
  return { alpha: a, beta: b, loss: out };
}

function checkGrid(where: string, name: string, g: ArrayLike<number>): Float64Array {
  const a = Float64Array.from(g);
  if (a.length < 1 || a.some((t) => !Number.isFinite(t)))
    throw new RangeError(`${where}: ${name} must be a non-empty list of finite numbers`);
  return a;
}
