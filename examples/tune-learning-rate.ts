/**
 * A hyper-parameter search: the learning rate and weight decay of SGD with
 * momentum for a small MLP on the built-in digits, by Bayesian optimisation
 * (a Gaussian process with expected improvement), in the manner of DLFS §6.5.
 *
 * Shows: a search space (`loguniform` parameters), a `tune.Study` in memory
 * (`tune.MemoryStorage`; `tune.SqliteStorage`-backed studies survive crashes,
 * see docs/studies.md), the GP sampler, an objective that trains and returns
 * the validation error, and the best trial.
 *
 * Run (from the repository, after `npm install`): `npx tsx examples/tune-learning-rate.ts`
 * Prints one line per trial (its parameters and validation error) and
 * `best: lr … weightDecay … → validation error 0.1…`.
 */
import { data, evaluate, fit, loadDataset, mlp, optim, Rng, tune } from 'optlab';

const digits = loadDataset('mnist');
const { train, validation } = data.splitDataset(data.take(digits.train, 1500), {
  rng: new Rng(1),
  validation: 500,
});

/** Trains a 784-32-10 network for 2 epochs with these settings; returns the validation error. */
async function validationError(lr: number, weightDecay: number): Promise<number> {
  const model = mlp({ sizes: [784, 32, 10], activation: 'relu', seed: 0 });
  const optimizer = optim.chain(
    optim.addWeightDecay(weightDecay), // L2: g ← g + λθ
    optim.momentum({ lr, momentum: 0.9 }),
  );
  await fit(
    model,
    { data: train },
    { optimizer, batchSize: 50, epochs: 2, seed: 0, recordSteps: false },
  );
  return 1 - evaluate(model, { data: validation }).accuracy;
}

const study = await tune.Study.open({
  storage: new tune.MemoryStorage(),
  space: {
    lr: { type: 'loguniform', low: 1e-4, high: 1 },
    weightDecay: { type: 'loguniform', low: 1e-6, high: 1e-1 },
  },
  sampler: tune.gpSampler({ initial: 6 }), // 6 space-filling (Halton) trials, then the GP decides
  seed: 0,
});

await study.optimize(
  async (params) => validationError(params.lr as number, params.weightDecay as number),
  { nTrials: 14 },
);

const trials = await study.trials();
for (const row of tune.trialsTable(trials))
  console.log(
    `trial ${String(row.number).padStart(2)}: lr ${(row.params.lr as number).toExponential(2)}, weightDecay ${(row.params.weightDecay as number).toExponential(2)} → validation error ${row.value?.toFixed(3)}`,
  );
const best = tune.bestTrial(trials)!;
console.log(
  `best: lr ${(best.params.lr as number).toExponential(2)}, weightDecay ${(best.params.weightDecay as number).toExponential(2)} → validation error ${best.value!.toFixed(3)} (trial ${best.number})`,
);
