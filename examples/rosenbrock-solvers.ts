/**
 * Minimise the Rosenbrock function with several full-batch methods and compare
 * what each one paid: iterations, evaluations of f and ∇f, Hessian-vector products.
 *
 * Shows: `minimize(objective, x0, { method })` with SciPy's result shape
 * (`x, fun, nit, nfev, ngev, nhvp, success, message`), the test objectives of
 * `objectives` (value, exact gradient and Hessian-vector product), and the
 * difference between quasi-Newton (BFGS, L-BFGS: gradients only) and
 * Newton-type methods (Newton-CG, trust-region Newton-CG: exact H·v products).
 *
 * Run (from the repository, after `npm install`): `npx tsx examples/rosenbrock-solvers.ts`
 * Prints a table, one row per method, each ending at x ≈ (1, 1), f ≈ 0, and a
 * closing `all methods reached (1, 1)` line.
 */
import { minimize, objectives, type solvers } from 'optlab';

// f(x, y) = 100 (y − x²)² + (1 − x)², minimum 0 at (1, 1); the classic start (−1.2, 1)
const rosenbrock = objectives.rosenbrock(2);
const x0 = [-1.2, 1];

const methods: solvers.MinimizeOptions[] = [
  { method: 'gd', maxIter: 20000 }, // steepest descent with a Wolfe line search: slow in the valley
  { method: 'cg', beta: 'pr+' }, // nonlinear conjugate gradient (Polak–Ribière+)
  { method: 'bfgs' },
  { method: 'lbfgs', memory: 5 },
  { method: 'newton-cg' }, // truncated Newton: inner CG on exact H·v
  { method: 'trust-ncg' }, // Steihaug–Toint trust region
];

console.log('method      nit   nfev  ngev  nhvp   f(x)        x');
let all = true;
for (const options of methods) {
  const r = minimize(rosenbrock, x0, options);
  const near = Math.abs(r.x[0]! - 1) < 1e-4 && Math.abs(r.x[1]! - 1) < 1e-4;
  all &&= near && r.success;
  console.log(
    [
      options.method.padEnd(10),
      String(r.nit).padStart(5),
      String(r.nfev).padStart(6),
      String(r.ngev).padStart(5),
      String(r.nhvp).padStart(5),
      r.fun.toExponential(2).padStart(10),
      `  (${r.x[0]!.toFixed(6)}, ${r.x[1]!.toFixed(6)})`,
      r.success ? '' : `  ${r.message}`,
    ].join(' '),
  );
}
console.log(all ? 'all methods reached (1, 1)' : 'some method did not reach (1, 1)');
