/**
 * Function transformations in the manner of JAX: `grad`, `valueAndGrad`, `vjp`,
 * `hvp`. Each takes a function of tensors and differentiates it with respect to
 * its first argument, which is copied into a fresh leaf that records gradients.
 */
import { Tensor } from '../tensor/index.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import { gradients } from './backward.js';
import { dot } from './ops/linalg.js';
import { withRecording } from './tape.js';

function leaf(x: Tensor): Tensor {
  const t = new Tensor(x.data, x.shape);
  t.requiresGrad = true;
  return t;
}

function checkScalar(y: Tensor, name: string): void {
  if (y.size !== 1)
    throw new RangeError(
      `${name}: the function must return a scalar, got shape ${formatShape(y.shape)}`,
    );
}

/** x ↦ ∇f(x) for a scalar-valued f. */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  return (x) => valueAndGrad(f)(x)[1];
}

/** x ↦ [f(x), ∇f(x)] for a scalar-valued f. The returned value carries no tape. */
export function valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor) => [Tensor, Tensor] {
  return (x) => {
    const xl = leaf(x);
    const y = withRecording(true, () => f(xl));
    checkScalar(y, 'valueAndGrad');
    const [g] = gradients(y, [xl]);
    return [y.detach(), g!];
  };
}

/**
 * The vector-Jacobian product: returns f(x) and a function ct ↦ ctᵀ J_f(x).
 * The pullback may be called several times.
 */
export function vjp(f: (x: Tensor) => Tensor, x: Tensor): [Tensor, (ct: Tensor) => Tensor] {
  const xl = leaf(x);
  const y = withRecording(true, () => f(xl));
  const pullback = (ct: Tensor) => {
    if (!shapesEqual(ct.shape, y.shape)) {
      throw new RangeError(
        `vjp: cotangent shape ${formatShape(ct.shape)} differs from output shape ${formatShape(y.shape)}`,
      );
    }
    return gradients(y, [xl], { seed: ct, retainGraph: true })[0]!;
  };
  return [y.detach(), pullback];
}

/**
 * The exact Hessian-vector product H(x)·v = ∇ₓ(∇f(x) · v), by differentiating the
 * recorded backward pass (reverse over reverse). Also returns f(x) and ∇f(x).
 */
export function hvpWithGrad(
  f: (x: Tensor) => Tensor,
  x: Tensor,
  v: Tensor,
): { value: Tensor; grad: Tensor; hvp: Tensor } {
  if (!shapesEqual(x.shape, v.shape)) {
    throw new RangeError(
      `hvp: v has shape ${formatShape(v.shape)} but x has ${formatShape(x.shape)}`,
    );
  }
  const xl = leaf(x);
  return withRecording(true, () => {
    const y = f(xl);
    checkScalar(y, 'hvp');
    const [g] = gradients(y, [xl], { createGraph: true });
    const gv = dot(g!, v);
    const [h] = gradients(gv, [xl]);
    return { value: y.detach(), grad: g!.detach(), hvp: h! };
  });
}

/** H(x)·v for a scalar-valued f (exact, from automatic differentiation). */
export function hvp(f: (x: Tensor) => Tensor, x: Tensor, v: Tensor): Tensor {
  return hvpWithGrad(f, x, v).hvp;
}
