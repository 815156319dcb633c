/**
 * Experiment 19 — FitNets (Romero et al. 2015; *Deep Learning* §8.7.4).
 *
 * Teacher: a wide, shallow ReLU network 784-300-10 (Adam). Student: the deep,
 * thin sigmoid network 784-[50×6]-10 (DLFS Xavier init N(0, 1/n_in)) trained by
 * plain SGD, which stays at chance from random initialisation: each random
 * sigmoid layer shrinks the variation of its input about fourfold
 * (σ′ ≤ ¼), so the output sees nearly constant features and the lower layers
 * nearly no gradient. Students compared at the same number of SGD updates:
 *   1. alone: cross-entropy on the labels (SGD at each lr of a small grid);
 *   2. KD only: the distillation loss (1 − λ)CE(y, softmax z_s) + λτ²CE(softmax z_t/τ, softmax z_s/τ)
 *      (Hinton et al. 2015; src/pretrain/distillation.ts), τ = 4, λ annealed
 *      linearly 0.8 → 0.5 during the run (the paper anneals its weight of the
 *      soft term from 4 to 1 relative to the hard term: 0.8/0.2 = 4, 0.5/0.5 = 1);
 *   3. hints + KD: stage one regresses the teacher's hidden layer (its hint,
 *      z-scored unit by unit) from the student's middle layer (the 3rd of 6
 *      hidden layers, the paper's choice of a middle guided layer) through a
 *      linear regressor (L2 loss; src/pretrain/fitnets.ts), stage two is run 2's loss.
 * The hint updates count in run 3's budget.
 *
 * Why these settings (measured on 2000 training images, 630 updates): with raw
 * ReLU hints (scale up to ≈ 5) the hinted student stays near chance (≤ 0.2);
 * with z-scored hints but the mean-over-units L2 loss at the distillation step
 * size (lr 0.5: the gradient per unit is 2/300 of the paper's ½‖·‖²), stage
 * one barely trains the guided layer (L_HT 1.23 → 0.99) and stage two stays at
 * chance. Runs 1 and 2 stay at chance at every lr in {0.5, 1, 2, 4}, with
 * momentum 0.9, and reach only ≈ 0.2 with Adam. Z-scored hints with a hint
 * step size of 10 (= 0.067 on the paper's ½‖·‖², which sums over the 300 hint
 * units) make the guided layer explain 20–40 % of the hint's variance, and
 * stage two then leaves chance within a few epochs (0.44–0.69 over 6 seeds):
 * above the guided layer three random sigmoid layers are left, not six.
 * Guiding a lower layer (1st or 2nd) trains stage one better but leaves too
 * many random layers above it; guiding a higher one (4th–6th) leaves stage one
 * itself untrainable. The λ annealing (vs a fixed λ = 0.5) made stage two
 * steadier.
 */
import { mlp } from '../nn/index.js';
import { adam, sgd } from '../optim/index.js';
import {
  DistillationLoss,
  distillationTargets,
  layerValues,
  trainHints,
  withLoss,
} from '../pretrain/index.js';
import { lineChartSpec } from '../report/index.js';
import { evaluate, fit } from '../train/index.js';
import { fx, tickOnly } from './mnistCommon.js';
import {
  appendHistory,
  type Curve,
  type DeepSetup,
  deepSetup,
  emptyCurve,
  finalAccuracy,
  smoothLoss,
} from './pretrainCommon.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

/** λ of DistillationLoss during a run of `iterations` updates: linear from `from` to `to`. */
function annealed(kd: DistillationLoss, from: number, to: number, iterations: number) {
  kd.lambda = from;
  return {
    onStep(info: { step: number }) {
      kd.lambda = from + ((to - from) * Math.min(info.step, iterations)) / iterations;
    },
  };
}

// ---- Settings

/** Step sizes, the guided layer, distillation's τ and λ schedule, and the epochs of each stage. */
function settingsOf(quick: boolean) {
  return {
    lr: 1,
    hintLr: 10,
    guided: 2,
    tau: 4,
    lambda: { from: 0.8, to: 0.5 },
    hintEpochs: quick ? 4 : 2,
    kdEpochs: quick ? 6 : 4,
    teacherEpochs: quick ? 2 : 3,
    aloneLrs: [0.5, 1, 2],
    kdLrs: quick ? [1] : [0.5, 1, 2],
  };
}

type Setting = ReturnType<typeof settingsOf>;

// ---- Compute

/** The wide shallow teacher (784-300-10 ReLU, Adam) and its test accuracy. */
async function trainTeacher(ctx: ExperimentContext, d: DeepSetup, st: Setting) {
  const { train, test, batchSize, seed, samplerSeed } = d;
  const { teacherEpochs } = st;
  const C = test.classes;
  const teacher = mlp({
    sizes: [train.features, 300, C],
    activation: 'relu',
    dtype: 'float32',
    seed,
  });
  await fit(
    teacher,
    { data: train },
    {
      optimizer: adam({ lr: 1e-3 }),
      batchSize,
      epochs: teacherEpochs,
      trainEvalSize: 0,
      seed: samplerSeed,
      progress: tickOnly(ctx.progress, 'teacher'),
    },
  );
  const teacherAcc = evaluate(teacher.eval(), { data: test }).accuracy;
  ctx.log(`teacher 784-300-10: test accuracy ${fx(teacherAcc)}`);
  return { teacher, teacherAcc };
}

interface Run {
  lr: number;
  curve: Curve;
}

/** The three students at equal budget: hints + KD, KD only at each lr, alone at each lr. */
async function trainStudents(
  ctx: ExperimentContext,
  d: DeepSetup,
  st: Setting,
  teacher: Awaited<ReturnType<typeof trainTeacher>>['teacher'],
  budget: number,
) {
  const { train, test, sizes, net, batchSize, seed, samplerSeed, per } = d;
  const { lr, hintLr, guided, tau, lambda, hintEpochs, aloneLrs, kdLrs } = st;
  const C = test.classes;
  const logits = layerValues(teacher, train).values;
  const targets = distillationTargets(train.y, logits, C, 'float32');
  const kdData = { data: train, targets, targetFeatures: 2 * C };
  const studentNet = { ...net, sizes, seed: seed + 1 };
  const fitOpts = (label: string, iterations: number, stepSize: number) => ({
    optimizer: sgd({ lr: stepSize }),
    batchSize,
    iterations,
    trainEvalSize: 0,
    validation: { data: test },
    seed: samplerSeed + 1,
    progress: tickOnly(ctx.progress, label),
  });

  // 3. hints + KD
  const hinted = mlp(studentNet);
  const { validation: _, ...hintFit } = fitOpts('hints', hintEpochs * per, hintLr);
  const hr = await trainHints(hinted, {
    teacher,
    hint: 'act0',
    guided,
    train,
    standardize: true,
    fit: hintFit,
    seed: seed + 2,
  });
  const hintUpdates = hr.history.steps.length;
  const kdUpdates = budget - hintUpdates;
  const kd = new DistillationLoss({ classes: C, lambda: lambda.from, temperature: tau });
  const hk = await fit(withLoss(hinted, kd.loss), kdData, {
    ...fitOpts('hints + KD', kdUpdates, lr),
    callbacks: annealed(kd, lambda.from, lambda.to, kdUpdates),
  });
  const hintsCurve = emptyCurve();
  hintsCurve.trainLoss.push(...hr.history.steps.map((s) => s.loss));
  appendHistory(hintsCurve, hk);
  // 2. KD only
  const kdRuns: Run[] = [];
  for (const l of kdLrs) {
    const loss = new DistillationLoss({ classes: C, lambda: lambda.from, temperature: tau });
    const h = await fit(withLoss(mlp(studentNet), loss.loss), kdData, {
      ...fitOpts(`KD only, lr ${l}`, budget, l),
      callbacks: annealed(loss, lambda.from, lambda.to, budget),
    });
    const curve = emptyCurve();
    appendHistory(curve, h);
    kdRuns.push({ lr: l, curve });
  }
  // 1. alone
  const aloneRuns: Run[] = [];
  for (const l of aloneLrs) {
    const h = await fit(mlp(studentNet), { data: train }, fitOpts(`alone, lr ${l}`, budget, l));
    const curve = emptyCurve();
    appendHistory(curve, h);
    aloneRuns.push({ lr: l, curve });
  }
  return { hr, hintUpdates, kdUpdates, hintsCurve, kdRuns, aloneRuns };
}

const best = (runs: Run[]) =>
  runs.reduce((a, b) => (finalAccuracy(b.curve) > finalAccuracy(a.curve) ? b : a));
const list = (runs: Run[]) =>
  runs.map((r) => `lr ${r.lr}: ${fx(finalAccuracy(r.curve))}`).join(', ');

type Outcome = Awaited<ReturnType<typeof trainTeacher>> &
  Awaited<ReturnType<typeof trainStudents>> & {
    st: Setting;
    d: DeepSetup;
    budget: number;
    bestAlone: Run;
    bestKd: Run;
    acc: { hints: number; kd: number; alone: number };
  };

// ---- Checks

function checksOf(o: Outcome): Check[] {
  const { teacherAcc, hr, budget, aloneRuns, kdRuns, acc, hintUpdates, bestAlone, bestKd } = o;
  const { aloneLrs, kdLrs } = o.st;
  return [
    {
      name: 'the wide shallow teacher is accurate',
      expected: 'teacher test accuracy ≥ 0.85',
      observed: fx(teacherAcc),
      passed: teacherAcc >= 0.85,
    },
    {
      name: 'hint training makes the guided layer predict the teacher’s hidden layer',
      expected:
        'z-scored L_HT after stage one < 0.85 (predicting each unit’s mean gives 1: > 15 % of the hint’s variance explained) and < before',
      observed: `${fx(hr.hintLossBefore, 4)} → ${fx(hr.hintLossAfter, 4)}`,
      passed: hr.hintLossAfter < 0.85 && hr.hintLossAfter < hr.hintLossBefore,
    },
    {
      name: 'the deep thin student is not trainable alone or with KD only at this budget',
      expected: `best test accuracy < 0.2 after ${budget} SGD updates (chance ≈ 0.1), alone at lr ∈ {${aloneLrs.join(', ')}}, KD only at lr ∈ {${kdLrs.join(', ')}}`,
      observed: `alone ${list(aloneRuns)}; KD only ${list(kdRuns)}`,
      passed: acc.alone < 0.2 && acc.kd < 0.2,
    },
    {
      name: 'hints + KD make the student trainable at equal budget',
      expected: `test accuracy > the best of alone and KD only + 0.25 after ${budget} updates (${hintUpdates} of them hint updates)`,
      observed: `${fx(acc.hints)} vs alone ${fx(acc.alone)} (lr ${bestAlone.lr}), KD only ${fx(acc.kd)} (lr ${bestKd.lr})`,
      passed: acc.hints > Math.max(acc.alone, acc.kd) + 0.25,
    },
  ];
}

// ---- Tables and figures

/** Every student's curve: [name, curve, dashed]. */
function curvesOf(o: Outcome): [string, Curve, boolean][] {
  const { hintsCurve, kdRuns, aloneRuns } = o;
  return [
    ['hints + KD', hintsCurve, false],
    ...kdRuns.map((r): [string, Curve, boolean] => [`KD only, lr ${r.lr}`, r.curve, true]),
    ...aloneRuns.map((r): [string, Curve, boolean] => [`alone, lr ${r.lr}`, r.curve, true]),
  ];
}

function figuresOf(o: Outcome): ExperimentResult['figures'] {
  const { teacherAcc, hr, hintUpdates, budget } = o;
  const { tau, lambda } = o.st;
  const { train } = o.d;
  const curves = curvesOf(o);
  return [
    {
      name: 'test-accuracy',
      title: 'Student test accuracy against updates',
      caption: `Stage 1 of the hinted student (hint training, ${hintUpdates} updates) ends at the dotted line; its curve starts there, with stage 2 (distillation). Dashed, one pattern each: KD only and the students trained alone at each step size (they overlap near chance). Teacher: ${fx(teacherAcc)}. Hint loss (z-scored) ${fx(hr.hintLossBefore, 3)} → ${fx(hr.hintLossAfter, 3)}.`,
      spec: lineChartSpec({
        title: 'FitNets student: hints + KD, KD only, alone',
        subtitle: `784-[50×6]-10 sigmoid student, SGD; τ = ${tau}, λ ${lambda.from} → ${lambda.to}; ${train.n} training images`,
        series: curves.map(([n, c, dashed]) => ({
          name: n,
          x: c.step,
          y: c.testAccuracy,
          dashed,
        })),
        xTitle: 'updates (hint + distillation for the hinted student)',
        yTitle: 'test accuracy',
        yDomain: [0, 1],
        xDomain: [0, budget],
        points: true,
        hlines: [
          { y: teacherAcc, label: 'teacher' },
          { y: 0.1, label: 'chance' },
        ],
        vlines: [{ x: hintUpdates, label: 'hinted student: stage 2 (KD) begins' }],
        legend: 'bottom',
      }),
    },
    {
      name: 'test-loss',
      title: 'Student test cross-entropy against updates',
      caption: `Cross-entropy on the test labels (for every student, whatever its training loss), after each epoch; ln 10 ≈ 2.30 is the loss of a uniform guess. The hinted student's curve starts after its ${hintUpdates} hint updates.`,
      spec: lineChartSpec({
        title: 'Student test loss',
        series: curves.map(([n, c, dashed]) => ({
          name: n,
          x: c.step,
          y: c.testLoss,
          dashed,
        })),
        xTitle: 'updates',
        yTitle: 'test cross-entropy',
        xDomain: [0, budget],
        points: true,
        hlines: [{ y: Math.log(10), label: 'ln 10' }],
        legend: 'bottom',
      }),
    },
    {
      name: 'hint-loss',
      title: 'Stage one: hint loss per update',
      caption: `Smoothed minibatch L_HT of the hinted student's stage one (z-scored hint: 1 is the loss of predicting each unit's mean). On the whole training set: ${fx(hr.hintLossBefore, 3)} before, ${fx(hr.hintLossAfter, 3)} after.`,
      spec: lineChartSpec({
        title: 'Hint loss (stage one)',
        series: [
          {
            name: 'L_HT',
            x: hr.history.steps.map((_, k) => k + 1),
            y: smoothLoss({ ...emptyCurve(), trainLoss: hr.history.steps.map((x) => x.loss) }),
          },
        ],
        xTitle: 'hint update',
        yTitle: 'hint loss (smoothed)',
        yDomain: [0, Math.max(1.5, hr.hintLossBefore)],
        hlines: [{ y: 1, label: 'mean predictor' }],
      }),
    },
  ];
}

export const fitnets: Experiment = {
  name: 'fitnets',
  title: 'FitNets: hints and distillation for a deep thin student',
  summary:
    'A deep thin sigmoid student trained alone, with knowledge distillation, and with a (z-scored) hint from a wide shallow teacher + distillation, at the same number of SGD updates (DL §8.7.4)',
  description:
    'Deep Learning §8.7.4: FitNets (Romero et al. 2015). A wide, shallow teacher (784-300-10 ReLU, Adam) is trained first. The student, 784-[50×6]-10 sigmoid (DLFS Xavier init) trained by plain SGD, is deeper and thinner; from random initialisation each sigmoid layer shrinks the signal about fourfold, and six of them leave SGD at chance. Stage one trains the student up to its guided layer, the middle one (3rd of 6 hidden layers, as the paper guides a middle layer), with a linear regressor to predict the teacher’s hidden layer (L2 loss); the hint is z-scored unit by unit over the training set (not in the paper: raw ReLU hints, of scale up to ≈ 5, left the guided layer untrained), and stage one uses SGD with lr 10 on the mean over the 300 hint units (= lr 0.067 on the paper’s ½‖·‖² summed over units). Stage two trains the whole student on the labels and the teacher’s softened outputs (knowledge distillation, Hinton et al. 2015: (1 − λ)·CE(y, softmax z_s) + λτ²·CE(softmax(z_t/τ), softmax(z_s/τ)), τ = 4, λ annealed linearly from 0.8 to 0.5, i.e. the paper’s soft/hard weight 4 → 1). Fair comparison: every student gets the same number of SGD updates (the hint updates count in the hinted student’s budget), the same batch size and seeds; KD only uses the same annealed loss and lr; the student alone is trained at each lr of {0.5, 1, 2} (KD only too in the full form) and the best is compared. Data: the built-in 10k MNIST subset (quick: 2000 training / 1000 test images, 630 updates; full: 8000 / 2000, 1500 updates).',
  expected:
    'Romero et al.: the hint makes a deep thin student trainable where it is not alone. Here the student trained alone and with distillation alone stays at chance (≈ 0.1) at every step size; the hinted student leaves chance during stage two and ends far above both (full form: close to the teacher).',
  async run(ctx): Promise<ExperimentResult> {
    const d = deepSetup(ctx);
    const { train, test, batchSize, per } = d;
    ctx.log(
      `data: ${train.n} train / ${test.n} test images (built-in 10k MNIST subset unless given)`,
    );
    const st = settingsOf(ctx.quick);
    const { lr, hintLr, guided, tau, lambda, teacherEpochs, aloneLrs, kdLrs } = st;
    const budget = per * (st.hintEpochs + st.kdEpochs);
    ctx.progress.start(
      per * teacherEpochs + budget * (1 + aloneLrs.length + kdLrs.length),
      'training',
    );
    const t = await trainTeacher(ctx, d, st);
    const s = await trainStudents(ctx, d, st, t.teacher, budget);
    ctx.progress.stop();
    const { hr, hintUpdates, kdUpdates, hintsCurve, kdRuns, aloneRuns } = s;
    const bestAlone = best(aloneRuns);
    const bestKd = best(kdRuns);
    const acc = {
      hints: finalAccuracy(hintsCurve),
      kd: finalAccuracy(bestKd.curve),
      alone: finalAccuracy(bestAlone.curve),
    };
    ctx.log(
      `hint loss (z-scored) ${fx(hr.hintLossBefore)} → ${fx(hr.hintLossAfter)}; test accuracy: hints + KD ${fx(acc.hints)}, KD only ${list(kdRuns)}, alone ${list(aloneRuns)}`,
    );
    const o: Outcome = { ...t, ...s, st, d, budget, bestAlone, bestKd, acc };
    const { teacherAcc } = t;
    const curves = curvesOf(o);
    return {
      settings: {
        teacher: `784-300-10 ReLU, Adam 1e-3, ${teacherEpochs} epochs`,
        student: `784-[50×6]-10 sigmoid, DLFS Xavier init N(0, 1/n_in), SGD, batch ${batchSize}`,
        hint: `teacher 'act0' (300 units) z-scored over the training set, from the student's hidden block ${guided} (3rd of 6 hidden layers) through a linear regressor; mean-squared L2 loss, SGD lr ${hintLr}, ${hintUpdates} updates`,
        distillation: `τ = ${tau}, λ linear ${lambda.from} → ${lambda.to}; hinted student SGD lr ${lr}, ${kdUpdates} updates`,
        baselines: `alone at lr ${aloneLrs.join(', ')}; KD only at lr ${kdLrs.join(', ')}; ${budget} updates each`,
        updates: budget,
        train: train.n,
        test: test.n,
        seed: ctx.seed,
      },
      summary: [
        {
          method: 'teacher (784-300-10)',
          updates: per * teacherEpochs,
          'test accuracy': teacherAcc,
        },
        ...curves.map(([n, c]) => ({
          method: `student: ${n}${n === 'hints + KD' ? `, lr ${lr}` : ''}`,
          updates: c.trainLoss.length,
          'test accuracy': finalAccuracy(c),
        })),
      ],
      series: Object.fromEntries(
        curves.map(([n, c]) => [
          n.replace(/\W+/g, '-'),
          { step: c.step, testAccuracy: c.testAccuracy, testLoss: c.testLoss },
        ]),
      ),
      checks: checksOf(o),
      figures: figuresOf(o),
    };
  },
};
