/**
 * Bring your own function: L2-regularised logistic regression (3s against 8s of
 * the built-in digits) written with the differentiable ops of `ad`, turned into
 * an objective with exact gradient and Hessian-vector products, and minimised
 * by L-BFGS and by Newton-CG.
 *
 * Shows: `ad` ops (`matmul`, `softplus`, `mean`, …) on `tensor`s;
 * `objectives.tensorObjective(f, n)`, which gives any such f(θ) a value,
 * gradient and exact H·v (reverse over reverse); `ad.hvpcheck` against
 * central differences; `minimize` with a gradient-only method and a
 * Hessian-free Newton method. The loss is strictly convex, so both must reach
 * the same unique minimiser.
 *
 * Run (from the repository, after `npm install`): `npx tsx examples/own-objective.ts`
 * Prints `H·v check: ok`, one line per method (iterations, evaluations,
 * loss), `lbfgs and newton-cg agree: relative difference …` (≈ 1e-6 or less)
 * and the test accuracy (about 96%).
 */
import {
  ad,
  data,
  loadDataset,
  minimize,
  objectives,
  Rng,
  randn,
  type Tensor,
  tensor,
} from 'optlab';

/** Rows of the digits 3 (label −1) and 8 (label +1), with a constant 1 appended for the bias. */
function threesAndEights(ds: data.Dataset) {
  const rows = [...ds.y.keys()].filter((i) => ds.y[i] === 3 || ds.y[i] === 8);
  const d = ds.features + 1;
  const x = new Float64Array(rows.length * d);
  const t = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    x.set(ds.x.subarray(r * ds.features, (r + 1) * ds.features), i * d);
    x[i * d + d - 1] = 1;
    t[i] = ds.y[r] === 8 ? 1 : -1;
  });
  return { X: tensor(x, { shape: [rows.length, d] }), t: tensor(t), n: rows.length, d };
}

const digits = loadDataset('mnist');
const train = threesAndEights(data.take(digits.train, 4000));
const test = threesAndEights(digits.test);
const lambda = 1e-2;

// J(w) = mean_i log(1 + exp(−tᵢ xᵢᵀw)) + λ/2 ‖w‖²
const J = (w: Tensor): Tensor =>
  ad.add(
    ad.mean(ad.softplus(ad.neg(ad.mul(train.t, ad.matmul(train.X, w))))),
    ad.mul(lambda / 2, ad.sum(ad.square(w))),
  );
const objective = objectives.tensorObjective(J, train.d);
console.log(`${train.n} training digits (3 or 8), ${train.d} weights`);

// exact H·v (differentiating twice) against central differences of ∇J along v, at a random point
const rng = new Rng(0);
const check = ad.hvpcheck(J, ad.mul(0.01, randn([train.d], rng)), randn([train.d], rng));
console.log(
  `H·v check: ${check.ok ? 'ok' : 'FAILED'} (largest error ${check.maxAbsError.toExponential(2)})`,
);

const w0 = new Float64Array(train.d);
const results = (['lbfgs', 'newton-cg'] as const).map((method) => {
  const r = minimize(objective, w0, { method, gtol: 1e-8 });
  console.log(
    `${method.padEnd(9)}: ${r.nit} iterations, ${r.nfev} evaluations of f, ${r.nhvp} H·v, loss ${r.fun.toFixed(6)}${r.success ? '' : `, ${r.message}`}`,
  );
  return r.x;
});
const [a, b] = results as [Float64Array, Float64Array];
let diff = 0;
let size = 0;
for (let i = 0; i < a.length; i++) {
  diff += (a[i]! - b[i]!) ** 2;
  size += b[i]! ** 2;
}
console.log(
  `lbfgs and newton-cg agree: relative difference ${Math.sqrt(diff / size).toExponential(2)}`,
);

const scores = ad.matmul(test.X, tensor(b)).toFlatArray();
const t = test.t.toFlatArray();
const correct = scores.filter((s, i) => Math.sign(s) === t[i]).length;
console.log(`test accuracy: ${(correct / test.n).toFixed(4)} on ${test.n} test digits`);
