/**
 * Experiment 8 — dropout (DLFS §6.4.3, figs 6-22 and 6-23,
 * `ch06/overfit_dropout.py`). The overfitting set-up of experiment 7 (300
 * images, 784-[100×6]-10 ReLU, He init, SGD lr 0.01, batch 100 drawn with
 * replacement) for 301 epochs (300 of training after epoch 0), without and
 * with dropout of ratio 0.15 after every hidden ReLU, in DLFS's non-inverted
 * form (Srivastava et al. 2014; *Deep Learning* §7.12):
 *
 *   training:   y = x ⊙ μ,  μᵢ ~ Bernoulli(1 − p)
 *   evaluation: y = x · (1 − p)     (the weight scaling inference rule)
 *
 * (DLFS's script sets 0.2; its text and EXPERIMENTS.md use 0.15.) Dropout
 * shrinks the train–test gap and keeps training accuracy below 100%.
 *
 * Quick form: 35 epochs at lr 0.05, test accuracy on 300 test images.
 */
import { fx, overfitPair, overfitResult } from './mnistCommon.js';
import type { Check, Experiment, ExperimentResult } from './types.js';

const RATIO = 0.15;

export const dropout: Experiment = {
  name: 'dropout',
  title: 'Overfitting and dropout',
  summary:
    '300 images, 784-[100×6]-10, without and with dropout 0.15: train/test accuracy per epoch (DLFS figs 6-22, 6-23)',
  description:
    'Deep Learning from Scratch §6.4.3 (figs 6-22, 6-23): the overfitting set-up of the weight-decay experiment (first 300 training images, 784-[100×6]-10 ReLU, He init, SGD lr 0.01, batch 100 drawn with replacement), 301 epochs, without and with dropout of ratio 0.15 after every hidden ReLU in DLFS’s non-inverted form (training multiplies by a Bernoulli(0.85) mask, evaluation scales by 0.85). Accuracy on the 300 training images and on the test set after every epoch. Images from the built-in 10k MNIST subset by default (2000 test images where the book had 10000). The quick form runs 35 epochs at lr 0.05 with 300 test images.',
  expected: 'With dropout the train–test gap shrinks and training accuracy stays below 100%.',
  async run(ctx): Promise<ExperimentResult> {
    const p = await overfitPair(ctx, 'dropout', 300, [
      { label: 'no dropout', weightDecay: 0, dropout: 0 },
      { label: `dropout ${RATIO}`, weightDecay: 0, dropout: RATIO },
    ]);
    const [, c1] = p.curves;
    const [a0, a1] = p.late;
    const checks: Check[] = [
      {
        name: 'without dropout the network overfits',
        expected:
          'no dropout: training accuracy ≥ 0.97 and train − test ≥ 0.1 (means of the last 10% of epochs)',
        observed: `train ${fx(a0.train)}, gap ${fx(a0.gap)}`,
        passed: a0.train >= 0.97 && a0.gap >= 0.1,
      },
      {
        name: 'dropout shrinks the train–test gap',
        expected: 'gap with dropout < gap without',
        observed: `${fx(a1.gap)} vs ${fx(a0.gap)}`,
        passed: a1.gap < a0.gap,
      },
      {
        name: 'with dropout, training accuracy stays below 100%',
        expected: 'every epoch’s training accuracy < 0.99 with dropout',
        observed: `max ${fx(Math.max(...c1.train))}`,
        passed: Math.max(...c1.train) < 0.99,
      },
    ];
    return overfitResult(p, ctx.quick, {
      regulariser: {
        dropout: `ratio ${RATIO} after every hidden ReLU, DLFS non-inverted (evaluation × ${1 - RATIO})`,
      },
      checks,
      names: ['accuracy-no-dropout', 'accuracy-dropout'],
      titles: [
        'Without dropout (DLFS fig 6-23, left)',
        `With dropout ${RATIO} (DLFS fig 6-23, right)`,
      ],
    });
  },
};
