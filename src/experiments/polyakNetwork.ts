/**
 * Experiment 17, network part — Polyak averaging of a network's weights
 * (Goodfellow et al. §8.7.3; Polyak & Juditsky 1992).
 *
 * SGD with a constant, fairly large learning rate does not settle: the iterates
 * wander around a region of low cost. Averaging them,
 *
 *   θ̂⁽ᵗ⁾ = (1/(t − t₀)) Σ_{i > t₀} θ⁽ⁱ⁾            (arithmetic, from step t₀)
 *   θ̂⁽ᵗ⁾ = α θ̂⁽ᵗ⁻¹⁾ + (1 − α) θ⁽ᵗ⁾               (exponential, for non-convex problems)
 *
 * gives a point nearer the middle of that region. An MLP is trained on MNIST
 * with `fit` twice from the same seed (identical trajectories), once with
 * `averaging: {kind: 'polyak', start}` and once with `{kind: 'ema', decay}`;
 * the test accuracy of the last iterate and of both averages is compared per
 * epoch and at the end. `runPolyakNetwork(ctx)` returns the pieces of an
 * ExperimentResult for the lead to merge into the `polyak-averaging` experiment.
 */
import { loadDataset, take } from '../data/index.js';
import { mlp } from '../nn/index.js';
import { sgd } from '../optim/index.js';
import { lineChartSpec } from '../report/index.js';
import { evaluate, fit, type History, type TrainData } from '../train/index.js';
import type { Check, ExperimentContext, ExperimentResult } from './types.js';

// ---- Settings

interface Setting {
  sizes: number[];
  /** Training / test examples (0: the whole split). */
  nTrain: number;
  nTest: number;
  epochs: number;
  batch: number;
  lr: number;
  /** Epoch the arithmetic average starts from, and the exponential average's decay α. */
  startEpoch: number;
  decay: number;
}

const QUICK: Setting = {
  sizes: [784, 32, 10],
  nTrain: 1000,
  nTest: 500,
  epochs: 6,
  batch: 20,
  lr: 0.3,
  startEpoch: 2,
  decay: 0.98,
};
const FULL: Setting = {
  sizes: [784, 100, 10],
  nTrain: 0,
  nTest: 0,
  epochs: 20,
  batch: 32,
  lr: 0.3,
  startEpoch: 5,
  decay: 0.995,
};

type Averaging = { kind: 'polyak'; start: number } | { kind: 'ema'; decay: number };

// ---- Compute

/** The network trained with `averaging`: its history, and the test loss/accuracy of the last iterate and of the average. */
async function runWith(
  ctx: ExperimentContext,
  cfg: Setting,
  d: { train: TrainData; test: TrainData; modelSeed: number; fitSeed: number },
  averaging: Averaging,
) {
  const { train, test, modelSeed, fitSeed } = d;
  const model = mlp({ sizes: cfg.sizes, activation: 'relu', init: 'he-normal', seed: modelSeed });
  const h: History = await fit(model, train, {
    optimizer: sgd({ lr: cfg.lr }),
    batchSize: cfg.batch,
    epochs: cfg.epochs,
    validation: test,
    trainEvalSize: 0,
    averaging,
    seed: fitSeed,
    progress: ctx.progress,
    recordSteps: false,
  });
  model.eval();
  const last = evaluate(model, test);
  model.theta.set(h.averaged!);
  const avg = evaluate(model, test);
  return { h, last, avg };
}

type Trained = Awaited<ReturnType<typeof runWith>>;

/** The per-epoch accuracies (the arithmetic average's only after it starts) and whether both runs coincide. */
function curvesOf(pol: Trained, ema: Trained, start: number) {
  const epochs = pol.h.epochs.map((e) => e.epoch);
  const lastAcc = pol.h.epochs.map((e) => e.valAccuracy!);
  // Before `start` the arithmetic average holds no iterate yet: not drawn.
  const polAcc = pol.h.epochs.map((e) => (e.step > start ? e.avgValAccuracy! : Number.NaN));
  const emaAcc = ema.h.epochs.map((e) => e.avgValAccuracy!);
  const sameTrajectory = pol.h.epochs.every((e, k) => e.valLoss === ema.h.epochs[k]!.valLoss);
  // The spread of the last iterate's accuracy over the averaging window.
  const window = lastAcc.filter((_, k) => pol.h.epochs[k]!.step > start);
  return { epochs, lastAcc, polAcc, emaAcc, sameTrajectory, window };
}

const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

// ---- Checks

function checksOf(pol: Trained, ema: Trained, sameTrajectory: boolean): Check[] {
  const tol = 0.005;
  return [
    {
      name: 'the arithmetic (Polyak) average is at least as accurate as the last iterate',
      expected: `test accuracy of the average ≥ last − ${100 * tol} points`,
      observed: `average ${pct(pol.avg.accuracy)}, last ${pct(pol.last.accuracy)}`,
      passed: pol.avg.accuracy >= pol.last.accuracy - tol,
    },
    {
      name: 'the exponential average is at least as accurate as the last iterate',
      expected: `test accuracy of the average ≥ last − ${100 * tol} points`,
      observed: `average ${pct(ema.avg.accuracy)}, last ${pct(ema.last.accuracy)}`,
      passed: ema.avg.accuracy >= ema.last.accuracy - tol,
    },
    {
      name: 'averaging lowers the test loss',
      expected: 'test loss of both averages < test loss of the last iterate',
      observed: `polyak ${pol.avg.loss.toFixed(4)}, ema ${ema.avg.loss.toFixed(4)}, last ${pol.last.loss.toFixed(4)}`,
      passed: pol.avg.loss < pol.last.loss && ema.avg.loss < ema.last.loss,
    },
    {
      name: 'both runs follow the same trajectory (same seed)',
      expected: 'identical per-epoch validation loss of the last iterate',
      observed: sameTrajectory ? 'identical' : 'different',
      passed: sameTrajectory,
    },
  ];
}

// ---- Tables and figures

function figuresOf(
  cfg: Setting,
  c: ReturnType<typeof curvesOf>,
): NonNullable<ExperimentResult['figures']> {
  const { epochs, lastAcc, polAcc, emaAcc } = c;
  return [
    {
      name: 'network-accuracy',
      title: 'Test accuracy of the last iterate and of the averages',
      caption: `SGD with a constant learning rate ${cfg.lr} (batch ${cfg.batch}) wanders; the arithmetic average of the iterates from epoch ${cfg.startEpoch} on and the exponential average (α = ${cfg.decay}) are evaluated at the end of every epoch.`,
      spec: lineChartSpec({
        title: 'Polyak averaging of an MNIST network',
        subtitle: `${cfg.sizes.join('-')} ReLU, SGD lr ${cfg.lr}, batch ${cfg.batch}; test accuracy per epoch`,
        series: [
          { name: 'last iterate', x: epochs, y: lastAcc },
          { name: `Polyak (from epoch ${cfg.startEpoch})`, x: epochs, y: polAcc },
          { name: `EMA (α = ${cfg.decay})`, x: epochs, y: emaAcc, dashed: true },
        ],
        xTitle: 'epoch',
        yTitle: 'test accuracy',
        legend: 'bottom',
      }),
    },
  ];
}

export async function runPolyakNetwork(ctx: ExperimentContext): Promise<Partial<ExperimentResult>> {
  const cfg = ctx.quick ? QUICK : FULL;
  const ds = loadDataset(ctx.data);
  const train: TrainData = { data: cfg.nTrain ? take(ds.train, cfg.nTrain) : ds.train };
  const test: TrainData = { data: cfg.nTest ? take(ds.test, cfg.nTest) : ds.test };
  const stepsPerEpoch = Math.ceil(train.data.n / cfg.batch);
  const start = cfg.startEpoch * stepsPerEpoch;
  const modelSeed = ctx.rng.int(2 ** 31);
  const fitSeed = ctx.rng.int(2 ** 31);
  const d = { train, test, modelSeed, fitSeed };
  const pol = await runWith(ctx, cfg, d, { kind: 'polyak', start });
  const ema = await runWith(ctx, cfg, d, { kind: 'ema', decay: cfg.decay });
  const c = curvesOf(pol, ema, start);
  const { epochs, lastAcc, polAcc, emaAcc, window } = c;
  const checks = checksOf(pol, ema, c.sameTrajectory);
  ctx.log(
    `last iterate ${pct(pol.last.accuracy)} (over the averaging window ${pct(Math.min(...window))}–${pct(Math.max(...window))}), polyak ${pct(pol.avg.accuracy)}, ema ${pct(ema.avg.accuracy)}`,
  );
  return {
    settings: {
      network: `${cfg.sizes.join('-')} ReLU, He init`,
      optimizer: `sgd lr ${cfg.lr} (constant)`,
      batchSize: cfg.batch,
      epochs: cfg.epochs,
      polyak: { start, startEpoch: cfg.startEpoch },
      ema: { decay: cfg.decay },
      trainSize: train.data.n,
      testSize: test.data.n,
    },
    summary: [
      {
        parameters: 'last iterate',
        'test accuracy': pol.last.accuracy,
        'test loss': pol.last.loss,
      },
      {
        parameters: `Polyak average from step ${start}`,
        'test accuracy': pol.avg.accuracy,
        'test loss': pol.avg.loss,
      },
      {
        parameters: `exponential average, α = ${cfg.decay}`,
        'test accuracy': ema.avg.accuracy,
        'test loss': ema.avg.loss,
      },
    ],
    series: {
      'network-accuracy': { epoch: epochs, last: lastAcc, polyak: polAcc, ema: emaAcc },
      'network-loss': {
        epoch: epochs,
        last: pol.h.epochs.map((e) => e.valLoss!),
        polyak: pol.h.epochs.map((e) => (e.step > start ? e.avgValLoss! : Number.NaN)),
        ema: ema.h.epochs.map((e) => e.avgValLoss!),
      },
    },
    checks,
    figures: figuresOf(cfg, c),
  };
}
