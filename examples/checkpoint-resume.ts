/**
 * Checkpoints that resume bit for bit, and a model saved and loaded.
 *
 * Shows: `fit` with `checkpoint: { dir }` (written atomically after each
 * epoch), a run interrupted by a callback returning 'stop', `resume: dir` in a
 * new process's worth of objects (fresh model, fresh optimizer) ending with
 * exactly the θ of a run never interrupted; then `nnio.saveModel` /
 * `nnio.loadMlp` (a manifest plus raw θ, batch-norm statistics included).
 * Files go to a temporary folder, removed at the end.
 *
 * Run (from the repository, after `npm install`): `npx tsx examples/checkpoint-resume.ts`
 * Prints `resumed run equals the uninterrupted run bit for bit: true` and
 * `loaded model gives the same predictions: true`, with the test accuracy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, evaluate, fit, loadDataset, mlp, nnio, optim, tensor } from 'optlab';

const digits = loadDataset('mnist');
const train = { data: data.take(digits.train, 2000) };
const test = { data: digits.test };
const dir = mkdtempSync(join(tmpdir(), 'optlab-example-'));

const newModel = () =>
  mlp({ sizes: [784, 32, 10], activation: 'relu', batchNorm: 'before', seed: 0 });
const options = { batchSize: 50, epochs: 4, seed: 0, recordSteps: false };
const checkpoint = { dir: join(dir, 'run') };

try {
  // 1. Four epochs without a break.
  const straight = newModel();
  await fit(straight, train, { ...options, optimizer: optim.adam({ lr: 1e-3 }) });

  // 2. The same run, stopped after epoch 2 (as a crash or Ctrl-C would stop it) …
  const first = newModel();
  const h = await fit(first, train, {
    ...options,
    optimizer: optim.adam({ lr: 1e-3 }),
    checkpoint,
    callbacks: { onEpoch: (e) => (e.epoch === 2 ? 'stop' : undefined) },
  });
  console.log(`interrupted after epoch ${h.epochs.length} (${h.reason})`);

  // … and resumed from its checkpoint with a fresh model and optimizer.
  const resumed = newModel();
  await fit(resumed, train, {
    ...options,
    optimizer: optim.adam({ lr: 1e-3 }),
    checkpoint,
    resume: checkpoint.dir,
  });
  const same = straight.theta.every((v, i) => Object.is(v, resumed.theta[i]));
  console.log(`resumed run equals the uninterrupted run bit for bit: ${same}`);

  // 3. Save the trained model, load it back, compare predictions on the test digits.
  const path = join(dir, 'model.json');
  await nnio.saveModel(resumed, path);
  const loaded = await nnio.loadMlp(path);
  const X = tensor(digits.test.x, { shape: [digits.test.n, digits.test.features] });
  const a = resumed.eval().predict(X).toFlatArray();
  const b = loaded.eval().predict(X).toFlatArray();
  console.log(`loaded model gives the same predictions: ${a.every((v, i) => Object.is(v, b[i]))}`);
  console.log(`test accuracy: ${evaluate(loaded, test).accuracy.toFixed(4)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
