/**
 * Experiment 9's report (see hyperparameterSearch.ts): from the searches'
 * outcome, the checks, the tables and series, and the figures.
 */
import { median } from '../linalg/index.js';
import { scatterSpec } from '../report/index.js';
import {
  bestSoFar,
  bestSoFarSpec,
  paramPairSpec,
  paramScatterSpec,
  rankTrials,
  shortNumber,
  topCurvesSpec,
} from '../tune/figures.js';
import type { Params, SearchSpace } from '../tune/space.js';
import type { TrialRecord } from '../tune/storage.js';
import type { Check, ExperimentResult } from './types.js';

export interface Setting {
  hidden: number[];
  epochs: number;
  trials: number;
  top: number;
  trainSize: number;
  batchSize: number;
}

const GOOD_LR: [number, number] = [1e-3, 1e-2];

export const num = (p: Params, k: string) => p[k] as number;
export const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
/** 9.8e−3 */
export const sci = (v: number) => v.toExponential(1).replace('e-', 'e−');
export const done = (t: TrialRecord) => t.state === 'complete' && t.value !== null;
/** One trial of the weight-decay probe: λ and the validation accuracy at the best learning rate. */
export interface Probe {
  wd: number;
  value: number;
}

/** The three searches' trials (sorted by number), how long they took and how many trials were trained (not cached). */
export interface Searches {
  random: TrialRecord[];
  dlfs: TrialRecord[];
  gp: TrialRecord[];
  searchSeconds: number;
  trained: number;
}

/** DLFS narrowing's two rounds: the validation accuracies of their complete trials and the medians. */
export interface Rounds {
  roundSize: number;
  round1: number[];
  round2: number[];
  m1: number;
  m2: number;
}

/** Everything the checks, tables and figures are computed from. */
export interface Outcome extends Searches {
  s: Setting;
  B: number;
  nTop: number;
  ranked: TrialRecord[];
  top: TrialRecord[];
  trainCurves: Map<number, number[]>;
  reproduced: number;
  bestLr: number;
  probe: Probe[];
  shrink: number;
  rounds: Rounds;
}

export function checksOf(o: Outcome): Check[] {
  const { s, B, nTop, ranked, probe, bestLr, rounds } = o;
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
  const [rBest, dBest, gBest] = [endBest(o.random), endBest(o.dlfs), endBest(o.gp)];
  // One validation digit is the resolution of the measurement.
  const nVal = Math.round(0.2 * s.trainSize);
  checks.push({
    name: 'Bayesian optimisation does at least as well as random search',
    expected: `best validation accuracy after ${B} trials: GP-EI ≥ random − 1/${nVal} (one validation digit)`,
    observed: `GP-EI ${pct(gBest)}, random ${pct(rBest)} (DLFS narrowing ${pct(dBest)})`,
    passed: gBest >= rBest - 1 / nVal - 1e-12,
  });
  const { round1, round2, m1, m2 } = rounds;
  checks.push({
    name: 'narrowing the range improves the typical trial',
    expected: 'median validation accuracy: round 2 (narrowed) > round 1 (wide)',
    observed: `round 1 ${pct(m1)} (${round1.length} trials), round 2 ${pct(m2)} (${round2.length} trials)`,
    passed: m2 > m1,
  });
  checks.push({
    name: 'a trial is a deterministic function of (lr, λ)',
    expected: `the best ${nTop} trials retrained give the same validation curves`,
    observed: `${o.reproduced} of ${nTop} identical`,
    passed: o.reproduced === nTop,
  });
  return checks;
}

/** The three searches, as the tables and the best-so-far figure list them. */
function studiesOf(o: Outcome): { name: string; trials: TrialRecord[]; dashed?: boolean }[] {
  return [
    { name: 'random', trials: o.random },
    { name: 'DLFS narrowing', trials: o.dlfs, dashed: true },
    { name: 'GP-EI', trials: o.gp },
  ];
}

export function summaryOf(o: Outcome) {
  return studiesOf(o).map(({ name, trials }) => {
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
}

export function seriesOf(o: Outcome): ExperimentResult['series'] {
  const { random, dlfs, gp, top, trainCurves, probe, bestLr } = o;
  const all = studiesOf(o).flatMap(({ name, trials }) => trials.map((t) => ({ name, t })));
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
  return series;
}

/** 784-[100×6]-10 */
export function networkName(s: Setting): string {
  return `784-[${s.hidden.length === 6 && s.hidden.every((h) => h === 100) ? '100×6' : s.hidden.join(', ')}]-10`;
}

/** The six figures: DLFS fig 6-24's top curves, accuracy against each hyper-parameter, the searches compared. */
export function figuresOf(
  o: Outcome,
  net: string,
  space: SearchSpace,
): ExperimentResult['figures'] {
  const { s, B, nTop, random, dlfs, gp, trainCurves } = o;
  const { roundSize, m1, m2 } = o.rounds;
  const studies = studiesOf(o);
  const setting = `${net}, ${s.trainSize * 0.8} training / ${s.trainSize * 0.2} validation digits, SGD, ${s.epochs} epochs of batches of ${s.batchSize}`;
  const accTitle = 'validation accuracy';
  return [
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
}
