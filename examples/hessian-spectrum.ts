/**
 * Hessian diagnostics of a small network: the extreme eigenvalues of the loss's
 * Hessian by Lanczos from exact Hessian-vector products, checked against the
 * dense eigendecomposition, before and after training; the curvature along the
 * gradient (gᵀHg, *Deep Learning* §8.2.1), a Rayleigh quotient that lies
 * between the extreme eigenvalues.
 *
 * Shows: `nn.modelObjective` (a model plus fixed data as a function of the flat
 * θ with value, gradient and exact H·v), `diagnostics.hessianSpectrum` with
 * `method: 'lanczos'` and `'dense'`, `diagnostics.curvatureAlongGradient`,
 * `minimize` with L-BFGS to train full batch.
 *
 * Run (from the repository, after `npm install`): `npx tsx examples/hessian-spectrum.ts`
 * Prints, at the initial and the trained θ, the 3 largest and 3 smallest
 * eigenvalues both ways and `lanczos vs dense: largest difference …` (≈ 1e-12:
 * Lanczos with full reorthogonalisation finds the extremes with fewer products
 * than the n it takes to form H), and `λmin ≤ gᵀHg/gᵀg ≤ λmax: true`.
 */
import { data, diagnostics, minimize, mlp, nn, Rng, tensor } from 'optlab';

// 3 interleaved spiral arms, 100 points each, in the plane
const ds = data.spirals({ rng: new Rng(0), perClass: 100 });
const X = tensor(ds.x, { shape: [ds.n, ds.features] });
const model = mlp({ sizes: [2, 10, 10, 3], activation: 'tanh', seed: 0 });
const objective = nn.modelObjective(model, X, ds.y); // mean cross-entropy as a function of θ
console.log(`${model.size} parameters, ${ds.n} points`);

const fmt = (v: number[]) => v.map((e) => e.toExponential(4)).join(', ');

function describe(label: string, theta: Float64Array): void {
  const c = diagnostics.curvatureAlongGradient(objective, theta);
  console.log(`\n${label}: loss ${c.loss.toFixed(4)}, ‖g‖ ${c.gradNorm.toExponential(3)}`);
  console.log(
    `  gᵀHg/gᵀg ${c.curvature.toExponential(3)} → a gradient step is safe below ε = ${c.safeStep.toExponential(3)}`,
  );
  const lanczos = diagnostics.hessianSpectrum(objective, theta, {
    k: 3,
    method: 'lanczos',
    trace: 'none',
  });
  const dense = diagnostics.hessianSpectrum(objective, theta, {
    k: 3,
    method: 'dense',
    trace: 'exact',
  });
  console.log(`  largest  (lanczos, ${lanczos.matvecs} H·v): ${fmt(lanczos.top)}`);
  console.log(`  largest  (dense, ${dense.matvecs} H·v):   ${fmt(dense.top)}`);
  console.log(`  smallest (lanczos): ${fmt(lanczos.bottom)}`);
  console.log(`  smallest (dense):   ${fmt(dense.bottom)}`);
  const scale = Math.max(...dense.top.map(Math.abs), ...dense.bottom.map(Math.abs));
  const diff = Math.max(
    ...lanczos.top.map((v, i) => Math.abs(v - dense.top[i]!)),
    ...lanczos.bottom.map((v, i) => Math.abs(v - dense.bottom[i]!)),
  );
  console.log(
    `  lanczos vs dense: largest difference ${(diff / scale).toExponential(2)} (relative to max |λ|)`,
  );
  console.log(`  trace of H: ${dense.trace.toExponential(4)}`);
  // gᵀHg/gᵀg is a Rayleigh quotient of H: it must lie between its extreme eigenvalues
  const inside = dense.bottom[0]! <= c.curvature && c.curvature <= dense.top[0]!;
  console.log(`  λmin ≤ gᵀHg/gᵀg ≤ λmax: ${inside}`);
}

const theta0 = Float64Array.from(model.theta);
describe('initial θ', theta0);

const r = minimize(objective, theta0, { method: 'lbfgs', maxIter: 300 });
console.log(`\nL-BFGS: ${r.nit} iterations, ${r.nfev} evaluations, loss ${r.fun.toFixed(4)}`);
describe('trained θ', r.x);
