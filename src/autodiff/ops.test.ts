/**
 * Every operation's first and second derivatives against central differences, as
 * property tests over random shapes (with broadcasting) and values.
 *
 * Each case builds f(θ) = Σ w ⊙ y + Σ u ⊙ y², y = op(inputs(θ)), where θ is split
 * into the op's inputs; the square makes the Hessian involve both the op's
 * Jacobian and its own second derivative, so `hvp` exercises every rule twice.
 *
 * The cases are checked against the rule table: every op name of `rules` must
 * be recorded by some case, so a new op without a gradient test fails here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random/index.js';
import { type Shape, Tensor, tensor } from '../tensor/index.js';
import { sizeOf } from '../tensor/shape.js';
import { type GradcheckOptions, gradcheck, hvpcheck } from './gradcheck.js';
import * as ad from './index.js';
import { rules } from './rules.js';

type Domain = 'any' | 'positive' | 'awayFromZero';

interface Case {
  name: string;
  /** Random input shapes for a generator draw. */
  shapes: (r: Rng) => Shape[];
  domain?: Domain;
  op: (xs: Tensor[]) => Tensor;
  /** Central-difference settings when the defaults cannot apply (float32 rounding inside the op). */
  tolerance?: { grad: GradcheckOptions; hvp: GradcheckOptions };
}

const dim = (r: Rng) => 1 + r.int(4);
const sameShape = (k: number) => (r: Rng) => {
  const rank = r.int(4);
  const s = Array.from({ length: rank }, () => dim(r));
  return Array.from({ length: k }, () => s);
};
/** Two shapes that broadcast: drop leading dims or set some to 1. */
const broadcastPair = (r: Rng): Shape[] => {
  const rank = 1 + r.int(3);
  const full = Array.from({ length: rank }, () => 1 + r.int(3));
  const other = full.slice(r.int(rank)).map((d) => (r.uniform() < 0.4 ? 1 : d));
  return r.uniform() < 0.5 ? [full, other] : [other, full];
};
const matrix = (r: Rng): Shape[] => [[dim(r), dim(r)]];

const cases: Case[] = [
  { name: 'add', shapes: broadcastPair, op: ([a, b]) => ad.add(a!, b!) },
  { name: 'sub', shapes: broadcastPair, op: ([a, b]) => ad.sub(a!, b!) },
  { name: 'mul', shapes: broadcastPair, op: ([a, b]) => ad.mul(a!, b!) },
  { name: 'div', shapes: broadcastPair, domain: 'positive', op: ([a, b]) => ad.div(a!, b!) },
  { name: 'maximum', shapes: sameShape(2), op: ([a, b]) => ad.maximum(a!, b!) },
  { name: 'minimum', shapes: broadcastPair, op: ([a, b]) => ad.minimum(a!, b!) },
  { name: 'neg', shapes: sameShape(1), op: ([a]) => ad.neg(a!) },
  { name: 'exp', shapes: sameShape(1), op: ([a]) => ad.exp(a!) },
  { name: 'log', shapes: sameShape(1), domain: 'positive', op: ([a]) => ad.log(a!) },
  { name: 'sqrt', shapes: sameShape(1), domain: 'positive', op: ([a]) => ad.sqrt(a!) },
  { name: 'abs', shapes: sameShape(1), domain: 'awayFromZero', op: ([a]) => ad.abs(a!) },
  { name: 'tanh', shapes: sameShape(1), op: ([a]) => ad.tanh(a!) },
  { name: 'sigmoid', shapes: sameShape(1), op: ([a]) => ad.sigmoid(a!) },
  { name: 'relu', shapes: sameShape(1), domain: 'awayFromZero', op: ([a]) => ad.relu(a!) },
  {
    name: 'leakyRelu',
    shapes: sameShape(1),
    domain: 'awayFromZero',
    op: ([a]) => ad.leakyRelu(a!, 0.1),
  },
  { name: 'softplus', shapes: sameShape(1), op: ([a]) => ad.softplus(a!) },
  { name: 'powScalar 3', shapes: sameShape(1), op: ([a]) => ad.powScalar(a!, 3) },
  {
    name: 'powScalar -1.5',
    shapes: sameShape(1),
    domain: 'positive',
    op: ([a]) => ad.powScalar(a!, -1.5),
  },
  { name: 'pow tensor', shapes: broadcastPair, domain: 'positive', op: ([a, b]) => ad.pow(a!, b!) },
  {
    name: 'clamp',
    shapes: sameShape(1),
    domain: 'awayFromZero',
    op: ([a]) => ad.clamp(a!, -0.7, 0.9),
  },
  {
    name: 'where',
    shapes: sameShape(2),
    op: ([a, b]) => ad.where(ad.greater(a!.detach(), 0), ad.mul(a!, b!), ad.exp(b!)),
  },
  {
    name: 'matmul',
    shapes: (r) => {
      const [m, k, n] = [dim(r), dim(r), dim(r)];
      return [
        [m, k],
        [k, n],
      ];
    },
    op: ([a, b]) => ad.matmul(a!, b!),
  },
  {
    name: 'matmul Aᵀ Bᵀ',
    shapes: (r) => {
      const [m, k, n] = [dim(r), dim(r), dim(r)];
      return [
        [k, m],
        [n, k],
      ];
    },
    op: ([a, b]) => ad.matmul(a!, b!, true, true),
  },
  {
    name: 'matmul Aᵀ B',
    shapes: (r) => {
      const [m, k, n] = [dim(r), dim(r), dim(r)];
      return [
        [k, m],
        [k, n],
      ];
    },
    op: ([a, b]) => ad.matmul(a!, b!, true, false),
  },
  {
    name: 'matmul A Bᵀ',
    shapes: (r) => {
      const [m, k, n] = [dim(r), dim(r), dim(r)];
      return [
        [m, k],
        [n, k],
      ];
    },
    op: ([a, b]) => ad.matmul(a!, b!, false, true),
  },
  { name: 'transpose', shapes: matrix, op: ([a]) => ad.transpose(a!) },
  {
    name: 'transpose 3-D',
    shapes: (r) => [[dim(r), dim(r), dim(r)]],
    op: ([a]) => ad.transpose(a!, [2, 0, 1]),
  },
  { name: 'reshape', shapes: (r) => [[dim(r), 2, dim(r)]], op: ([a]) => ad.reshape(a!, [2, -1]) },
  {
    name: 'broadcastTo',
    shapes: (r) => [[1, dim(r)]],
    op: ([a]) => ad.broadcastTo(a!, [3, a!.shape[1]!]),
  },
  { name: 'sum all', shapes: sameShape(1), op: ([a]) => ad.sum(a!) },
  {
    name: 'sum axis 0 keepdims',
    shapes: (r) => [[dim(r), dim(r), dim(r)]],
    op: ([a]) => ad.sum(a!, [0, 2], true),
  },
  { name: 'mean axis -1', shapes: (r) => [[dim(r), dim(r)]], op: ([a]) => ad.mean(a!, -1) },
  { name: 'max axis 1', shapes: (r) => [[dim(r), dim(r), dim(r)]], op: ([a]) => ad.max(a!, 1) },
  { name: 'min all', shapes: sameShape(1), op: ([a]) => ad.min(a!) },
  {
    name: 'slice',
    shapes: (r) => [[2 + r.int(3), 2 + r.int(3)]],
    op: ([a]) => ad.slice(a!, [1, 0], [a!.shape[0]! - 1, 2]),
  },
  {
    name: 'gatherRows',
    shapes: (r) => [[3, dim(r)]],
    op: ([a]) => ad.gatherRows(a!, [2, 0, 2, 1]),
  },
  { name: 'pick', shapes: (r) => [[3, 2 + r.int(3)]], op: ([a]) => ad.pick(a!, [1, 0, 1]) },
  {
    name: 'pad',
    shapes: (r) => [[dim(r), dim(r)]],
    op: ([a]) => ad.pad(a!, [1, 0], [a!.shape[0]! + 2, a!.shape[1]! + 1]),
  },
  ...(['identity', 'relu', 'sigmoid', 'tanh'] as const).map(
    (act): Case => ({
      name: `biasActivation ${act}`,
      shapes: (r) => {
        const n = dim(r);
        return [[dim(r), n], [n]];
      },
      // relu: y, b > 0 keeps y + b away from the kink
      ...(act === 'relu' ? { domain: 'positive' as const } : {}),
      op: ([y, b]) => ad.biasActivation(y!, b!, act),
    }),
  ),
  {
    name: 'softmaxCrossEntropyLoss',
    shapes: (r) => [[3, 2 + r.int(3)]],
    op: ([z]) => ad.softmaxCrossEntropyLoss(z!, [1, 0, 1]),
  },
  {
    name: 'scatterAddRows (a repeated row adds up)',
    shapes: (r) => [[4, dim(r)]],
    op: ([a]) => ad.scatterAddRows(a!, Int32Array.of(2, 0, 2, 1), 3),
  },
  {
    name: 'unpick',
    shapes: () => [[3]],
    op: ([a]) => ad.unpick(a!, Int32Array.of(1, 0, 2), 4),
  },
  {
    // float64 → float32 → float64: the rule is the identity cast back; the
    // float32 rounding (≈ 6e-8 relative) needs a wider step: with h = 1e-2
    // the differences of this quadratic in y are exact up to ≈ 1e-5.
    name: 'cast',
    shapes: sameShape(1),
    op: ([a]) => ad.cast(ad.cast(a!, 'float32'), 'float64'),
    tolerance: {
      grad: { eps: 1e-2, atol: 1e-4, rtol: 1e-3 },
      hvp: { eps: 1e-2, atol: 1e-4, rtol: 1e-3 },
    },
  },
  {
    name: 'concat',
    shapes: (r) => {
      const n = dim(r);
      return [
        [dim(r), n],
        [dim(r), n],
      ];
    },
    op: ([a, b]) => ad.concat([a!, b!], 0),
  },
  {
    name: 'concat axis 1',
    shapes: (r) => [
      [2, dim(r)],
      [2, dim(r)],
    ],
    op: ([a, b]) => ad.concat([ad.exp(a!), b!], 1),
  },
  { name: 'logSoftmax', shapes: (r) => [[dim(r), 1 + dim(r)]], op: ([a]) => ad.logSoftmax(a!) },
  { name: 'softmax axis 0', shapes: (r) => [[1 + dim(r), dim(r)]], op: ([a]) => ad.softmax(a!, 0) },
  { name: 'logSumExp', shapes: (r) => [[dim(r), 1 + dim(r)]], op: ([a]) => ad.logSumExp(a!, 1) },
  { name: 'crossEntropy', shapes: () => [[3, 4]], op: ([a]) => ad.crossEntropy(a!, [3, 0, 2]) },
  { name: 'mse', shapes: sameShape(2), op: ([a, b]) => ad.mse(a!, b!) },
  {
    name: 'binaryCrossEntropy',
    shapes: sameShape(2),
    op: ([a, b]) => ad.binaryCrossEntropy(a!, ad.sigmoid(b!)),
  },
];

function draw(r: Rng, n: number, domain: Domain): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (domain === 'positive') x[i] = 0.5 + 1.5 * r.uniform();
    else if (domain === 'awayFromZero') x[i] = (0.1 + r.uniform()) * r.sign();
    else x[i] = 2 * r.uniform() - 1;
  }
  return x;
}

/** f(θ) for a case: θ split into the inputs, y = op(inputs), Σ w y + Σ u y². */
function objective(c: Case, shapes: Shape[], r: Rng): { f: (x: Tensor) => Tensor; n: number } {
  const sizes = shapes.map(sizeOf);
  const n = sizes.reduce((a, b) => a + b, 0);
  const probe = c.op(shapes.map((s) => new Tensor(draw(new Rng(1), sizeOf(s), 'positive'), s)));
  const w = new Tensor(draw(r, probe.size, 'any'), probe.shape);
  const u = new Tensor(draw(r, probe.size, 'any'), probe.shape);
  const f = (x: Tensor) => {
    let off = 0;
    const xs = shapes.map((s, i) => {
      const t = ad.reshape(ad.slice(x, [off], [sizes[i]!]), s);
      off += sizes[i]!;
      return t;
    });
    const y = c.op(xs);
    return ad.add(ad.sum(ad.mul(w, y)), ad.sum(ad.mul(u, ad.mul(y, y))));
  };
  return { f, n };
}

describe('first and second derivatives of every op (property tests)', () => {
  for (const c of cases) {
    it(c.name, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
          const r = new Rng(seed);
          const shapes = c.shapes(r);
          const { f, n } = objective(c, shapes, r);
          const x = tensor(draw(r, n, c.domain ?? 'any'));
          const g = gradcheck(f, x, c.tolerance?.grad ?? { eps: 1e-6, atol: 1e-7, rtol: 1e-5 });
          expect(
            g.ok,
            `${c.name} grad, shapes ${JSON.stringify(shapes)}: max error ${g.maxAbsError}`,
          ).toBe(true);
          const v = tensor(draw(r, n, 'any'));
          const h = hvpcheck(f, x, v, c.tolerance?.hvp ?? { eps: 1e-5, atol: 1e-6, rtol: 1e-4 });
          expect(
            h.ok,
            `${c.name} hvp, shapes ${JSON.stringify(shapes)}: max error ${h.maxAbsError}`,
          ).toBe(true);
        }),
        { numRuns: 25, seed: 20261127 },
      );
    });
  }
});

/** The op names recorded on the tape when a case runs on leaf inputs. */
function recordedOps(c: Case, r: Rng): Set<string> {
  const xs = c
    .shapes(r)
    .map((s) => new Tensor(draw(r, sizeOf(s), c.domain ?? 'any'), s).variable());
  const seen = new Set<string>();
  const stack = [c.op(xs)];
  const visited = new Set<Tensor>();
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (visited.has(t) || !t.creator) continue;
    visited.add(t);
    seen.add(t.creator.op);
    stack.push(...t.creator.inputs);
  }
  return seen;
}

describe('the cases cover the rule table', () => {
  it('every op name of rules.ts is recorded by some case (a new op needs a case)', () => {
    const covered = new Set<string>();
    for (const c of cases) for (const op of recordedOps(c, new Rng(1))) covered.add(op);
    const missing = Object.keys(rules).filter((op) => !covered.has(op));
    expect(missing, `ops without a gradient case: ${missing.join(', ')}`).toEqual([]);
  });
});
