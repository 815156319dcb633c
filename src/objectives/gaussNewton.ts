/**
 * Generalised Gauss–Newton (GGN) products (Schraudolph 2002; Martens 2010, §4.2).
 * When f(x) = ℓ(z(x)) with z the outputs (residuals, or a network's outputs)
 * and ℓ convex in z, the GGN matrix
 *
 *   G(x) = J(x)ᵀ ∇²ℓ(z) J(x),    J = ∂z/∂x
 *
 * is positive semi-definite and equals the Hessian of f without the terms of
 * the second derivatives of z. For a sum of squares ℓ(z) = Σ z_i², G = 2JᵀJ
 * (the Gauss–Newton matrix); for MSE and softmax cross-entropy on a network,
 * ∇²ℓ is (2/(m·k)) I and (1/m)(diag(p) − ppᵀ) per sample.
 *
 * G·v is computed exactly from three automatic-differentiation passes:
 *   J v   = ∇_u ⟨Jᵀu, v⟩     (the vector-Jacobian product, differentiated in u)
 *   w     = ∇²ℓ(z) (J v)      (a Hessian-vector product of ℓ alone)
 *   G v   = Jᵀ w              (a vector-Jacobian product)
 */
import { dot, gradients, hvpWithGrad } from '../autodiff/index.js';
import { withRecording } from '../autodiff/tape.js';
import { type DType, Tensor, zerosLike } from '../tensor/index.js';
import type { HvpObjective, Objective } from './types.js';

/** f = loss(outputs(x)), with loss convex in the outputs. */
export interface GaussNewtonSplit {
  /** x ↦ z(x), any shape. */
  outputs: (x: Tensor) => Tensor;
  /** z ↦ ℓ(z), a scalar, convex in z. */
  loss: (z: Tensor) => Tensor;
}

/** An objective that can also multiply by its generalised Gauss–Newton matrix. */
export interface GaussNewtonObjective extends Objective {
  /** Writes G(x)·v into `out` (G = Jᵀ∇²ℓ J, positive semi-definite). */
  ggnvp(x: Float64Array, v: Float64Array, out: Float64Array): void;
}

/** Whether `o` offers Gauss–Newton products. */
export function hasGaussNewton(o: Objective): o is GaussNewtonObjective {
  return typeof (o as Partial<GaussNewtonObjective>).ggnvp === 'function';
}

function leaf(data: Float64Array | Float32Array, shape: readonly number[]): Tensor {
  const t = new Tensor(data, shape);
  t.requiresGrad = true;
  return t;
}

/** G(x)·v for the split, with x and v as tensors of the same shape. */
export function ggnProduct(split: GaussNewtonSplit, x: Tensor, v: Tensor): Tensor {
  const xl = leaf(x.data as Float64Array, x.shape);
  return withRecording(true, () => {
    const z = split.outputs(xl);
    // J v by differentiating u ↦ ⟨Jᵀu, v⟩ (linear in u, so any u will do)
    const zero = zerosLike(z);
    const u = leaf(zero.data as Float64Array, z.shape);
    const [jtu] = gradients(z, [xl], { seed: u, createGraph: true });
    const [jv] = gradients(dot(jtu!, v), [u], { retainGraph: true });
    const w = hvpWithGrad(split.loss, z.detach(), jv!.detach()).hvp;
    const [gv] = gradients(z, [xl], { seed: w.detach() });
    return gv!;
  });
}

/**
 * Adds G·v to an objective of the same function (its value, gradient and exact
 * Hessian products, when it has them, are kept as they are).
 */
export function withGaussNewton(
  base: HvpObjective,
  split: GaussNewtonSplit,
  dtype?: DType,
): GaussNewtonObjective & HvpObjective;
export function withGaussNewton(
  base: Objective,
  split: GaussNewtonSplit,
  dtype?: DType,
): GaussNewtonObjective;
export function withGaussNewton(
  base: Objective,
  split: GaussNewtonSplit,
  dtype: DType = 'float64',
): GaussNewtonObjective {
  const dim = base.dim;
  const wrap = (x: Float64Array): Tensor =>
    new Tensor(dtype === 'float64' ? x : Float32Array.from(x), [dim]);
  const hvp = base.hvp?.bind(base);
  return {
    dim,
    value: (x) => base.value(x),
    valueAndGrad: (x, g) => base.valueAndGrad(x, g),
    ...(hvp ? { hvp } : {}),
    ggnvp: (x, v, out) => {
      out.set(ggnProduct(split, wrap(x), wrap(v)).data);
    },
  };
}
