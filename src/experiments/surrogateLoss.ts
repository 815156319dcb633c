/**
 * Experiment 22 — the surrogate loss keeps learning after the 0-1 loss is zero
 * (Goodfellow et al. §8.1.2; CORRECTIONS #16).
 *
 * Logistic regression p(y = 1 | x) = σ(wᵀx + b) on a linearly separable set,
 * trained full batch by gradient descent on the mean negative log-likelihood
 *
 *   J(w, b) = −(1/m) Σ_{i=1..m} [y_i log ŷ_i + (1 − y_i) log(1 − ŷ_i)],   ŷ_i = σ(wᵀx_i + b),
 *   ∇_w J = (1/m) Σ (ŷ_i − y_i) x_i,   ∇_b J = (1/m) Σ (ŷ_i − y_i),
 *   (w, b) ← (w, b) − ε ∇J.
 *
 * The 0-1 loss has zero (or undefined) gradient, so it cannot be trained
 * directly; the NLL can, and on separable data it has no minimiser: once every
 * training point is classified correctly, gradient descent keeps shrinking the
 * NLL by growing ‖w‖ and turning w towards the maximum-margin direction (Soudry
 * et al. 2018), so the geometric margin min_i (2y_i − 1)(wᵀx_i + b)/‖w‖ keeps
 * growing and the test error can still improve. Early stopping on the validation
 * NLL stops where the gradient is still far from zero (§8.1.3).
 *
 * Plain typed-array loops (the model is linear; the gradient above is exact).
 */
import { linearlySeparable, splitDataset } from '../data/core.js';
import { lineChartSpec } from '../report/index.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

interface Split {
  x: Float64Array;
  y: Int32Array;
  n: number;
}

interface Metrics {
  err: number;
  nll: number;
  /** min_i (2y_i − 1)(wᵀx_i + b) / ‖w‖; negative while a point is misclassified. */
  margin: number;
}

function evaluate(s: Split, w: Float64Array, b: number, dim: number): Metrics {
  let wn = 0;
  for (let j = 0; j < dim; j++) wn += w[j]! * w[j]!;
  wn = Math.sqrt(wn);
  let err = 0;
  let nll = 0;
  let margin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < s.n; i++) {
    let z = b;
    for (let j = 0; j < dim; j++) z += w[j]! * s.x[i * dim + j]!;
    const sgn = s.y[i] === 1 ? 1 : -1;
    const t = sgn * z;
    if (t <= 0) err++;
    // −log σ(t) = softplus(−t), computed stably.
    nll += t > 0 ? Math.log1p(Math.exp(-t)) : -t + Math.log1p(Math.exp(t));
    if (wn > 0) margin = Math.min(margin, t / wn);
  }
  return { err: err / s.n, nll: nll / s.n, margin: wn > 0 ? margin : 0 };
}

/** ∇J at (w, b) into gw (length dim) and returns [∂J/∂b, ‖∇J‖₂]. */
function gradient(
  s: Split,
  w: Float64Array,
  b: number,
  dim: number,
  gw: Float64Array,
): [number, number] {
  gw.fill(0);
  let gb = 0;
  for (let i = 0; i < s.n; i++) {
    let z = b;
    for (let j = 0; j < dim; j++) z += w[j]! * s.x[i * dim + j]!;
    const r = 1 / (1 + Math.exp(-z)) - s.y[i]!;
    for (let j = 0; j < dim; j++) gw[j]! += r * s.x[i * dim + j]!;
    gb += r;
  }
  let g2 = 0;
  for (let j = 0; j < dim; j++) {
    gw[j] = gw[j]! / s.n;
    g2 += gw[j]! * gw[j]!;
  }
  gb /= s.n;
  return [gb, Math.sqrt(g2 + gb * gb)];
}

// ---- Settings

const DIM = 10;
const N_TRAIN = 40;
const LR = 1;

const settingsOf = (quick: boolean) => ({
  nHeld: quick ? 500 : 2000,
  steps: quick ? 20000 : 200000,
});

// ---- Compute

/** Linearly separable data (margin 0): training, validation and test splits. */
function makeData(ctx: ExperimentContext, nHeld: number) {
  const dim = DIM;
  const nTrain = N_TRAIN;
  const data = linearlySeparable({
    rng: ctx.rng,
    n: nTrain + 2 * nHeld,
    dim,
    margin: 0,
    dtype: 'float64',
  });
  const parts = splitDataset(data, { rng: ctx.rng, validation: nHeld, test: nHeld });
  const asSplit = (d: (typeof parts)['train']): Split => ({
    x: d.x as Float64Array,
    y: d.y,
    n: d.n,
  });
  const [tr, va, te] = [asSplit(parts.train), asSplit(parts.validation), asSplit(parts.test)];
  return { tr, va, te };
}

/** Full-batch gradient descent from w = 0, recording errors, NLLs, margin and norms at log-spaced steps. */
function descend(ctx: ExperimentContext, steps: number, d: ReturnType<typeof makeData>) {
  const dim = DIM;
  const lr = LR;
  const { tr, va, te } = d;
  // Record at ~60 log-spaced steps per decade.
  const recordAt = new Set<number>([0]);
  for (let e = 0; e <= Math.log10(steps) + 1e-9; e += 1 / 60)
    recordAt.add(Math.min(steps, Math.round(10 ** e)));
  const rows = {
    step: [] as number[],
    trainErr: [] as number[],
    trainNll: [] as number[],
    valErr: [] as number[],
    valNll: [] as number[],
    testErr: [] as number[],
    testNll: [] as number[],
    margin: [] as number[],
    gradNorm: [] as number[],
    wNorm: [] as number[],
  };
  const w = new Float64Array(dim);
  let b = 0;
  const gw = new Float64Array(dim);
  ctx.progress.start(steps, 'gradient descent');
  for (let k = 0; k <= steps; k++) {
    const [gb, gn] = gradient(tr, w, b, dim, gw);
    if (recordAt.has(k)) {
      const mt = evaluate(tr, w, b, dim);
      const mv = evaluate(va, w, b, dim);
      const ms = evaluate(te, w, b, dim);
      rows.step.push(k);
      rows.trainErr.push(mt.err);
      rows.trainNll.push(mt.nll);
      rows.valErr.push(mv.err);
      rows.valNll.push(mv.nll);
      rows.testErr.push(ms.err);
      rows.testNll.push(ms.nll);
      rows.margin.push(mt.margin);
      rows.gradNorm.push(gn);
      rows.wNorm.push(Math.hypot(...w));
    }
    if (k === steps) break;
    for (let j = 0; j < dim; j++) w[j]! -= lr * gw[j]!;
    b -= lr * gb;
    if (k % 1000 === 999) ctx.progress.tick(1000);
  }
  return rows;
}

type Rows = ReturnType<typeof descend>;

/** The indices of the interesting moments: training error first 0, lowest validation NLL, the end. */
function moments(rows: Rows) {
  const R = rows.step.length;
  const zeroAt = rows.trainErr.indexOf(0);
  const last = R - 1;
  let best = 0;
  for (let i = 1; i < R; i++) if (rows.valNll[i]! < rows.valNll[best]!) best = i;
  return { R, zeroAt, last, best };
}

// ---- Checks

function checksOf(rows: Rows, nHeld: number): Check[] {
  const { R, zeroAt, last, best } = moments(rows);
  const after = (a: number[]) => a.slice(Math.max(zeroAt, 0));
  const nllAfter = after(rows.trainNll);
  const marginAfter = after(rows.margin);
  // Margin growth: gradient descent's margin is not monotone step by step, but it keeps growing in log time.
  const tenth = rows.step.findIndex((st) => st >= rows.step[last]! / 10);
  const testAtZero = zeroAt >= 0 ? rows.testErr[zeroAt]! : Number.NaN;
  const testEnd = rows.testErr[last]!;
  let bestTest = Math.max(zeroAt, 0);
  for (let i = bestTest; i < R; i++) if (rows.testErr[i]! < rows.testErr[bestTest]!) bestTest = i;
  return [
    {
      name: 'the training 0-1 error reaches zero',
      expected: 'train error = 0 at some step and stays 0',
      observed:
        zeroAt < 0 ? `lowest ${Math.min(...rows.trainErr)}` : `zero from step ${rows.step[zeroAt]}`,
      passed: zeroAt >= 0 && rows.trainErr.slice(zeroAt).every((e) => e === 0),
    },
    {
      name: 'after that the training NLL keeps falling and the margin keeps growing',
      expected:
        'NLL strictly decreasing at every recorded step after the train error is 0 and ≥ 10× lower at the end; margin at the end ≥ 5× the margin at the zero-error step and still growing over the last decade of steps',
      observed: `NLL ${nllAfter[0]!.toExponential(2)} → ${rows.trainNll[last]!.toExponential(2)}; margin ${marginAfter[0]!.toExponential(2)} → ${rows.margin[tenth]!.toExponential(2)} (step ${rows.step[tenth]}) → ${rows.margin[last]!.toExponential(2)}`,
      passed:
        zeroAt >= 0 &&
        nllAfter.every((v, i) => i === 0 || v < nllAfter[i - 1]!) &&
        rows.trainNll[last]! * 10 <= nllAfter[0]! &&
        rows.margin[last]! >= 5 * marginAfter[0]! &&
        rows.margin[last]! > rows.margin[tenth]!,
    },
    {
      name: 'the test error still improves after the training error is zero',
      expected: `lowest test error after the training error first hit 0 is at least 3 points (of ${nHeld}) below the test error at that step`,
      observed: `${testAtZero.toFixed(4)} at step ${zeroAt >= 0 ? rows.step[zeroAt] : '—'} → lowest ${rows.testErr[bestTest]!.toFixed(4)} at step ${rows.step[bestTest]}; ${testEnd.toFixed(4)} at the end`,
      passed: zeroAt >= 0 && rows.testErr[bestTest]! <= testAtZero - 3 / nHeld + 1e-12,
    },
    {
      name: 'early stopping on validation NLL stops where the gradient is still large',
      expected:
        "‖∇J‖ at the minimum of the validation NLL ≥ 1e-3·‖∇J₀‖ (far from a pure optimiser's convergence test) and ≥ 3× ‖∇J‖ at the end of training",
      observed: `stops at step ${rows.step[best]} with ‖∇J‖ = ${rows.gradNorm[best]!.toExponential(2)} (start ${rows.gradNorm[0]!.toExponential(2)}, end ${rows.gradNorm[last]!.toExponential(2)})`,
      passed:
        best < last &&
        rows.gradNorm[best]! >= 1e-3 * rows.gradNorm[0]! &&
        rows.gradNorm[best]! >= 3 * rows.gradNorm[last]!,
    },
  ];
}

// ---- Tables and figures

function summaryOf(rows: Rows) {
  const { zeroAt, last, best } = moments(rows);
  const pick = (i: number, label: string) => ({
    moment: label,
    step: rows.step[i]!,
    'train error': rows.trainErr[i]!,
    'train NLL': rows.trainNll[i]!,
    'validation NLL': rows.valNll[i]!,
    'test error': rows.testErr[i]!,
    margin: rows.margin[i]!,
    '‖∇J‖': rows.gradNorm[i]!,
    '‖w‖': rows.wNorm[i]!,
  });
  // Step 0 has w = 0: every point is a tie, counted as an error (error 1). The
  // figures start at step 1, so the table shows both.
  return [
    pick(0, 'start (w = 0: all ties, error 1)'),
    pick(1, 'after the first step'),
    ...(zeroAt >= 0 ? [pick(zeroAt, 'train error first 0')] : []),
    pick(best, 'early stop (min validation NLL)'),
    pick(last, 'end'),
  ];
}

function figuresOf(rows: Rows): ExperimentResult['figures'] {
  const { zeroAt, best } = moments(rows);
  const dim = DIM;
  const nTrain = N_TRAIN;
  const lr = LR;
  const x = rows.step.map((s) => s + 1);
  const zeroStep = zeroAt >= 0 ? rows.step[zeroAt]! : Number.NaN;
  const stopStep = rows.step[best]!;
  const marks = `train error first 0 at step ${zeroStep}; validation NLL lowest at step ${stopStep}`;
  return [
    {
      name: 'error',
      title: '0-1 error against step',
      caption: `Training and test 0-1 error (step + 1 on a log axis; from step 1: at step 0, w = 0 and every point is a tie, counted as an error). ${marks}. The test error keeps falling after the training error is zero.`,
      spec: lineChartSpec({
        title: '0-1 error of logistic regression on separable data',
        subtitle: `${nTrain} training points in ${dim}-D, full-batch gradient descent, ε = ${lr}`,
        series: [
          // Step 0 (w = 0: every point a tie, counted as an error) is left out so the scale shows the rest.
          { name: 'training error', x: x.slice(1), y: rows.trainErr.slice(1) },
          { name: 'test error', x: x.slice(1), y: rows.testErr.slice(1), dashed: true },
        ],
        xTitle: 'step + 1',
        yTitle: '0-1 error',
        logX: true,
        legend: 'top-right',
      }),
    },
    {
      name: 'nll',
      title: 'Negative log-likelihood against step',
      caption: `Mean NLL on the training set keeps falling towards 0 (no minimiser on separable data); the validation NLL turns up once ‖w‖ grows and the few misclassified held-out points cost more and more. ${marks}.`,
      spec: lineChartSpec({
        title: 'Surrogate loss (NLL) keeps falling',
        subtitle: 'mean negative log-likelihood; log–log axes',
        series: [
          { name: 'training NLL', x, y: rows.trainNll },
          { name: 'validation NLL', x, y: rows.valNll, dashed: true },
          { name: 'gradient norm ‖∇J‖', x, y: rows.gradNorm },
        ],
        xTitle: 'step + 1',
        yTitle: 'NLL, ‖∇J‖',
        logX: true,
        logY: true,
        legend: 'bottom-left',
      }),
    },
    {
      name: 'margin',
      title: 'Margin against step',
      caption: `Geometric margin of the training set, min_i (2y_i − 1)(wᵀx_i + b)/‖w‖ (negative while a point is misclassified): it keeps growing long after the training error is zero (step ${zeroStep}), as w turns towards the maximum-margin direction.`,
      spec: lineChartSpec({
        title: 'The training margin keeps growing',
        subtitle: 'min over training points of the signed distance to the decision boundary',
        series: [{ name: 'margin', x: x.slice(1), y: rows.margin.slice(1) }],
        xTitle: 'step + 1',
        yTitle: 'geometric margin',
        logX: true,
        hlines: [{ y: 0, label: 'all points correct above 0' }],
      }),
    },
  ];
}

export const surrogateLoss: Experiment = {
  name: 'surrogate-loss',
  title: 'Surrogate loss: learning continues after the training 0-1 error is zero',
  summary:
    'Logistic regression on separable data: 0-1 error hits 0, NLL keeps falling, margin keeps growing, test error keeps improving (DL §8.1.2)',
  description:
    'Logistic regression trained full batch by gradient descent on the mean negative log-likelihood of a linearly separable set (Deep Learning §8.1.2; CORRECTIONS #16: sums over i = 1..m, NLL of probabilities). Once the training 0-1 error is zero the NLL can still be reduced by growing the weights, and gradient descent turns them towards the maximum-margin separator, so the margin grows and the held-out error may keep falling. Early stopping on the validation NLL is recorded with the gradient norm where it stops (§8.1.3).',
  expected:
    'The training 0-1 error reaches zero while the NLL keeps falling and the margin keeps growing; the test error still improves afterwards; early stopping on the validation NLL stops where the gradient is still large.',
  async run(ctx): Promise<ExperimentResult> {
    const { nHeld, steps } = settingsOf(ctx.quick);
    const rows = descend(ctx, steps, makeData(ctx, nHeld));
    const dim = DIM;
    const nTrain = N_TRAIN;
    const lr = LR;
    return {
      settings: {
        model: 'logistic regression',
        dim,
        trainSize: nTrain,
        validationSize: nHeld,
        testSize: nHeld,
        dataMargin: 0,
        lr,
        steps,
        init: 'zeros',
      },
      summary: summaryOf(rows),
      series: { curves: rows },
      checks: checksOf(rows, nHeld),
      figures: figuresOf(rows),
    };
  },
};
