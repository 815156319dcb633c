/**
 * Experiment 9 — hyper-parameter search (DLFS §6.5, fig 6-24). A 784-[100×6]-10
 * ReLU network is trained on 400 MNIST digits with plain SGD (batches of 100
 * drawn with replacement, 50 epochs) and judged on 100 held-out validation
 * digits (DLFS: 500 training samples, 20 % held out; the test set is never
 * used). Each trial draws lr = 10^U(−6, −2) and weight decay λ = 10^U(−8, −4)
 * (coupled L2 on the weights only).
 *
 * Three searches spend the same budget of trials:
 * - random search (DLFS's procedure; its best 20 learning curves are the book's
 *   figure),
 * - DLFS's "narrow the range and repeat": the first half of the budget wide
 *   (the same draws as the first half of random search — common random
 *   numbers), the second half inside the box around the best 20 % of the first
 *   round (dlfsSampler with two rounds),
 * - Bayesian optimisation: a GP with expected improvement (gpSampler).
 * Each trial's training is a deterministic function of (lr, λ): the data, the
 * initial weights and the minibatch draws are the same for every trial, so
 * trials differ by their hyper-parameters only, and a repeated point (round 1
 * of DLFS) is taken from the cache rather than trained again.
 *
 * Afterwards the best random-search trials are trained again with the training
 * accuracy recorded (for the figure's dashed curves; their validation curves
 * must come out identical), and the best learning rate is trained with λ = 1e−8,
 * 1e−7, 1e−6 and 1e−4 to isolate the effect of weight decay.
 */

import { median } from '../linalg/index.js';
import { dlfsSampler } from '../tune/dlfsSampler.js';
import { rankTrials, shortNumber } from '../tune/figures.js';
import { gpSampler } from '../tune/gpSampler.js';
import { MemoryStorage } from '../tune/memoryStorage.js';
import { mlpMnistObjective } from '../tune/mlpSpec.js';
import type { TrialContext } from '../tune/objective.js';
import { randomSampler, type Sampler } from '../tune/sampler.js';
import type { Params } from '../tune/space.js';
import type { TrialRecord } from '../tune/storage.js';
import { Study } from '../tune/study.js';
import {
  checksOf,
  done,
  figuresOf,
  networkName,
  num,
  type Outcome,
  type Probe,
  pct,
  type Rounds,
  type Searches,
  type Setting,
  sci,
  seriesOf,
  summaryOf,
} from './hyperparameterSearchReport.js';
import type { Experiment, ExperimentContext, ExperimentResult } from './types.js';

// ---- Settings

const FULL: Setting = {
  hidden: [100, 100, 100, 100, 100, 100],
  epochs: 50,
  trials: 100,
  top: 20,
  trainSize: 500,
  batchSize: 100,
};
/** A smaller network, fewer trials and epochs; batches of 20 keep about as many updates as the full form. */
const QUICK: Setting = {
  hidden: [20],
  epochs: 6,
  trials: 10,
  top: 5,
  trainSize: 500,
  batchSize: 10,
};
const LR: [number, number] = [1e-6, 1e-2];
const WD: [number, number] = [1e-8, 1e-4];
const WD_PROBE = [1e-8, 1e-7, 1e-6, 1e-4];
/** DLFS narrowing: a wide round, then one inside the box around the best trials. */
const ROUNDS = 2;

/** A trial context that only collects the reported curve. */
function collector(params: Params): TrialContext & { curve: [number, number][] } {
  const curve: [number, number][] = [];
  return {
    number: -1,
    params,
    curve,
    report: async (s, v) => {
      curve.push([s, v]);
    },
    shouldPrune: () => false,
  };
}

// ---- Compute

/** The tuning objective of every trial (DLFS §6.5's setting), and a second one that records training accuracy. */
function objectives(ctx: ExperimentContext, s: Setting) {
  const spec = {
    hidden: s.hidden,
    epochs: s.epochs,
    batchSize: s.batchSize,
    trainSize: s.trainSize,
    validation: 0.2,
    lr: LR,
    weightDecay: WD,
    minibatches: 'replacement' as const,
    data: ctx.data,
    seed: ctx.seed,
  };
  const objective = mlpMnistObjective(spec);
  const train = { curve: [] as number[] };
  const withTrain = mlpMnistObjective(spec, {
    onEpoch: (_n, e) => train.curve.push(e.trainAccuracy),
  });
  return { objective, withTrain, train };
}

type Objectives = ReturnType<typeof objectives>;

/**
 * Random search, DLFS narrowing and GP-EI, each spending B trials. A trial
 * is a deterministic function of (lr, λ), so a repeated point is read from a cache.
 */
async function runSearches(
  ctx: ExperimentContext,
  objective: Objectives['objective'],
  B: number,
): Promise<Searches> {
  const cache = new Map<string, { value: number; curve: [number, number][] }>();
  let trained = 0;
  const evaluate = async (params: Params, trial: TrialContext): Promise<number> => {
    const key = JSON.stringify(params);
    const hit = cache.get(key);
    if (hit) {
      for (const [st, v] of hit.curve) await trial.report(st, v);
      return hit.value;
    }
    const curve: [number, number][] = [];
    const value = await objective.evaluate(params, {
      number: trial.number,
      params,
      report: async (st, v) => {
        curve.push([st, v]);
        await trial.report(st, v);
      },
      shouldPrune: () => trial.shouldPrune(),
    });
    trained++;
    cache.set(key, { value, curve });
    return value;
  };
  // Each search draws from its own stream (seed + k): with one stream DLFS's first
  // round would repeat random search's draws and GP's start, and all three tie
  // whenever that shared draw is the best (the objective keeps one seed, so a
  // trial's value depends on (lr, λ) alone).
  const runStudy = async (
    label: string,
    sampler: Sampler,
    stream: number,
  ): Promise<TrialRecord[]> => {
    const study = await Study.open({
      storage: new MemoryStorage(),
      name: label,
      space: objective.space,
      sampler,
      seed: ctx.seed + stream,
      direction: 'maximize',
    });
    await study.optimize(evaluate, {
      nTrials: B,
      onTrial: (t) =>
        ctx.progress.tick(1, `${label} #${t.number}: ${t.value === null ? t.state : pct(t.value)}`),
    });
    const trials = (await study.trials()).sort((a, b) => a.number - b.number);
    const best = rankTrials(trials, 'maximize')[0];
    ctx.log(
      `${label}: best validation accuracy ${best ? `${pct(best.value!)} at lr ${shortNumber(num(best.params, 'lr'))}, λ ${shortNumber(num(best.params, 'weightDecay'))}` : 'none'}`,
    );
    return trials;
  };
  const t0 = performance.now();
  const random = await runStudy('random', randomSampler(), 0);
  const dlfs = await runStudy('DLFS narrowing', dlfsSampler({ rounds: ROUNDS }), 1);
  const gp = await runStudy('GP-EI', gpSampler(), 2);
  const searchSeconds = (performance.now() - t0) / 1000;
  return { random, dlfs, gp, searchSeconds, trained };
}

/** The best random-search trials trained again with the training accuracy recorded; how many reproduced exactly. */
async function rerunTop(
  ctx: ExperimentContext,
  { withTrain, train }: Objectives,
  top: TrialRecord[],
): Promise<{ trainCurves: Map<number, number[]>; reproduced: number }> {
  const trainCurves = new Map<number, number[]>();
  let reproduced = 0;
  for (const t of top) {
    train.curve = [];
    const c = collector(t.params);
    const v = await withTrain.evaluate(t.params, c);
    if (v === t.value && JSON.stringify(c.curve) === JSON.stringify(t.intermediate)) reproduced++;
    trainCurves.set(t.number, train.curve);
    ctx.progress.tick(1, `top-${top.length} rerun`);
  }
  return { trainCurves, reproduced };
}

/** Weight decay alone at the best learning rate, and the factor by which the largest λ shrinks a weight. */
async function probeWeightDecay(
  ctx: ExperimentContext,
  s: Setting,
  objective: Objectives['objective'],
  bestLr: number,
) {
  const probe: Probe[] = [];
  for (const wd of WD_PROBE) {
    const p = { lr: bestLr, weightDecay: wd };
    probe.push({ wd, value: await objective.evaluate(p, collector(p)) });
    ctx.progress.tick(1, `λ = ${wd}`);
  }
  // Why λ hardly matters here: the decay alone shrinks a weight by (1 − lr·λ) per update.
  const updates = s.epochs * Math.max(1, (0.8 * s.trainSize) / s.batchSize);
  const shrink = (1 - bestLr * WD[1]) ** updates;
  ctx.log(
    `weight decay at lr ${sci(bestLr)}: ${probe.map((p) => `λ ${sci(p.wd)} → ${pct(p.value)}`).join(', ')}; over ${updates} updates even λ = 1e-4 shrinks the weights by a factor ${shrink.toFixed(5)} only`,
  );
  return { probe, shrink };
}

/** The validation accuracies of DLFS's two rounds (complete trials only) and their medians. */
function narrowingRounds(dlfs: TrialRecord[], B: number): Rounds {
  const roundSize = Math.ceil(B / ROUNDS);
  const round1 = dlfs.filter((t) => done(t) && t.number < roundSize).map((t) => t.value!);
  const round2 = dlfs.filter((t) => done(t) && t.number >= roundSize).map((t) => t.value!);
  return { roundSize, round1, round2, m1: median(round1), m2: median(round2) };
}

async function search(ctx: ExperimentContext, s: Setting): Promise<ExperimentResult> {
  // Settings.
  const objs = objectives(ctx, s);
  const B = s.trials;
  const nTop = Math.min(s.top, B);
  ctx.progress.start(3 * B + nTop + WD_PROBE.length, 'trials');

  // Compute: the three searches, the best random trials again, weight decay alone.
  const searches = await runSearches(ctx, objs.objective, B);
  const ranked = rankTrials(searches.random, 'maximize');
  const top = ranked.slice(0, nTop);
  const { trainCurves, reproduced } = await rerunTop(ctx, objs, top);
  const bestLr = num(ranked[0]!.params, 'lr');
  const { probe, shrink } = await probeWeightDecay(ctx, s, objs.objective, bestLr);
  const rounds = narrowingRounds(searches.dlfs, B);
  const o: Outcome = {
    ...searches,
    s,
    B,
    nTop,
    ranked,
    top,
    trainCurves,
    reproduced,
    bestLr,
    probe,
    shrink,
    rounds,
  };

  // Checks, tables, figures.
  const net = networkName(s);
  return {
    settings: {
      network: net,
      trainingSamples: s.trainSize * 0.8,
      validationSamples: s.trainSize * 0.2,
      data: `${ctx.data} (built-in 10k-digit subset unless a directory is given; DLFS used the first 500 of 60k)`,
      epochs: s.epochs,
      batchSize: s.batchSize,
      minibatches: 'drawn with replacement (DLFS Trainer)',
      optimizer: 'SGD, coupled weight decay on weights only',
      trialsPerSearch: B,
      lr: '10^U(−6, −2)',
      weightDecay: '10^U(−8, −4)',
      dlfs: { rounds: ROUNDS, keep: 0.2, margin: 0.1 },
      gp: 'Matérn 5/2 ARD, EI, 5 Halton initial points',
      searchSeconds: searches.searchSeconds,
      trainedTrials: searches.trained,
    },
    summary: summaryOf(o),
    series: seriesOf(o),
    figures: figuresOf(o, net, objs.objective.space),
    checks: checksOf(o),
    extra: {
      weightDecayProbe: probe,
      decayShrinkAtMaxLambda: shrink,
      roundMedians: { round1: rounds.m1, round2: rounds.m2 },
    },
  };
}

export const hyperparameterSearch: Experiment = {
  name: 'hyperparameter-search',
  title: 'Hyper-parameter search: random, narrowing, Bayesian optimisation',
  summary:
    'Learning rate and weight decay of a 784-[100×6]-10 net on 500 digits: random search, DLFS narrowing, GP-EI (DLFS fig 6-24)',
  description:
    "DLFS §6.5: hyper-parameters are chosen on validation data held out from the training data, never on the test data. A 784-[100×6]-10 ReLU network is trained with SGD on 400 MNIST digits for 50 epochs (batches of 100), and judged on 100 held-out digits; each trial draws lr = 10^U(−6, −2) and weight decay λ = 10^U(−8, −4). Random search (100 trials, the book's figure shows the best 20 learning curves) is compared on the same budget with DLFS's narrowing (a wide round, then a round inside the range of the best trials) and with Bayesian optimisation (Gaussian process, expected improvement). The built-in MNIST is a 10k subset; the book drew its 500 samples from the full 60k.",
  expected:
    'Good trials have lr between 1e-3 and 1e-2 (DLFS: "learning rate 0.001 to 0.01, weight decay 1e-8 to 1e-6"); within 1e-8 … 1e-6 weight decay hardly matters; narrowing raises the typical trial; Bayesian optimisation finds at least as good a point as random search with the same number of trials.',
  run: (ctx) => search(ctx, ctx.quick ? QUICK : FULL),
};
