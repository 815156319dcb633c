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
import { scatterSpec } from '../report/index.js';
import { dlfsSampler } from '../tune/dlfsSampler.js';
import {
  bestSoFar,
  bestSoFarSpec,
  paramPairSpec,
  paramScatterSpec,
  rankTrials,
  shortNumber,
  topCurvesSpec,
} from '../tune/figures.js';
import { gpSampler } from '../tune/gpSampler.js';
import { MemoryStorage } from '../tune/memoryStorage.js';
import { mlpMnistObjective } from '../tune/mlpSpec.js';
import type { TrialContext } from '../tune/objective.js';
import { randomSampler, type Sampler } from '../tune/sampler.js';
import type { Params } from '../tune/space.js';
import type { TrialRecord } from '../tune/storage.js';
import { Study } from '../tune/study.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

interface Setting {
  hidden: number[];
  epochs: number;
  trials: number;
  top: number;
  trainSize: number;
  batchSize: number;
}

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
const GOOD_LR: [number, number] = [1e-3, 1e-2];

const num = (p: Params, k: string) => p[k] as number;
const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
/** 9.8e−3 */
const sci = (v: number) => v.toExponential(1).replace('e-', 'e−');

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

async function search(ctx: ExperimentContext, s: Setting): Promise<ExperimentResult> {
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
  let trainCurve: number[] = [];
  const withTrain = mlpMnistObjective(spec, {
    onEpoch: (_n, e) => trainCurve.push(e.trainAccuracy),
  });
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

  const B = s.trials;
  const rounds = 2;
  const nTop = Math.min(s.top, B);
  ctx.progress.start(3 * B + nTop + WD_PROBE.length, 'trials');
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
  const dlfs = await runStudy('DLFS narrowing', dlfsSampler({ rounds }), 1);
  const gp = await runStudy('GP-EI', gpSampler(), 2);
  const searchSeconds = (performance.now() - t0) / 1000;

  // The best random-search trials again, with the training accuracy recorded.
  const ranked = rankTrials(random, 'maximize');
  const top = ranked.slice(0, nTop);
  const trainCurves = new Map<number, number[]>();
  let reproduced = 0;
  for (const t of top) {
    trainCurve = [];
    const c = collector(t.params);
    const v = await withTrain.evaluate(t.params, c);
    if (v === t.value && JSON.stringify(c.curve) === JSON.stringify(t.intermediate)) reproduced++;
    trainCurves.set(t.number, trainCurve);
    ctx.progress.tick(1, `top-${nTop} rerun`);
  }

  // Weight decay alone, at the best learning rate.
  const bestLr = num(ranked[0]!.params, 'lr');
  const probe: { wd: number; value: number }[] = [];
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

  // Checks, from the data.
  const checks: Check[] = [];
  const kBand = Math.max(1, Math.round(B / 10));
  const bandLrs = ranked.slice(0, kBand).map((t) => num(t.params, 'lr'));
  checks.push({
    name: 'the best trials have lr in 1e-3 … 1e-2',
    expected: `the best ${kBand} random-search trial(s) have lr ∈ [1e-3, 1e-2]`,
    observed: `lr of the best ${kBand}: ${bandLrs.map(shortNumber).join(', ')}`,
    passed: bandLrs.every((v) => v >= GOOD_LR[0] && v <= GOOD_LR[1]),
  });
  const small = probe.filter((p) => p.wd <= 1e-6).map((p) => p.value);
  const spread = Math.max(...small) - Math.min(...small);
  checks.push({
    name: 'weight decay has little effect in 1e-8 … 1e-6',
    expected: `at the best lr (${shortNumber(bestLr)}), λ ∈ {1e-8, 1e-7, 1e-6} changes the validation accuracy by ≤ 2 points`,
    observed: probe.map((p) => `λ ${sci(p.wd)}: ${pct(p.value)}`).join('; '),
    passed: spread <= 0.02,
  });
  const endBest = (t: TrialRecord[]) => {
    const b = bestSoFar(t, 'maximize');
    return b[b.length - 1] ?? Number.NaN;
  };
  const [rBest, dBest, gBest] = [endBest(random), endBest(dlfs), endBest(gp)];
  // One validation digit is the resolution of the measurement.
  const nVal = Math.round(0.2 * s.trainSize);
  checks.push({
    name: 'Bayesian optimisation does at least as well as random search',
    expected: `best validation accuracy after ${B} trials: GP-EI ≥ random − 1/${nVal} (one validation digit)`,
    observed: `GP-EI ${pct(gBest)}, random ${pct(rBest)} (DLFS narrowing ${pct(dBest)})`,
    passed: gBest >= rBest - 1 / nVal - 1e-12,
  });
  const roundSize = Math.ceil(B / rounds);
  const done = (t: TrialRecord) => t.state === 'complete' && t.value !== null;
  const round1 = dlfs.filter((t) => done(t) && t.number < roundSize).map((t) => t.value!);
  const round2 = dlfs.filter((t) => done(t) && t.number >= roundSize).map((t) => t.value!);
  const [m1, m2] = [median(round1), median(round2)];
  checks.push({
    name: 'narrowing the range improves the typical trial',
    expected: 'median validation accuracy: round 2 (narrowed) > round 1 (wide)',
    observed: `round 1 ${pct(m1)} (${round1.length} trials), round 2 ${pct(m2)} (${round2.length} trials)`,
    passed: m2 > m1,
  });
  checks.push({
    name: 'a trial is a deterministic function of (lr, λ)',
    expected: `the best ${nTop} trials retrained give the same validation curves`,
    observed: `${reproduced} of ${nTop} identical`,
    passed: reproduced === nTop,
  });

  // Tables and series.
  const studies = [
    { name: 'random', trials: random },
    { name: 'DLFS narrowing', trials: dlfs, dashed: true },
    { name: 'GP-EI', trials: gp },
  ];
  const summary = studies.map(({ name, trials }) => {
    const r = rankTrials(trials, 'maximize');
    const b = r[0];
    const curve = bestSoFar(trials, 'maximize');
    const final = curve[curve.length - 1]!;
    return {
      search: name,
      trials: trials.length,
      'best val acc': b ? b.value! : null,
      'best lr': b ? num(b.params, 'lr') : null,
      'best λ': b ? num(b.params, 'weightDecay') : null,
      'reached at trial': curve.indexOf(final) + 1,
      'median val acc': median(r.map((t) => t.value!)),
      'trials with lr ≥ 1e-3': trials.filter((t) => num(t.params, 'lr') >= 1e-3).length,
    };
  });
  const all = studies.flatMap(({ name, trials }) => trials.map((t) => ({ name, t })));
  const series: ExperimentResult['series'] = {
    trials: {
      search: all.map((r) => r.name),
      trial: all.map((r) => r.t.number),
      lr: all.map((r) => num(r.t.params, 'lr')),
      weight_decay: all.map((r) => num(r.t.params, 'weightDecay')),
      val_accuracy: all.map((r) => r.t.value ?? Number.NaN),
      state: all.map((r) => r.t.state),
    },
    'best-so-far': {
      trial: random.map((_, i) => i + 1),
      random: bestSoFar(random, 'maximize'),
      dlfs: bestSoFar(dlfs, 'maximize'),
      gp: bestSoFar(gp, 'maximize'),
    },
  };
  const rows = top.flatMap((t, r) =>
    t.intermediate.map(([e, v], i) => ({
      rank: r + 1,
      trial: t.number,
      epoch: e,
      val: v,
      train: trainCurves.get(t.number)?.[i] ?? Number.NaN,
    })),
  );
  series['top-curves'] = {
    rank: rows.map((r) => r.rank),
    trial: rows.map((r) => r.trial),
    epoch: rows.map((r) => r.epoch),
    val_accuracy: rows.map((r) => r.val),
    train_accuracy: rows.map((r) => r.train),
  };
  series['weight-decay-probe'] = {
    lr: probe.map(() => bestLr),
    weight_decay: probe.map((p) => p.wd),
    val_accuracy: probe.map((p) => p.value),
  };

  // Figures.
  const net = `784-[${s.hidden.length === 6 && s.hidden.every((h) => h === 100) ? '100×6' : s.hidden.join(', ')}]-10`;
  const setting = `${net}, ${s.trainSize * 0.8} training / ${s.trainSize * 0.2} validation digits, SGD, ${s.epochs} epochs of batches of ${s.batchSize}`;
  const space = objective.space;
  const accTitle = 'validation accuracy';
  const figures: ExperimentResult['figures'] = [
    {
      name: 'top-curves',
      title: `The best ${nTop} trials of random search`,
      caption: `Validation accuracy (solid) and training accuracy (dashed) per epoch of the ${nTop} best of ${B} random trials, best first (DLFS fig 6-24). Panel titles: rank, final validation accuracy, learning rate.`,
      spec: topCurvesSpec(random, {
        title: `Best ${nTop} of ${B} random trials: accuracy per epoch`,
        subtitle: setting,
        direction: 'maximize',
        k: nTop,
        curveName: 'validation',
        xTitle: 'epoch',
        yTitle: 'accuracy',
        yDomain: [0, 1],
        label: (t, r) => `#${r}: ${t.value!.toFixed(2)} (lr ${sci(num(t.params, 'lr'))})`,
        extra: (t) => {
          const tr = trainCurves.get(t.number) ?? [];
          return [{ name: 'training', x: tr.map((_, i) => i + 1), y: tr, dashed: true }];
        },
      }),
    },
    {
      name: 'accuracy-vs-lr',
      title: 'Validation accuracy against the learning rate',
      caption: `Every complete random-search trial; colour: log10 of the weight decay; the best ${nTop} ringed.`,
      spec: paramScatterSpec(random, 'lr', {
        title: 'Validation accuracy against the learning rate',
        subtitle: `${B} random trials, lr = 10^U(−6, −2), λ = 10^U(−8, −4)`,
        direction: 'maximize',
        space,
        paramTitle: 'learning rate',
        valueTitle: accTitle,
        highlightTop: nTop,
        colorBy: { param: 'weightDecay', title: 'log10 λ' },
        yDomain: [0, 1],
      }),
    },
    {
      name: 'accuracy-vs-weight-decay',
      title: 'Validation accuracy against the weight decay',
      caption: `Every complete random-search trial; colour: log10 of the learning rate; the best ${nTop} ringed.`,
      spec: paramScatterSpec(random, 'weightDecay', {
        title: 'Validation accuracy against the weight decay',
        subtitle: `${B} random trials; the learning rate (colour) decides, λ hardly matters`,
        direction: 'maximize',
        space,
        paramTitle: 'weight decay λ',
        valueTitle: accTitle,
        highlightTop: nTop,
        colorBy: { param: 'lr', title: 'log10 lr' },
        yDomain: [0, 1],
      }),
    },
    {
      name: 'best-so-far',
      title: 'Best validation accuracy so far',
      caption: `Best validation accuracy after each trial; every search spends ${B} trials. DLFS narrowing shares its first ${roundSize} trials with random search.`,
      spec: bestSoFarSpec(studies, {
        title: 'Best validation accuracy so far',
        subtitle: `random search, DLFS narrowing (2 rounds of ${roundSize}), Bayesian optimisation (GP-EI)`,
        direction: 'maximize',
        valueTitle: 'best validation accuracy',
        xTitle: 'trials',
      }),
    },
    {
      name: 'gp-samples',
      title: 'Where Bayesian optimisation sampled',
      caption: `The ${B} points of the GP-EI search in the (lr, λ) plane, coloured by validation accuracy; the best ${Math.min(5, B)} ringed. After its ${Math.min(B, 5)} space-filling initial points it concentrates on the largest learning rates.`,
      spec: paramPairSpec(gp, 'lr', 'weightDecay', {
        title: 'Where Bayesian optimisation sampled',
        subtitle: `${B} GP-EI trials; colour: validation accuracy`,
        direction: 'maximize',
        space,
        xTitle: 'learning rate',
        yTitle: 'weight decay λ',
        valueTitle: 'val. acc.',
        highlightTop: Math.min(5, B),
      }),
    },
    {
      name: 'narrowing',
      title: 'DLFS narrowing: round 1 against round 2',
      caption: `Round 1 samples the whole range; round 2 samples the box around the best 20 % of round 1 (plus a 10 % margin).`,
      spec: scatterSpec({
        title: 'Narrowing the range: round 1 (wide) and round 2 (narrowed)',
        subtitle: `median validation accuracy ${pct(m1)} → ${pct(m2)}`,
        x: dlfs.filter(done).map((t) => num(t.params, 'lr')),
        y: dlfs.filter(done).map((t) => t.value!),
        color: dlfs
          .filter(done)
          .map((t) => (t.number < roundSize ? 'round 1 (wide)' : 'round 2 (narrowed)')),
        xTitle: 'learning rate',
        yTitle: accTitle,
        logX: true,
        yDomain: [0, 1],
      }),
    },
  ];
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
      dlfs: { rounds, keep: 0.2, margin: 0.1 },
      gp: 'Matérn 5/2 ARD, EI, 5 Halton initial points',
      searchSeconds,
      trainedTrials: trained,
    },
    summary,
    series,
    figures,
    checks,
    extra: {
      weightDecayProbe: probe,
      decayShrinkAtMaxLambda: shrink,
      roundMedians: { round1: m1, round2: m2 },
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
