/**
 * Build an optimizer from pieces, Optax style, and trace it on a test function.
 *
 * Shows: an optimizer is a gradient transformation `{ init, update }` over the
 * flat vector θ; `optim.chain` composes them. `optim.adam({ lr })` is
 * `chain(scaleByAdam(), scaleByLearningRate(lr))` — checked here bit for bit —
 * and adding a clip in front and a schedule behind gives a new optimizer with no
 * new code. The loop is the whole of what `fit` and `optlab trace` do per step:
 * gradient, `optim.step` (update, then θ ← θ + update).
 *
 * Run (from the repository, after `npm install`): `npx tsx examples/compose-optimizer.ts`
 * Prints the path of the composed optimizer every 250 steps on the Rosenbrock
 * function from (−1.2, 1), its last point (near the minimum (1, 1)), and
 * `chain(scaleByAdam, scaleByLearningRate) === adam: true`.
 */
import { objectives, optim } from 'optlab';

const f = objectives.rosenbrock(2);
const x0 = [-1.2, 1];

/** Runs `steps` updates of `opt` from x0; calls `see` after each with k, θ and f(θ) before the step. */
function trace<S>(
  opt: optim.Transform<S>,
  steps: number,
  see: (k: number, x: Float64Array, fx: number) => void = () => {},
): Float64Array {
  const x = Float64Array.from(x0);
  const g = new Float64Array(x.length);
  const state = opt.init(x);
  for (let k = 0; k < steps; k++) {
    const fx = f.valueAndGrad(x, g); // g ← ∇f(x)
    see(k, x, fx);
    optim.step(opt, x, g, state); // x ← x + update(g)
  }
  return x;
}

// 1. Adam is a chain of two pieces: the same numbers to the last bit.
const named = trace(optim.adam({ lr: 0.01 }), 500);
const built = trace(optim.chain(optim.scaleByAdam(), optim.scaleByLearningRate(0.01)), 500);
const same = named.every((v, i) => Object.is(v, built[i]));
console.log(`chain(scaleByAdam, scaleByLearningRate) === adam: ${same}`);

// 2. A new optimizer from the same pieces: clip ‖g‖ to 10 (the start is on a steep
//    wall, ‖∇f‖ ≈ 233), Adam's scaling, then a learning rate that warms up over
//    100 steps and decays along a cosine to 0 at step 2000.
const steps = 2000;
const lr = optim.warmup({ steps: 100 }, optim.cosine({ initial: 0.05, steps: steps - 100 }));
const composed = optim.chain(
  optim.clipByGlobalNorm(10),
  optim.scaleByAdam({ b1: 0.9, b2: 0.999 }),
  optim.scaleByLearningRate(lr),
);
const end = trace(composed, steps, (k, x, fx) => {
  if (k % 250 === 0)
    console.log(
      `step ${String(k).padStart(4)}  lr ${lr(k).toFixed(4)}  x (${x[0]!.toFixed(4)}, ${x[1]!.toFixed(4)})  f ${fx.toExponential(3)}`,
    );
});
console.log(
  `last point: (${end[0]!.toFixed(4)}, ${end[1]!.toFixed(4)}), f = ${f.value(end).toExponential(3)}`,
);
