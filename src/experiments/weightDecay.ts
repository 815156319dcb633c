/**
 * Experiment 7 — overfitting and weight decay (DLFS §6.4.1–6.4.2, figs 6-20 and
 * 6-21, `ch06/overfit_weight_decay.py`). DLFS makes a network overfit on
 * purpose: only the first 300 training images, a deep 784-[100×6]-10 ReLU
 * network (He init), SGD lr 0.01, batch 100 drawn with replacement, 201 epochs
 * (200 of training after the evaluation at epoch 0). Then L2 weight decay:
 *
 *   J̃(θ) = J(θ) + ½ λ Σ_l ‖W_l‖²,   ∇_W J̃ = ∇_W J + λ W,
 *
 * with λ = 0.1 on the weights only (not the biases: `model.weightDecayMask`),
 * which is exactly the gradient DLFS adds. λ = 0 reaches ≈100% training
 * accuracy with a large gap to the test accuracy; λ = 0.1 narrows the gap.
 *
 * Quick form: 35 epochs at lr 0.05 (a 5× larger step compresses the 200 epochs
 * of lr 0.01; λW is the same regulariser), test accuracy on 300 test images.
 */

import { lineChartSpec } from '../report/index.js';
import {
  firstRows,
  fx,
  lateAccuracy,
  loadMnist,
  type OverfitCurves,
  overfitRun,
  tickOnly,
} from './mnistCommon.js';
import type { Check, Experiment, ExperimentResult, Figure } from './types.js';

/** The train/test accuracy figure of one run (DLFS figs 6-20, 6-21, 6-23). */
export function overfitFigure(
  name: string,
  c: OverfitCurves,
  title: string,
  subtitle: string,
): Figure {
  const epochs = c.train.map((_, e) => e);
  return {
    name,
    title,
    caption: `${subtitle}. Solid: accuracy on the training images; dashed: on the test images (epoch 0 = before training).`,
    spec: lineChartSpec({
      title,
      subtitle,
      series: [
        { name: 'train', x: epochs, y: c.train },
        { name: 'test', x: epochs, y: c.test, dashed: true },
      ],
      xTitle: 'epoch',
      yTitle: 'accuracy',
      yDomain: [0, 1],
      xDomain: [0, epochs.length - 1],
      legend: 'bottom-right',
    }),
  };
}

/** Columns of a run's curves. */
export function overfitSeries(c: OverfitCurves): Record<string, number[]> {
  return { epoch: c.train.map((_, e) => e), train: c.train, test: c.test };
}

export const weightDecay: Experiment = {
  name: 'weight-decay',
  title: 'Overfitting and weight decay',
  summary:
    '300 images, 784-[100×6]-10, λ = 0 vs 0.1: train/test accuracy per epoch (DLFS figs 6-20, 6-21)',
  description:
    'Deep Learning from Scratch §6.4.1–6.4.2 (figs 6-20, 6-21): a deep 784-[100×6]-10 ReLU network (He init) trained on only the first 300 training images by SGD (lr 0.01, batch 100 drawn with replacement) for 201 epochs, without and with L2 weight decay λ = 0.1 on the weights (not the biases): the gradient gets + λW, as from DLFS’s ½λ‖W‖² in the loss. Accuracy on the 300 training images and on the test set after every epoch. Images from the built-in 10k MNIST subset by default (2000 test images where the book had 10000). The quick form runs 35 epochs at lr 0.05 with 300 test images.',
  expected:
    'λ = 0 reaches ≈100% training accuracy with a large gap to test; λ = 0.1 narrows the gap (book: ≈0.93 train, ≈0.72 test at the end).',
  async run(ctx): Promise<ExperimentResult> {
    const epochs = ctx.quick ? 35 : 200;
    const lr = ctx.quick ? 0.05 : 0.01;
    const data = loadMnist(ctx);
    const train = firstRows(data.train, 300, 'weight-decay');
    const test = ctx.quick ? firstRows(data.test, 300, 'weight-decay') : data.test;
    const initSeed = ctx.rng.int(2 ** 31);
    const samplerSeed = ctx.rng.int(2 ** 31);
    const runs = [
      { label: 'λ = 0', weightDecay: 0, dropout: 0 },
      { label: 'λ = 0.1', weightDecay: 0.1, dropout: 0 },
    ];
    ctx.progress.start(runs.length * epochs * 3, 'training');
    const curves: OverfitCurves[] = [];
    for (const r of runs) {
      curves.push(
        await overfitRun(r, train, test, {
          lr,
          epochs,
          initSeed,
          samplerSeed,
          progress: tickOnly(ctx.progress, r.label),
        }),
      );
      const a = lateAccuracy(curves[curves.length - 1]!);
      ctx.log(`${r.label}: late train ${fx(a.train)}, test ${fx(a.test)}, gap ${fx(a.gap)}`);
    }
    ctx.progress.stop();
    const [c0, c1] = curves as [OverfitCurves, OverfitCurves];
    const a0 = lateAccuracy(c0);
    const a1 = lateAccuracy(c1);
    const checks: Check[] = [
      {
        name: 'without weight decay the network fits the training set',
        expected: 'λ = 0: training accuracy ≥ 0.97 (≈100%), mean of the last 10% of epochs',
        observed: fx(a0.train),
        passed: a0.train >= 0.97,
      },
      {
        name: 'without weight decay there is a large train–test gap',
        expected: 'λ = 0: train − test ≥ 0.1',
        observed: `${fx(a0.train)} − ${fx(a0.test)} = ${fx(a0.gap)}`,
        passed: a0.gap >= 0.1,
      },
      {
        name: 'weight decay narrows the gap',
        expected: 'λ = 0.1: gap smaller than with λ = 0, and training accuracy below λ = 0’s',
        observed: `gap ${fx(a1.gap)} vs ${fx(a0.gap)}; train ${fx(a1.train)} vs ${fx(a0.train)}`,
        passed: a1.gap < a0.gap && a1.train < a0.train,
      },
    ];
    const sub = (c: OverfitCurves) =>
      `${c.label}: 300 images, 784-[100×6]-10, SGD lr ${lr}, batch 100`;
    return {
      settings: {
        data: `first 300 training images; ${test.n} test images (${data.note})`,
        network: '784-[100×6]-10, ReLU, He init N(0, 2/n_in)',
        optimizer: `SGD lr ${lr}${ctx.quick ? ' (quick form: 5× the book’s 0.01 over fewer epochs)' : ''}`,
        weightDecay: 'λ ∈ {0, 0.1} on weights only: gradient + λW (DLFS ½λ‖W‖²)',
        batchSize: 100,
        epochs: `${epochs} (+ epoch 0 before training)`,
        sampler: 'with replacement (DLFS), the same minibatches for both runs',
        initSeed,
        samplerSeed,
      },
      summary: curves.map((c) => {
        const a = lateAccuracy(c);
        return {
          run: c.label,
          'final train': c.train[epochs]!,
          'final test': c.test[epochs]!,
          'late train (last 10%)': a.train,
          'late test': a.test,
          'late gap': a.gap,
        };
      }),
      series: { 'accuracy-lambda0': overfitSeries(c0), 'accuracy-lambda0.1': overfitSeries(c1) },
      checks,
      figures: [
        overfitFigure('accuracy-lambda0', c0, 'Without weight decay (DLFS fig 6-20)', sub(c0)),
        overfitFigure(
          'accuracy-lambda0.1',
          c1,
          'With weight decay λ = 0.1 (DLFS fig 6-21)',
          sub(c1),
        ),
      ],
    };
  },
};
