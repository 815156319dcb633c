/**
 * Experiment 19 — FitNets (Romero et al. 2015; *Deep Learning* §8.7.4).
 *
 * Teacher: a wide, shallow ReLU network 784-300-10 (Adam). Student: the deep,
 * thin sigmoid network 784-[50×6]-10 trained by plain SGD, which struggles
 * from random initialisation. Three students get the same number of SGD
 * updates:
 *   1. alone: cross-entropy on the labels;
 *   2. KD only: the distillation loss (1 − λ)CE(y, softmax z_s) + λτ²CE(softmax z_t/τ, softmax z_s/τ)
 *      (Hinton et al. 2015; src/pretrain/distillation.ts), τ = 4, λ = 0.5;
 *   3. hints + KD: stage one regresses the teacher's hidden layer (its hint)
 *      from the student's guided layer through a linear regressor (L2 loss;
 *      src/pretrain/fitnets.ts), stage two is run 2's loss.
 * The hint updates count in run 3's budget.
 */
import { loadDataset, take } from '../data/index.js';
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
  emptyCurve,
  finalAccuracy,
  smoothLoss,
} from './pretrainCommon.js';
import type { Check, Experiment, ExperimentResult } from './types.js';

const HIDDEN = [50, 50, 50, 50, 50, 50];

export const fitnets: Experiment = {
  name: 'fitnets',
  title: 'FitNets: hints and distillation for a deep thin student',
  summary:
    'A deep thin sigmoid student trained alone, with knowledge distillation, and with a hint from a wide shallow teacher + distillation, at the same number of updates (DL §8.7.4)',
  description:
    'Deep Learning §8.7.4: FitNets (Romero et al. 2015). A wide, shallow teacher (784-300-10 ReLU, Adam) is trained first. The student, 784-[50×6]-10 sigmoid trained by SGD, is deeper and thinner. Stage one trains the student up to its guided layer (the third hidden layer) with a linear regressor to predict the teacher’s hidden layer (L2 loss); stage two trains the whole student on the labels and the teacher’s softened outputs (knowledge distillation, Hinton et al. 2015: (1 − λ)·CE(y, softmax z_s) + λτ²·CE(softmax(z_t/τ), softmax(z_s/τ)), τ = 4, λ = 0.5). Compared at the same number of SGD updates with the student trained alone and with distillation alone. Data: the built-in 10k MNIST subset (quick: 2000 training / 1000 test images).',
  expected:
    'The hint loss falls during stage one. In Romero et al. the hint makes a deep thin student trainable where it is not alone; whether that shows in this small setting is measured, not assumed.',
  async run(ctx): Promise<ExperimentResult> {
    const q = ctx.quick;
    const d = loadDataset(ctx.data);
    const train = q ? take(d.train, 2000) : d.train;
    const test = q ? take(d.test, 1000) : d.test;
    ctx.log(
      `data: ${train.n} train / ${test.n} test images (built-in 10k MNIST subset unless given)`,
    );
    const C = test.classes;
    const batchSize = 32;
    const lr = 0.5;
    const guided = 2;
    const tau = 4;
    const lambda = 0.5;
    const hintEpochs = q ? 2 : 2;
    const kdEpochs = q ? 3 : 4;
    const teacherEpochs = q ? 2 : 3;
    const seed = ctx.rng.int(2 ** 31);
    const samplerSeed = ctx.rng.int(2 ** 31);
    const per = Math.ceil(train.n / batchSize);
    const budget = per * (hintEpochs + kdEpochs);
    ctx.progress.start(per * teacherEpochs + 3 * budget, 'training');

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
    const logits = layerValues(teacher, train).values;
    const targets = distillationTargets(train.y, logits, C, 'float32');
    const studentNet = {
      sizes: [train.features, ...HIDDEN, C],
      activation: 'sigmoid' as const,
      init: 'xavier',
      dtype: 'float32' as const,
      seed: seed + 1,
    };
    const fitOpts = (label: string, iterations: number) => ({
      optimizer: sgd({ lr }),
      batchSize,
      iterations,
      trainEvalSize: 0,
      validation: { data: test },
      seed: samplerSeed + 1,
      progress: tickOnly(ctx.progress, label),
    });

    // 3. hints + KD
    const hinted = mlp(studentNet);
    const hr = await trainHints(hinted, {
      teacher,
      hint: 'act0',
      guided,
      train,
      fit: { ...fitOpts('hints', hintEpochs * per), validation: undefined as never },
      seed: seed + 2,
    });
    const hintUpdates = hr.history.steps.length;
    const kd = new DistillationLoss({ classes: C, lambda, temperature: tau });
    const hk = await fit(
      withLoss(hinted, kd.loss),
      { data: train, targets, targetFeatures: 2 * C },
      fitOpts('hints + KD', budget - hintUpdates),
    );
    const hintsCurve = emptyCurve();
    hintsCurve.trainLoss.push(...hr.history.steps.map((s) => s.loss));
    appendHistory(hintsCurve, hk);
    // 2. KD only
    const kdOnly = mlp(studentNet);
    const kh = await fit(
      withLoss(kdOnly, new DistillationLoss({ classes: C, lambda, temperature: tau }).loss),
      { data: train, targets, targetFeatures: 2 * C },
      fitOpts('KD only', budget),
    );
    const kdCurve = emptyCurve();
    appendHistory(kdCurve, kh);
    // 1. alone
    const alone = mlp(studentNet);
    const ah = await fit(alone, { data: train }, fitOpts('alone', budget));
    const aloneCurve = emptyCurve();
    appendHistory(aloneCurve, ah);
    ctx.progress.stop();

    const acc = {
      hints: finalAccuracy(hintsCurve),
      kd: finalAccuracy(kdCurve),
      alone: finalAccuracy(aloneCurve),
    };
    ctx.log(
      `hint loss ${fx(hr.hintLossBefore)} → ${fx(hr.hintLossAfter)}; test accuracy: hints + KD ${fx(acc.hints)}, KD only ${fx(acc.kd)}, alone ${fx(acc.alone)}`,
    );
    const checks: Check[] = [
      {
        name: 'the wide shallow teacher is accurate',
        expected: 'teacher test accuracy ≥ 0.85',
        observed: fx(teacherAcc),
        passed: teacherAcc >= 0.85,
      },
      {
        name: 'hint training reduces the hint loss',
        expected: 'L_HT after stage one < 0.6 × before',
        observed: `${fx(hr.hintLossBefore, 4)} → ${fx(hr.hintLossAfter, 4)}`,
        passed: hr.hintLossAfter < 0.6 * hr.hintLossBefore,
      },
      {
        name: 'hints + KD beat the student trained alone at equal budget',
        expected: `test accuracy > alone + 0.05 after ${budget} updates (${hintUpdates} of them hint updates)`,
        observed: `${fx(acc.hints)} vs ${fx(acc.alone)} (KD only: ${fx(acc.kd)})`,
        passed: acc.hints > acc.alone + 0.05,
      },
    ];
    const curves: [string, Curve][] = [
      ['hints + KD', hintsCurve],
      ['KD only', kdCurve],
      ['alone', aloneCurve],
    ];
    return {
      settings: {
        teacher: `784-300-10 ReLU, Adam 1e-3, ${teacherEpochs} epochs`,
        student: `784-[50×6]-10 sigmoid, DLFS Xavier init, SGD lr ${lr}, batch ${batchSize}`,
        hint: "teacher 'act0' (300 units) from the student's hidden block 2 (3rd hidden layer) through a linear regressor",
        hintUpdates,
        distillation: { tau, lambda },
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
          method: `student: ${n}`,
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
      checks,
      figures: [
        {
          name: 'test-accuracy',
          title: 'Student test accuracy against updates',
          caption: `The hinted student's curve starts after its ${hintUpdates} hint updates. Teacher: ${fx(teacherAcc)}. Hint loss ${fx(hr.hintLossBefore, 3)} → ${fx(hr.hintLossAfter, 3)}.`,
          spec: lineChartSpec({
            title: 'FitNets student: hints + KD, KD only, alone',
            subtitle: `784-[50×6]-10 sigmoid student, SGD lr ${lr}; τ = ${tau}, λ = ${lambda}`,
            series: curves.map(([n, c]) => ({ name: n, x: c.step, y: c.testAccuracy })),
            xTitle: 'updates',
            yTitle: 'test accuracy',
            yDomain: [0, 1],
            xDomain: [0, budget],
            points: true,
            hlines: [{ y: teacherAcc, label: 'teacher' }],
            legend: 'bottom',
          }),
        },
        {
          name: 'train-loss',
          title: 'Training loss per update',
          caption:
            'Smoothed minibatch loss: the hinted run shows the hint (L2) loss, then the distillation loss; the others their own loss from the start.',
          spec: lineChartSpec({
            title: 'Student training loss',
            series: curves.map(([n, c]) => {
              const s = smoothLoss(c);
              return { name: n, x: s.map((_, i) => i + 1), y: s };
            }),
            xTitle: 'update',
            yTitle: 'training loss (smoothed)',
            legend: 'bottom',
          }),
        },
      ],
    };
  },
};
