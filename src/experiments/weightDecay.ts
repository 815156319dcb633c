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

import { fx, overfitPair, overfitResult } from './mnistCommon.js';
import type { Check, Experiment, ExperimentResult } from './types.js';

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
    const p = await overfitPair(ctx, 'weight-decay', 200, [
      { label: 'λ = 0', weightDecay: 0, dropout: 0 },
      { label: 'λ = 0.1', weightDecay: 0.1, dropout: 0 },
    ]);
    const [a0, a1] = p.late;
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
    return overfitResult(p, ctx.quick, {
      regulariser: { weightDecay: 'λ ∈ {0, 0.1} on weights only: gradient + λW (DLFS ½λ‖W‖²)' },
      checks,
      names: ['accuracy-lambda0', 'accuracy-lambda0.1'],
      titles: ['Without weight decay (DLFS fig 6-20)', 'With weight decay λ = 0.1 (DLFS fig 6-21)'],
    });
  },
};
