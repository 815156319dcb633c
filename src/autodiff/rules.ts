/**
 * The backward rules, one per operation, in a table typed by `OpName`: leaving a
 * rule out is a compile error. Each maps the gradient g of the output to the
 * gradients of the inputs (null where none flows), in the output's shape for
 * broadcasting ops (the backward pass sums them down to the input shapes in one
 * place). Rules are written with differentiable operations, so that when the
 * pass itself is recorded (`createGraph`), differentiating again gives exact
 * second derivatives.
 */
import { Tensor, zerosLike } from '../tensor/index.js';
import {
  cast,
  div,
  equal,
  greaterEqual,
  lessEqual,
  mul,
  neg,
  powScalar,
  sigmoid,
  sub,
  unaryConst,
} from './ops/elementwise.js';
import { biasActivationGrad, softmaxCrossEntropyGrad } from './ops/fused.js';
import { matmul } from './ops/linalg.js';
import { sum } from './ops/reduce.js';
import {
  broadcastTo,
  gatherRows,
  pad,
  pick,
  reshape,
  scatterAddRows,
  slice,
  transpose,
  unpick,
  where,
} from './ops/shape.js';
import type { Node, OpName } from './tape.js';

export type Rule<K extends OpName> = (g: Tensor, node: Node<K>) => (Tensor | null)[];

const inputs2 = (n: Node) => [n.inputs[0]!, n.inputs[1]!] as const;

export const rules: { [K in OpName]: Rule<K> } = {
  // d(a+b) = da + db
  add: (g) => [g, g],
  // d(a−b) = da − db
  sub: (g) => [g, neg(g)],
  // d(ab) = b da + a db
  mul: (g, n) => {
    const [a, b] = inputs2(n);
    return [a.requiresGrad ? mul(g, b) : null, b.requiresGrad ? mul(g, a) : null];
  },
  // d(a/b) = da/b − a db/b²
  div: (g, n) => {
    const [a, b] = inputs2(n);
    return [div(g, b), neg(div(mul(g, a), mul(b, b)))];
  },
  // d(−x) = −dx
  neg: (g) => [neg(g)],
  // d(xᵖ) = p xᵖ⁻¹ dx
  powScalar: (g, n) => [mul(g, mul(powScalar(n.inputs[0]!, n.saved.p - 1), n.saved.p))],
  // d(eˣ) = eˣ dx (reuses the output y = eˣ)
  exp: (g, n) => [mul(g, n.out)],
  // d(log x) = dx / x
  log: (g, n) => [div(g, n.inputs[0]!)],
  // d(√x) = dx / (2√x)
  sqrt: (g, n) => [div(g, mul(n.out, 2))],
  // d|x| = sign(x) dx (sign is constant almost everywhere)
  abs: (g, n) => [mul(g, unaryConst('sign', n.inputs[0]!))],
  // d tanh x = (1 − y²) dx
  tanh: (g, n) => [mul(g, sub(1, mul(n.out, n.out)))],
  // d σ(x) = y (1 − y) dx
  sigmoid: (g, n) => [mul(g, mul(n.out, sub(1, n.out)))],
  // d relu(x) = [x > 0] dx
  relu: (g, n) => [mul(g, unaryConst('step', n.inputs[0]!))],
  // d leaky(x) = ([x > 0] + α [x ≤ 0]) dx
  leakyRelu: (g, n) => {
    const step = unaryConst('step', n.inputs[0]!);
    const a = n.saved.alpha;
    return [
      mul(
        g,
        broadcastConst(step, (s) => s + a * (1 - s)),
      ),
    ];
  },
  // d softplus(x) = σ(x) dx
  softplus: (g, n) => [mul(g, sigmoid(n.inputs[0]!))],
  // d clamp(x) = [lo ≤ x ≤ hi] dx
  clamp: (g, n) => {
    const x = n.inputs[0]!.detach();
    return [mul(g, mul(greaterEqual(x, n.saved.lo), lessEqual(x, n.saved.hi)))];
  },
  // d max(a, b) = [a ≥ b] da + [a < b] db
  maximum: (g, n) => {
    const [a, b] = inputs2(n);
    const m = greaterEqual(a.detach(), b.detach());
    return [mul(g, m), mul(g, sub(1, m))];
  },
  // d min(a, b) = [a ≤ b] da + [a > b] db
  minimum: (g, n) => {
    const [a, b] = inputs2(n);
    const m = lessEqual(a.detach(), b.detach());
    return [mul(g, m), mul(g, sub(1, m))];
  },
  // where(c, a, b): da = where(c, g, 0), db = where(c, 0, g)
  where: (g, n) => {
    const z = zerosLike(g);
    return [where(n.saved.cond, g, z), where(n.saved.cond, z, g)];
  },
  // C = op(A) op(B): the four transpose cases of dA = G Bᵀ, dB = Aᵀ G
  // (products for an input that needs no gradient, such as the data, are skipped)
  matmul: (g, n) => {
    const [a, b] = inputs2(n);
    const { transA, transB } = n.saved;
    const da = a.requiresGrad;
    const db = b.requiresGrad;
    if (!transA && !transB)
      return [da ? matmul(g, b, false, true) : null, db ? matmul(a, g, true, false) : null];
    if (transA && !transB)
      return [da ? matmul(b, g, false, true) : null, db ? matmul(a, g, false, false) : null];
    if (!transA && transB)
      return [da ? matmul(g, b, false, false) : null, db ? matmul(g, a, true, false) : null];
    return [da ? matmul(b, g, true, true) : null, db ? matmul(g, a, true, true) : null];
  },
  // y = permute(x, p): dx = permute(g, p⁻¹)
  transpose: (g, n) => {
    const inv = new Array<number>(n.saved.perm.length);
    n.saved.perm.forEach((a, i) => {
      inv[a] = i;
    });
    return [transpose(g, inv)];
  },
  // reshape: dx = reshape(g, shape of x)
  reshape: (g, n) => [reshape(g, n.inputs[0]!.shape)],
  // broadcast: dx = g (summed back to x's shape by the backward pass)
  broadcastTo: (g) => [g],
  // sum over axes (kept): dx = g broadcast back along them
  sum: (g, n) => [broadcastTo(g, n.inputs[0]!.shape)],
  // max over axes (kept): dx = g · [x = max] / (number of ties)
  max: (g, n) => {
    const x = n.inputs[0]!;
    const mask = equal(x.detach(), broadcastTo(n.out.detach(), x.shape));
    const count = sum(mask, n.saved.axes, true);
    return [mul(broadcastTo(div(g, count), x.shape), mask)];
  },
  // slice: dx = g embedded in zeros at the slice's offset
  slice: (g, n) => [pad(g, n.saved.begin, n.inputs[0]!.shape)],
  // pad: dx = the slice of g that x was placed in
  pad: (g, n) => [slice(g, n.saved.begin, n.inputs[0]!.shape)],
  // gather rows: dx = scatter-add of g into the rows they came from
  gatherRows: (g, n) => [scatterAddRows(g, n.saved.idx, n.saved.rows)],
  // scatter-add rows: dx = gather of g at those rows
  scatterAddRows: (g, n) => [gatherRows(g, n.saved.idx)],
  // pick: dx = zeros with g at the picked entries
  pick: (g, n) => [unpick(g, n.saved.idx, n.saved.cols)],
  // unpick: dx = pick of g
  unpick: (g, n) => [pick(g, n.saved.idx)],
  // concat: each input gets its slice of g
  concat: (g, n) => {
    const { axis, sizes } = n.saved;
    let off = 0;
    return n.inputs.map((t, i) => {
      const begin = t.shape.map((_, d) => (d === axis ? off : 0));
      off += sizes[i]!;
      return slice(g, begin, t.shape);
    });
  },
  // cast: dx = g cast back
  cast: (g, n) => [cast(g, n.saved.from)],
  // out = f(y + b): dy = g f'(y + b) written on out (relu [out > 0], tanh 1 − out², sigmoid out(1 − out));
  // db = the same, summed over rows by the backward pass
  biasActivation: (g, n) => {
    const d = biasActivationGrad(g, n.out, n.saved.act);
    return [d, d];
  },
  // J = −(1/m) Σᵢ log softmax(zᵢ)[yᵢ]: dz = g (softmax(z) − onehot(y)) / m
  softmaxCrossEntropy: (g, n) => [
    softmaxCrossEntropyGrad(g, n.inputs[0]!, n.saved.labels, n.saved.grad),
  ],
};

/** A constant tensor f applied element-wise to a constant t. */
function broadcastConst(t: Tensor, f: (v: number) => number): Tensor {
  const out = t.data.slice();
  for (let i = 0; i < out.length; i++) out[i] = f(out[i]!);
  return new Tensor(out, t.shape);
}
