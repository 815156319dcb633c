/**
 * The problems of docs/commands.md as tensor functions of the flat vector x, so the
 * autodiff engine gives their exact gradients and Hessian-vector products; and
 * `tensorObjective`, which turns any such function into a flat `Objective`.
 */
import {
  add,
  concat,
  crossEntropy,
  hvpWithGrad,
  matmul,
  mse,
  mul,
  noGrad,
  powScalar,
  relu,
  reshape,
  sigmoid,
  slice,
  square,
  sub,
  sum,
  tanh,
  valueAndGrad,
} from '../autodiff/index.js';
import { type DType, Tensor, tensor } from '../tensor/index.js';
import { type GaussNewtonSplit, withGaussNewton } from './gaussNewton.js';
import type { HvpObjective } from './types.js';

export type Activation = 'tanh' | 'relu' | 'sigmoid';
export type MlpLoss = 'softmax-cross-entropy' | 'mse';

export interface MlpProblem {
  name: 'mlp';
  sizes: number[];
  activation: Activation;
  loss: MlpLoss;
  inputs: number[][];
  targets: number[] | number[][];
}

export type ProblemSpec =
  | { name: 'bowl' | 'beale' | 'himmelblau' | 'saddle' | 'powell' | 'rosenbrock' }
  | { name: 'quadratic'; A: number[][]; b: number[] }
  | MlpProblem;

/** A scalar function of the flat parameter vector. */
export type FlatFunction = (x: Tensor) => Tensor;

const el = (x: Tensor, i: number) => reshape(slice(x, [i], [1]), []);

/** The fixed dimension of a problem, or null when any n ≥ 2 works (rosenbrock). */
export function problemDim(p: ProblemSpec): number | null {
  switch (p.name) {
    case 'bowl':
    case 'beale':
    case 'himmelblau':
    case 'saddle':
      return 2;
    case 'powell':
      return 4;
    case 'rosenbrock':
      return null;
    case 'quadratic':
      return p.b.length;
    case 'mlp':
      return mlpParamCount(p.sizes);
  }
}

/** Σ_l (n_{l−1} n_l + n_l): the length of the MLP's parameter vector. */
export function mlpParamCount(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 1; l < sizes.length; l++) n += sizes[l - 1]! * sizes[l]! + sizes[l]!;
  return n;
}

/** The problem as a differentiable function of x. */
export function problemFunction(p: ProblemSpec, dtype: DType = 'float64'): FlatFunction {
  switch (p.name) {
    case 'bowl':
      // x²/20 + y²
      return (x) => add(mul(square(el(x, 0)), 1 / 20), square(el(x, 1)));
    case 'saddle':
      return (x) => sub(square(el(x, 0)), square(el(x, 1)));
    case 'rosenbrock':
      return (x) => {
        const n = x.size;
        const head = slice(x, [0], [n - 1]);
        const tail = slice(x, [1], [n - 1]);
        return sum(add(mul(square(sub(tail, square(head))), 100), square(sub(1, head))));
      };
    case 'beale':
      return (p2) => {
        const x = el(p2, 0);
        const y = el(p2, 1);
        const t = (c: number, k: number) => square(add(sub(c, x), mul(x, powScalar(y, k))));
        return add(add(t(1.5, 1), t(2.25, 2)), t(2.625, 3));
      };
    case 'himmelblau':
      return (p2) => {
        const x = el(p2, 0);
        const y = el(p2, 1);
        return add(square(sub(add(square(x), y), 11)), square(sub(add(x, square(y)), 7)));
      };
    case 'powell':
      return (p4) => {
        const [x1, x2, x3, x4] = [el(p4, 0), el(p4, 1), el(p4, 2), el(p4, 3)];
        return add(
          add(square(add(x1, mul(x2, 10))), mul(square(sub(x3, x4)), 5)),
          add(powScalar(sub(x2, mul(x3, 2)), 4), mul(powScalar(sub(x1, x4), 4), 10)),
        );
      };
    case 'quadratic': {
      const n = p.b.length;
      const A = tensor(p.A, { dtype });
      const b = tensor(p.b, { dtype });
      if (A.rank !== 2 || A.shape[0] !== n || A.shape[1] !== n) {
        throw new RangeError(`quadratic: A must be ${n}×${n} to match b`);
      }
      // ½ xᵀAx − bᵀx
      return (x) => sub(mul(sum(mul(x, matmul(A, x))), 0.5), sum(mul(b, x)));
    }
    case 'mlp':
      return mlpFunction(p, dtype);
  }
}

const activations: Record<Activation, (x: Tensor) => Tensor> = { tanh, relu, sigmoid };

/**
 * A fully connected network split for Gauss–Newton products: its outputs a_L
 * (a_l = act(a_{l−1} W_l + b_l), no activation on the last layer; x holds W_1,
 * b_1, W_2, b_2, … with W row-major [n_{l−1}, n_l]) and the mean loss on them.
 */
export function mlpSplit(p: MlpProblem, dtype: DType = 'float64'): GaussNewtonSplit {
  const { sizes } = p;
  const X = tensor(p.inputs, { dtype });
  if (X.rank !== 2 || X.shape[1] !== sizes[0]) {
    throw new RangeError(`mlp: inputs must be [m, ${sizes[0]}], got [${X.shape.join(', ')}]`);
  }
  const m = X.shape[0]!;
  const act = activations[p.activation];
  let lossOf: (out: Tensor) => Tensor;
  if (p.loss === 'softmax-cross-entropy') {
    const labels = Int32Array.from(p.targets as number[]);
    if (labels.length !== m) throw new RangeError(`mlp: ${labels.length} targets for ${m} inputs`);
    const classes = sizes[sizes.length - 1]!;
    labels.forEach((c, i) => {
      if (!Number.isInteger((p.targets as number[])[i]) || c < 0 || c >= classes) {
        throw new RangeError(
          `mlp: targets[${i}] = ${(p.targets as number[])[i]} is not a class index in [0, ${classes})`,
        );
      }
    });
    lossOf = (out) => crossEntropy(out, labels);
  } else {
    const Y = tensor(p.targets as number[][], { dtype });
    if (Y.rank !== 2 || Y.shape[0] !== m || Y.shape[1] !== sizes[sizes.length - 1]) {
      throw new RangeError(`mlp: mse targets must be [${m}, ${sizes[sizes.length - 1]}]`);
    }
    lossOf = (out) => mse(out, Y);
  }
  const outputs = (x: Tensor): Tensor => {
    let a = X;
    let off = 0;
    for (let l = 1; l < sizes.length; l++) {
      const nin = sizes[l - 1]!;
      const nout = sizes[l]!;
      const W = reshape(slice(x, [off], [nin * nout]), [nin, nout]);
      off += nin * nout;
      const b = slice(x, [off], [nout]);
      off += nout;
      a = add(matmul(a, W), b);
      if (l < sizes.length - 1) a = act(a);
    }
    return a;
  };
  return { outputs, loss: lossOf };
}

/**
 * Mean loss of a fully connected network: a_l = act(a_{l−1} W_l + b_l), no
 * activation on the last layer; x holds W_1, b_1, W_2, b_2, … (W row-major [n_{l−1}, n_l]).
 */
export function mlpFunction(p: MlpProblem, dtype: DType = 'float64'): FlatFunction {
  const { outputs, loss } = mlpSplit(p, dtype);
  return (x) => loss(outputs(x));
}

/**
 * A flat-vector Objective from a differentiable function of x: value, gradient and
 * exact Hessian-vector products by automatic differentiation.
 */
export function tensorObjective(
  f: FlatFunction,
  dim: number,
  dtype: DType = 'float64',
): HvpObjective {
  const wrap = (x: Float64Array): Tensor => {
    if (x.length !== dim)
      throw new RangeError(`objective: expected x of length ${dim}, got ${x.length}`);
    return new Tensor(dtype === 'float64' ? x : Float32Array.from(x), [dim]);
  };
  return {
    dim,
    value: (x) => noGrad(() => f(wrap(x)).item()),
    valueAndGrad: (x, g) => {
      const [v, gr] = valueAndGrad(f)(wrap(x));
      g.set(gr.data);
      return v.item();
    },
    hvp: (x, v, out) => {
      const r = hvpWithGrad(f, wrap(x), wrap(v));
      out.set(r.hvp.data);
    },
  };
}

/** The Objective of a docs/commands.md problem for vectors of length `dim`. */
export function problemObjective(
  p: ProblemSpec,
  dim: number,
  dtype: DType = 'float64',
): HvpObjective {
  const want = problemDim(p);
  if (want !== null && want !== dim)
    throw new RangeError(`${p.name}: x must have length ${want}, got ${dim}`);
  if (want === null && dim < 2)
    throw new RangeError(`${p.name}: x must have length ≥ 2, got ${dim}`);
  const base = tensorObjective(problemFunction(p, dtype), dim, dtype);
  const split = problemSplit(p, dtype);
  return split ? withGaussNewton(base, split, dtype) : base;
}

const vec = (t: Tensor) => reshape(t, [1]);
const sumOfSquares = (z: Tensor) => sum(square(z));

/**
 * The problem as outputs and a convex loss on them, for Gauss–Newton products,
 * or null when it is not of that form (saddle, quadratic). The sums of squares
 * are written as residuals r with f = Σ r_i²: rosenbrock r = (10(x_{i+1} − x_i²),
 * 1 − x_i), beale r_k = c_k − x + xy^k, himmelblau (x² + y − 11, x + y² − 7),
 * powell (x1 + 10x2, √5(x3 − x4), (x2 − 2x3)², √10(x1 − x4)²), bowl (x/√20, y).
 */
export function problemSplit(p: ProblemSpec, dtype: DType = 'float64'): GaussNewtonSplit | null {
  const residuals = (outputs: (x: Tensor) => Tensor): GaussNewtonSplit => ({
    outputs,
    loss: sumOfSquares,
  });
  switch (p.name) {
    case 'bowl':
      return residuals((x) => concat([vec(mul(el(x, 0), 1 / Math.sqrt(20))), vec(el(x, 1))]));
    case 'rosenbrock':
      return residuals((x) => {
        const n = x.size;
        const head = slice(x, [0], [n - 1]);
        const tail = slice(x, [1], [n - 1]);
        return concat([mul(sub(tail, square(head)), 10), sub(1, head)]);
      });
    case 'beale':
      return residuals((p2) => {
        const x = el(p2, 0);
        const y = el(p2, 1);
        const r = (c: number, k: number) => vec(add(sub(c, x), mul(x, powScalar(y, k))));
        return concat([r(1.5, 1), r(2.25, 2), r(2.625, 3)]);
      });
    case 'himmelblau':
      return residuals((p2) => {
        const x = el(p2, 0);
        const y = el(p2, 1);
        return concat([vec(sub(add(square(x), y), 11)), vec(sub(add(x, square(y)), 7))]);
      });
    case 'powell':
      return residuals((p4) => {
        const [x1, x2, x3, x4] = [el(p4, 0), el(p4, 1), el(p4, 2), el(p4, 3)];
        return concat([
          vec(add(x1, mul(x2, 10))),
          vec(mul(sub(x3, x4), Math.sqrt(5))),
          vec(square(sub(x2, mul(x3, 2)))),
          vec(mul(square(sub(x1, x4)), Math.sqrt(10))),
        ]);
      });
    case 'mlp':
      return mlpSplit(p, dtype);
    case 'saddle':
    case 'quadratic':
      return null;
  }
}
