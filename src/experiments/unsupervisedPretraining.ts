/**
 * Experiment 24 — greedy layer-wise unsupervised pretraining as an
 * initialisation (*Deep Learning* §8.7.4's remark, §15.1; Bengio et al. 2007;
 * Vincent et al. 2008 for the denoising variant; Erhan et al. 2010).
 *
 * The 784-[50×6]-10 sigmoid network of experiment 18. Each hidden layer is
 * first trained as an autoencoder on the outputs of the layers below, never
 * seeing a label: encoder = the deep net's layer, linear decoder, binary
 * cross-entropy reconstruction (every input lies in [0, 1]: pixels, sigmoid
 * codes), Adam (lr 0.01) — plain, and denoising with masking noise ν = 0.25.
 * The stacked encoders (output layer at random) are then fine-tuned on the
 * labels with SGD. The baseline is the same network from random
 * initialisation, trained with SGD for as many updates as pretraining and
 * fine-tuning together, at several learning rates (src/pretrain/autoencoder.ts).
 *
 * Settings (measured): with Adam lr 0.003 and one epoch per layer on the quick
 * form's 2000 images (63 updates per autoencoder) the sixth layer's codes
 * carried too little of the input and fine-tuning stayed at chance (0.090 vs
 * 0.095 for random init); lr 0.01 and two epochs per layer (126 updates) fix
 * it (0.64–0.76 over 4 seeds), and also lift the full form.
 */
import { adam, sgd } from '../optim/index.js';
import { greedyUnsupervised } from '../pretrain/index.js';
import { lineChartSpec } from '../report/index.js';
import { fx } from './mnistCommon.js';
import {
  appendHistory,
  baselineAccuracyLines,
  baselineLossLines,
  baselineRows,
  baselineStrugglesCheck,
  type Curve,
  type DeepSetup,
  deepSetup,
  emptyCurve,
  evaluateStacked,
  finalAccuracy,
  greedyPhases,
  HIDDEN,
  randomBaselines,
  smoothLoss,
} from './pretrainCommon.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

// ---- Settings

/** Step sizes and epochs of the autoencoders and of fine-tuning; corruption levels; baseline step sizes. */
function settingsOf(quick: boolean) {
  return {
    aeLr: 0.01,
    fineLr: 0.5,
    stageEpochs: quick ? 2 : 1,
    fineEpochs: quick ? 4 : 2,
    variants: quick ? [0.25] : [0, 0.25],
    baselineLrs: quick ? [0.5, 2] : [0.1, 0.5, 1, 2],
  };
}

type Setting = ReturnType<typeof settingsOf>;

interface Run {
  nu: number;
  curve: Curve;
  recon: { first: number; last: number }[];
  beforeFine: number;
  seconds: number;
}

const name = (nu: number) => (nu > 0 ? `denoising AE ν=${nu}` : 'autoencoder');

// ---- Compute

/** Greedy (denoising) autoencoder pretraining then fine-tuning, for each corruption level. */
async function pretrainRuns(ctx: ExperimentContext, setup: DeepSetup, st: Setting): Promise<Run[]> {
  const { test } = setup;
  const { aeLr, fineLr, stageEpochs, fineEpochs, variants } = st;
  const runs: Run[] = [];
  for (const nu of variants) {
    const label = nu > 0 ? `denoising AE (ν = ${nu})` : 'autoencoder';
    const t0 = performance.now();
    const r = await greedyUnsupervised({
      ...greedyPhases(ctx, setup, {
        label,
        stage: adam({ lr: aeLr }),
        stageEpochs,
        fine: sgd({ lr: fineLr }),
        fineEpochs,
      }),
      reconstruction: 'binary-cross-entropy',
      corruption: nu,
    });
    const curve = emptyCurve();
    for (const s of r.stages) appendHistory(curve, s.history, false);
    const pre = curve.trainLoss.length;
    appendHistory(curve, r.fineTune!);
    // reconstruction loss on the test inputs: the first and last epoch of each stage (smoothed loss of the first updates for "before")
    const recon = r.stages.map((s) => ({
      first: s.history.steps[0]!.loss,
      last: s.history.epochs.at(-1)!.valLoss!,
    }));
    const beforeFine = evaluateStacked(r, test).accuracy;
    const seconds = (performance.now() - t0) / 1000;
    runs.push({ nu, curve, recon, beforeFine, seconds });
    ctx.log(
      `${label}: reconstruction ${recon.map((x) => `${fx(x.first)}→${fx(x.last)}`).join(', ')}; test accuracy ${fx(finalAccuracy(curve))} after ${pre} + ${curve.trainLoss.length - pre} updates`,
    );
  }
  return runs;
}

type Outcome = {
  runs: Run[];
  base: Awaited<ReturnType<typeof randomBaselines>>;
  bestAcc: number;
  updates: number;
  per: number;
  st: Setting;
};

const offsetOf = (per: number) => (c: Curve) => c.trainLoss.length - c.step.length * per;

// ---- Checks

function checksOf(o: Outcome): Check[] {
  const { runs, base, bestAcc, updates } = o;
  const { baselineLrs } = o.st;
  return [
    {
      name: 'every autoencoder learns to reconstruct its input',
      expected:
        'test reconstruction loss after training < the loss of its first minibatch, for every layer',
      observed: runs
        .map(
          (r) =>
            `${name(r.nu)}: ${r.recon.map((x) => `${fx(x.first, 2)}→${fx(x.last, 2)}`).join(' ')}`,
        )
        .join('; '),
      passed: runs.every((r) => r.recon.every((x) => x.last < x.first)),
    },
    baselineStrugglesCheck(base, baselineLrs, updates),
    ...runs.map((r) => ({
      name: `unsupervised pretraining (${name(r.nu)}) beats random init at equal budget`,
      expected: `test accuracy after fine-tuning > best random-init accuracy + 0.1 at ${updates} updates`,
      observed: `${fx(finalAccuracy(r.curve))} vs ${fx(bestAcc)} (lr ${base.best.lr})`,
      passed: finalAccuracy(r.curve) > bestAcc + 0.1,
    })),
  ];
}

// ---- Tables and figures

function summaryOf(o: Outcome): ExperimentResult['summary'] {
  const { runs, base } = o;
  const offset = offsetOf(o.per);
  return [
    ...runs.flatMap((r) => [
      {
        method: `${name(r.nu)}: stacked, before fine-tuning`,
        updates: offset(r.curve),
        'test accuracy': r.beforeFine,
        'test loss': null,
        seconds: null,
      },
      {
        method: `${name(r.nu)} + fine-tuning`,
        updates: r.curve.trainLoss.length,
        'test accuracy': finalAccuracy(r.curve),
        'test loss': r.curve.testLoss.at(-1)!,
        seconds: r.seconds,
      },
    ]),
    ...baselineRows(base, null),
  ];
}

function seriesOf(o: Outcome): ExperimentResult['series'] {
  const { runs, base } = o;
  return {
    ...Object.fromEntries(
      runs.map((r) => [
        `fine-tune-nu${r.nu}`,
        { step: r.curve.step, testAccuracy: r.curve.testAccuracy, testLoss: r.curve.testLoss },
      ]),
    ),
    ...Object.fromEntries(
      base.runs.map((x) => [
        `random-lr${x.lr}`,
        { step: x.curve.step, testAccuracy: x.curve.testAccuracy, testLoss: x.curve.testLoss },
      ]),
    ),
    reconstruction: {
      layer: HIDDEN.map((_, k) => k + 1),
      ...Object.fromEntries(runs.map((r) => [`testLoss_nu${r.nu}`, r.recon.map((x) => x.last)])),
    },
  };
}

function figuresOf(o: Outcome, setup: DeepSetup): ExperimentResult['figures'] {
  const { runs, base, updates } = o;
  const { train } = setup;
  const offset = offsetOf(o.per);
  return [
    {
      name: 'test-accuracy',
      title: 'Test accuracy during supervised training',
      caption: `Pretrained runs: test accuracy after each fine-tuning epoch, placed after the ${offset(runs[0]!.curve)} unsupervised updates; random init: the same number of updates in all.`,
      spec: lineChartSpec({
        title: 'Unsupervised pretraining vs random initialisation',
        subtitle: `784-[50×6]-10 sigmoid, ${train.n} training images`,
        series: [
          ...runs.map((r) => ({
            name: `${name(r.nu)} + fine-tuning`,
            x: r.curve.step,
            y: r.curve.testAccuracy,
          })),
          ...baselineAccuracyLines(base),
        ],
        xTitle: 'updates (pretraining + fine-tuning)',
        yTitle: 'test accuracy',
        yDomain: [0, 1],
        xDomain: [0, updates],
        points: true,
        legend: 'right',
      }),
    },
    {
      name: 'train-loss',
      title: 'Supervised training loss per update',
      caption:
        'Smoothed minibatch cross-entropy of the fine-tuning (pretrained) and of random initialisation, from the first supervised update.',
      spec: lineChartSpec({
        title: 'Supervised loss: pretrained vs random init',
        series: [
          ...runs.map((r) => {
            const s = smoothLoss({
              ...r.curve,
              trainLoss: r.curve.trainLoss.slice(offset(r.curve)),
            });
            return { name: `${name(r.nu)} + fine-tuning`, x: s.map((_, i) => i + 1), y: s };
          }),
          ...baselineLossLines(base),
        ],
        xTitle: 'supervised update',
        yTitle: 'training loss (smoothed)',
        hlines: [{ y: Math.log(10), label: 'ln 10' }],
        legend: 'right',
      }),
    },
  ];
}

export const unsupervisedPretraining: Experiment = {
  name: 'unsupervised-pretraining',
  title: 'Greedy unsupervised (denoising autoencoder) pretraining vs random initialisation',
  summary:
    'Stacked (denoising) autoencoders as the initialisation of a deep sigmoid net, then supervised fine-tuning, against random init at the same number of updates (DL §8.7.4, §15.1)',
  description:
    'Deep Learning §8.7.4 (remark) and §15.1: greedy layer-wise unsupervised pretraining. Each of the six hidden layers of the 784-[50×6]-10 sigmoid network is trained as an autoencoder (linear decoder, binary cross-entropy, Adam lr 0.01) on the outputs of the layers below, without labels; a denoising variant zeroes each input with probability ν = 0.25. The stack (output layer at random) is then fine-tuned on the labels by SGD (lr 0.5). Fair comparison: random initialisation gets the same total number of updates (the autoencoder updates count in the pretrained network’s budget), the same batch size and sampler seed, with SGD at several learning rates, the best compared. Full form: 8000 training / 2000 test images of the built-in 10k MNIST subset, one epoch per autoencoder (250 updates) and 2 fine-tuning epochs, plain and denoising, baseline lr ∈ {0.1, 0.5, 1, 2}. Quick form: 2000 / 1000 images, denoising only, two epochs per autoencoder (126 updates; with one epoch at Adam lr 0.003 the top codes carried too little of the input and fine-tuning stayed at chance) and 4 fine-tuning epochs, baseline lr ∈ {0.5, 2}.',
  expected:
    'The autoencoders reconstruct their inputs better as they train; after fine-tuning, the pretrained network is far better than random initialisation at the same budget, which stays near chance on this deep sigmoid network.',
  async run(ctx): Promise<ExperimentResult> {
    const setup = deepSetup(ctx);
    const { train, test, sizes, batchSize, per } = setup;
    ctx.log(
      `data: ${train.n} train / ${test.n} test images (built-in 10k MNIST subset unless given; the book: 60000)`,
    );
    const st = settingsOf(ctx.quick);
    const { aeLr, fineLr, stageEpochs, fineEpochs, variants, baselineLrs } = st;
    const budget = per * (stageEpochs * HIDDEN.length + fineEpochs);
    ctx.progress.start(budget * (variants.length + baselineLrs.length), 'training');
    const runs = await pretrainRuns(ctx, setup, st);
    const updates = runs[0]!.curve.trainLoss.length;
    const pretrainUpdates = updates - runs[0]!.curve.step.length * per;
    const base = await randomBaselines(ctx, setup, { lrs: baselineLrs, iterations: updates });
    ctx.progress.stop();
    const bestAcc = finalAccuracy(base.best.curve);
    const o: Outcome = { runs, base, bestAcc, updates, per, st };
    return {
      settings: {
        sizes,
        activation: 'sigmoid',
        init: 'xavier (DLFS, N(0, 1/n_in))',
        batchSize,
        autoencoder: `linear decoder, binary cross-entropy, Adam lr ${aeLr}, ${stageEpochs} epoch(s) per layer`,
        corruption: variants,
        fineTune: `SGD lr ${fineLr}, ${fineEpochs} epochs`,
        baselineLrs,
        updates,
        pretrainingUpdates: pretrainUpdates,
        train: train.n,
        test: test.n,
        seed: ctx.seed,
      },
      summary: summaryOf(o),
      series: seriesOf(o),
      checks: checksOf(o),
      figures: figuresOf(o, setup),
    };
  },
};
