/**
 * Experiment 18 — greedy supervised layer-wise pretraining (*Deep Learning*
 * §8.7.4, fig 8.7; Bengio et al. 2007).
 *
 * A deep, thin sigmoid network 784-[50×6]-10 (DLFS Xavier init N(0, 1/n_in), plain SGD,
 * batch 32) is built greedily: train 784-50-10, keep its first layer, train
 * 50-50-10 on the kept layer's outputs with the same labels, and so on up to
 * the sixth hidden layer; the last stage's output layer becomes the deep
 * net's; then the whole stack is fine-tuned jointly with a smaller step
 * (src/pretrain/greedy.ts). The baseline trains the same architecture from
 * random initialisation with SGD for the same total number of updates
 * (pretraining + fine-tuning), at several learning rates (the best one is
 * compared). Each greedy stage's test accuracy is the accuracy of the network
 * built so far (kept layers + that stage's output layer).
 */
import { sgd } from '../optim/index.js';
import { greedySupervised } from '../pretrain/index.js';
import { barChartSpec, lineChartSpec } from '../report/index.js';
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

/** Step sizes and epochs of the greedy stages and of fine-tuning; the baseline's step sizes. */
function settingsOf(quick: boolean) {
  return {
    stageLr: 0.5,
    fineLr: 0.1,
    stageEpochs: quick ? 2 : 1,
    fineEpochs: quick ? 3 : 2,
    baselineLrs: quick ? [0.5] : [0.1, 0.5, 1],
  };
}

type Setting = ReturnType<typeof settingsOf>;

// ---- Compute

/** Greedy supervised pretraining, then fine-tuning; the accuracy after each stage and of the stack. */
async function greedyRun(ctx: ExperimentContext, setup: DeepSetup, st: Setting) {
  const { test } = setup;
  const { stageLr, fineLr, stageEpochs, fineEpochs } = st;
  const t0 = performance.now();
  const r = await greedySupervised(
    greedyPhases(ctx, setup, {
      label: 'stage',
      stage: sgd({ lr: stageLr }),
      stageEpochs,
      fine: sgd({ lr: fineLr }),
      fineEpochs,
    }),
  );
  const greedySeconds = (performance.now() - t0) / 1000;
  const greedy = emptyCurve();
  for (const s of r.stages) appendHistory(greedy, s.history);
  const pretrainUpdates = greedy.trainLoss.length;
  appendHistory(greedy, r.fineTune!);
  const stageAcc = r.stages.map((s) => s.history.epochs.at(-1)!.valAccuracy!);
  // the stacked network (before fine-tuning) on the test set: the last stage's network on H₅
  const stacked = evaluateStacked(r, test);
  const greedyAcc = finalAccuracy(greedy);
  const greedyLoss = greedy.testLoss.at(-1)!;
  ctx.log(
    `greedy: stage accuracies ${stageAcc.map((a) => fx(a)).join(', ')}; stacked ${fx(stacked.accuracy)}; fine-tuned ${fx(greedyAcc)} (${greedySeconds.toFixed(1)} s)`,
  );
  return { r, greedy, greedySeconds, pretrainUpdates, stageAcc, stacked, greedyAcc, greedyLoss };
}

/** The same network from random initialisation at each baseline step size, for the same number of updates. */
async function baselines(
  ctx: ExperimentContext,
  setup: DeepSetup,
  { baselineLrs }: Setting,
  greedy: Curve,
) {
  const t1 = performance.now();
  const base = await randomBaselines(ctx, setup, {
    lrs: baselineLrs,
    iterations: greedy.trainLoss.length,
  });
  const baseSeconds = (performance.now() - t1) / 1000 / baselineLrs.length;
  return { base, baseSeconds };
}

type Outcome = Awaited<ReturnType<typeof greedyRun>> &
  Awaited<ReturnType<typeof baselines>> & { st: Setting; bestAcc: number };

// ---- Checks

function checksOf(o: Outcome): Check[] {
  const { stageAcc, stacked, greedyAcc, base, greedy, bestAcc } = o;
  const { baselineLrs } = o.st;
  return [
    {
      name: 'every greedy stage learns on its representation',
      expected:
        'test accuracy of the network built so far ≥ 0.4 after every stage (chance ≈ 0.1); it may fall from stage to stage, as each fixed representation loses some information',
      observed: stageAcc.map((a) => fx(a)).join(', '),
      passed: stageAcc.every((a) => a >= 0.4),
    },
    {
      name: 'the stacked network is the pretrained pieces',
      expected:
        'test accuracy of the stacked deep network before fine-tuning = that of the last stage',
      observed: `${fx(stacked.accuracy, 4)} vs ${fx(stageAcc.at(-1)!, 4)}`,
      passed: stacked.accuracy === stageAcc.at(-1),
    },
    {
      name: 'fine-tuning improves the stacked network',
      expected: 'test accuracy after fine-tuning > before',
      observed: `${fx(greedyAcc)} vs ${fx(stacked.accuracy)}`,
      passed: greedyAcc > stacked.accuracy,
    },
    baselineStrugglesCheck(base, baselineLrs, greedy.trainLoss.length),
    {
      name: 'pretraining beats random init at equal budget',
      expected: `greedy + fine-tuning test accuracy > best random-init accuracy + 0.1 at ${greedy.trainLoss.length} updates`,
      observed: `${fx(greedyAcc)} vs ${fx(bestAcc)} (lr ${base.best.lr})`,
      passed: greedyAcc > bestAcc + 0.1,
    },
  ];
}

// ---- Tables and figures

function summaryOf(o: Outcome, baseSeconds: number): ExperimentResult['summary'] {
  const {
    r,
    stageAcc,
    pretrainUpdates,
    stacked,
    greedy,
    greedyAcc,
    greedyLoss,
    greedySeconds,
    base,
  } = o;
  return [
    ...r.stages.map((s, k) => ({
      method: `greedy stage ${k + 1} (${s.sizes.join('-')})`,
      updates: s.history.steps.length,
      'test accuracy': stageAcc[k]!,
      'test loss': s.history.epochs.at(-1)!.valLoss!,
      seconds: null,
    })),
    {
      method: 'stacked, before fine-tuning',
      updates: pretrainUpdates,
      'test accuracy': stacked.accuracy,
      'test loss': stacked.loss,
      seconds: null,
    },
    {
      method: 'greedy + fine-tuning',
      updates: greedy.trainLoss.length,
      'test accuracy': greedyAcc,
      'test loss': greedyLoss,
      seconds: greedySeconds,
    },
    ...baselineRows(base, baseSeconds),
  ];
}

function seriesOf(o: Outcome): ExperimentResult['series'] {
  const { greedy, base, stageAcc } = o;
  const csv: Record<string, number[]> = {
    step: greedy.step,
    greedyTestAccuracy: greedy.testAccuracy,
    greedyTestLoss: greedy.testLoss,
  };
  const baseCsv = Object.fromEntries(
    base.runs.flatMap((x) => [
      [`step_lr${x.lr}`, x.curve.step],
      [`testAccuracy_lr${x.lr}`, x.curve.testAccuracy],
      [`testLoss_lr${x.lr}`, x.curve.testLoss],
    ]),
  );
  return {
    greedy: csv,
    random: baseCsv,
    stages: {
      stage: stageAcc.map((_, k) => k + 1),
      testAccuracy: stageAcc,
    },
  };
}

function figuresOf(o: Outcome, setup: DeepSetup): ExperimentResult['figures'] {
  const { r, greedy, pretrainUpdates, base, stageAcc, greedyAcc, bestAcc } = o;
  const { stageLr, fineLr } = o.st;
  const { batchSize, train } = setup;
  // Where each phase of the greedy run begins, in updates.
  const phaseStarts: { x: number; label: string }[] = [];
  let updatesSoFar = 0;
  r.stages.forEach((st, k) => {
    if (k > 0) phaseStarts.push({ x: updatesSoFar, label: `stage ${k + 1}` });
    updatesSoFar += st.history.steps.length;
  });
  phaseStarts.push({ x: pretrainUpdates, label: 'fine-tune' });
  const series = [
    { name: 'greedy stages, then fine-tuning', x: greedy.step, y: greedy.testAccuracy },
    ...baselineAccuracyLines(base),
  ];
  const lossSeries = [
    {
      name: 'greedy stages, then fine-tuning',
      x: greedy.trainLoss.map((_, i) => i + 1),
      y: smoothLoss(greedy),
    },
    ...baselineLossLines(base),
  ];
  return [
    {
      name: 'test-accuracy',
      title: 'Test accuracy against updates',
      caption: `Greedy: test accuracy of the network built so far after each epoch of each of the ${HIDDEN.length} stages (SGD lr ${stageLr}; dotted lines mark where each stage begins), then of the fine-tuned stack (lr ${fineLr}, from update ${pretrainUpdates}). Random init (one dash pattern per learning rate): the same network and number of updates from random initialisation; its curves lie on top of each other at chance level.`,
      spec: lineChartSpec({
        title: 'Greedy supervised pretraining vs random initialisation',
        subtitle: `784-[50×6]-10 sigmoid, batch ${batchSize}, ${train.n} training images`,
        series,
        xTitle: 'updates (pretraining + fine-tuning)',
        yTitle: 'test accuracy',
        yDomain: [0, 1],
        points: true,
        legend: 'bottom',
        vlines: phaseStarts,
        hlines: [{ y: 0.1, label: 'chance' }],
      }),
    },
    {
      name: 'train-loss',
      title: 'Training loss per update',
      caption:
        'Smoothed minibatch cross-entropy. The greedy curve joins the stages’ losses (a fresh output layer at each stage, hence the jumps) and then the fine-tuning; random init stays near ln 10.',
      spec: lineChartSpec({
        title: 'Training loss: greedy stages and fine-tuning vs random init',
        series: lossSeries,
        xTitle: 'update',
        yTitle: 'training loss (smoothed)',
        hlines: [{ y: Math.log(10), label: 'ln 10' }],
        vlines: phaseStarts,
        legend: 'bottom',
      }),
    },
    {
      name: 'stages',
      title: 'Accuracy of the network built so far',
      caption:
        'Test accuracy after each greedy stage (kept layers + that stage’s output layer; the stacked network before fine-tuning equals the last stage), after fine-tuning, and (grey) the random-initialisation baseline at the same number of updates and its best learning rate.',
      spec: barChartSpec({
        title: 'Test accuracy after each greedy stage, after fine-tuning, and the baseline',
        subtitle: `every bar at its own number of updates; the baseline at all ${greedy.trainLoss.length}`,
        categories: [
          ...stageAcc.map((_, k) => `stage ${k + 1}`),
          'fine-tuned',
          `random init, lr ${base.best.lr}`,
        ],
        kinds: [
          ...stageAcc.map(() => 'greedy pretraining'),
          'greedy pretraining',
          'baseline: random init',
        ],
        values: [...stageAcc, greedyAcc, bestAcc],
        xTitle: '',
        yTitle: 'test accuracy',
        yDomain: [0, 1],
        labelFormat: '.3f',
      }),
    },
  ];
}

export const pretraining: Experiment = {
  name: 'pretraining',
  title: 'Greedy supervised layer-wise pretraining vs random initialisation',
  summary:
    'A deep thin sigmoid net built one layer at a time (fig 8.7) then fine-tuned, against random init at the same number of updates (DL §8.7.4)',
  description:
    'Deep Learning §8.7.4 and fig 8.7: greedy supervised pretraining. The 784-[50×6]-10 sigmoid network (DLFS Xavier init N(0, 1/n_in)) is hard for plain SGD from random initialisation: the gradient reaching the lower layers through six sigmoids is tiny and the loss sits at ln 10 for a long time. Greedy pretraining trains 784-50-10, keeps its first layer, trains 50-50-10 on that layer’s outputs with the same labels, and so on; the stacked network is then fine-tuned jointly. The baseline gets the same total number of SGD updates from random initialisation, at several learning rates. Data: the built-in 10k MNIST subset (the book’s setting would be 60k); the quick form uses 2000 training and 1000 test images.',
  expected:
    'Each greedy stage reaches a good accuracy on its representation; the stacked network is already good before fine-tuning, and fine-tuning improves it. Random initialisation with the same budget stays near chance (≈ 0.11).',
  async run(ctx): Promise<ExperimentResult> {
    const setup = deepSetup(ctx);
    const { loaded: d, train, test, sizes, batchSize, per } = setup;
    ctx.log(
      `data: ${d.source === 'builtin' ? 'built-in 10k MNIST subset' : d.name}; ${train.n} train / ${test.n} test images (the book: 60000 / 10000)`,
    );
    const st = settingsOf(ctx.quick);
    const { stageLr, fineLr, stageEpochs, fineEpochs, baselineLrs } = st;
    const budget = per * (stageEpochs * HIDDEN.length + fineEpochs);
    ctx.progress.start(budget * (1 + baselineLrs.length), 'training');
    const g = await greedyRun(ctx, setup, st);
    const b = await baselines(ctx, setup, st, g.greedy);
    ctx.progress.stop();
    const bestAcc = finalAccuracy(b.base.best.curve);
    const o: Outcome = { ...g, ...b, st, bestAcc };
    const { greedy, pretrainUpdates } = g;
    return {
      settings: {
        sizes,
        activation: 'sigmoid',
        init: 'xavier',
        batchSize,
        stageOptimizer: `SGD lr ${stageLr}`,
        stageEpochs,
        fineTuneOptimizer: `SGD lr ${fineLr}`,
        fineTuneEpochs: fineEpochs,
        baselineLrs,
        updates: greedy.trainLoss.length,
        pretrainingUpdates: pretrainUpdates,
        train: train.n,
        test: test.n,
        seed: ctx.seed,
      },
      summary: summaryOf(o, b.baseSeconds),
      series: seriesOf(o),
      checks: checksOf(o),
      figures: figuresOf(o, setup),
    };
  },
};
