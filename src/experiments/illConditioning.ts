/**
 * Experiment 13 — ill-conditioning on a real network (Goodfellow et al. §8.2.1,
 * fig 8.1).
 *
 * A gradient step −εg changes the cost by, to second order (eq. 8.10),
 *
 *   J(θ − εg) − J(θ) ≈ −ε gᵀg + ½ ε² gᵀHg,
 *
 * and raises it when ½ε²gᵀHg > εgᵀg. The book monitors ‖g‖ and gᵀHg while
 * training and finds that ‖g‖ does not shrink while the error falls, whereas
 * gᵀHg grows by more than an order of magnitude: learning slows because the
 * curvature along the gradient grows, not because the gradient vanishes.
 *
 * Here an MNIST MLP is trained with SGD through `fit`; a `createCurvatureRecorder`
 * measures, at step 0, at quarter epochs during the first epoch and at every
 * epoch's end, on one fixed batch of training examples with exact
 * Hessian-vector products (`modelObjective`): the loss, ‖g‖, gᵀHg, the two terms
 * of the criterion for the learning rate used, and the top Hessian eigenvalue
 * (Lanczos). The mean norm of the minibatch gradients SGD actually stepped with
 * is recorded per epoch too (through a pass-through optimizer wrapper), and the
 * validation error at every record. The same run is repeated without recording
 * (same seed) to state the overhead and to confirm that recording does not
 * change training (the final θ is bit-identical).
 */
import { loadDataset, take } from '../data/index.js';
import { type CurvatureRow, createCurvatureRecorder } from '../diagnostics/index.js';
import { norm } from '../linalg/index.js';
import { mlp, modelObjective } from '../nn/index.js';
import { type Optimizer, step as optimizerStep, sgd } from '../optim/index.js';
import { lineChartSpec, panelsSpec } from '../report/index.js';
import { Tensor } from '../tensor/index.js';
import { evaluate, fit, type TrainData } from '../train/index.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

/** Wraps an optimizer so that `onGrad(‖g‖)` sees every minibatch gradient before the update. */
export function probeGradNorm(opt: Optimizer, onGrad: (norm: number) => void): Optimizer {
  return {
    ...opt,
    init: (p) => opt.init(p),
    update(g, s, p) {
      onGrad(norm(g));
      opt.update(g, s, p);
    },
    step(p, g, s) {
      onGrad(norm(g));
      optimizerStep(opt, p, g, s);
    },
  };
}

interface Record extends CurvatureRow {
  epoch: number;
  valError: number;
  seconds: number;
}

// ---- Settings

interface Setting {
  sizes: number[];
  /** Training / validation examples (0: the whole split). */
  nTrain: number;
  nVal: number;
  epochs: number;
  batch: number;
  lr: number;
  /** Size of the fixed batch the curvature is measured on. */
  probe: number;
  lanczos: number;
}

const QUICK: Setting = {
  sizes: [784, 32, 32, 10],
  nTrain: 1000,
  nVal: 500,
  epochs: 4,
  batch: 50,
  lr: 0.1,
  probe: 200,
  lanczos: 6,
};
const FULL: Setting = {
  sizes: [784, 100, 100, 10],
  nTrain: 0,
  nVal: 0,
  epochs: 15,
  batch: 100,
  lr: 0.1,
  probe: 500,
  lanczos: 12,
};

/** The data, the seeds of the model and of `fit` (drawn in this order), and the fixed probe batch. */
function setUp(ctx: ExperimentContext, cfg: Setting) {
  const ds = loadDataset(ctx.data);
  const train: TrainData = { data: cfg.nTrain ? take(ds.train, cfg.nTrain) : ds.train };
  const val: TrainData = { data: cfg.nVal ? take(ds.test, cfg.nVal) : ds.test };
  const modelSeed = ctx.rng.int(2 ** 31);
  const fitSeed = ctx.rng.int(2 ** 31);
  // The fixed probe batch: the first `probe` training examples (float64).
  const n = cfg.probe;
  const F = train.data.features;
  const px = new Float64Array(n * F);
  for (let i = 0; i < n * F; i++) px[i] = train.data.x[i]!;
  const probeX = new Tensor(px, [n, F]);
  const probeY = train.data.y.slice(0, n);
  return { ds, train, val, modelSeed, fitSeed, probeX, probeY };
}

type SetUp = ReturnType<typeof setUp>;

// ---- Compute

const build = (cfg: Setting, seed: number) =>
  mlp({ sizes: cfg.sizes, activation: 'relu', init: 'glorot-uniform', seed });

/**
 * Run 1: training with the curvature recorded at step 0, every quarter of the
 * first epoch and every epoch's end, and the mean minibatch ‖g‖ per epoch.
 */
async function recordedRun(ctx: ExperimentContext, cfg: Setting, d: SetUp) {
  const { train, val } = d;
  const stepsPerEpoch = Math.ceil(train.data.n / cfg.batch);
  const quarter = Math.max(1, Math.round(stepsPerEpoch / 4));
  const due = (k: number) => k % stepsPerEpoch === 0 || (k < stepsPerEpoch && k % quarter === 0);
  const model = build(cfg, d.modelSeed);
  const objective = modelObjective(model, d.probeX, d.probeY);
  const rec = createCurvatureRecorder({
    measures: ['gradNorm', 'gHg', 'topEigenvalue'],
    lanczosSteps: cfg.lanczos,
    lr: cfg.lr,
    seed: ctx.seed,
  });
  const records: Record[] = [];
  let recordSeconds = 0;
  const measure = (k: number, theta: Float64Array) => {
    const t0 = performance.now();
    const row = rec.record(k, objective, theta)!;
    const training = model.training;
    model.eval();
    const valError = 1 - evaluate(model, val).accuracy;
    if (training) model.train();
    const seconds = (performance.now() - t0) / 1000;
    recordSeconds += seconds;
    records.push({ ...row, epoch: k / stepsPerEpoch, valError, seconds });
    ctx.log(
      `epoch ${(k / stepsPerEpoch).toFixed(2)}: loss ${row.loss.toFixed(4)}, ‖g‖ ${row.gradNorm!.toFixed(4)}, gᵀHg ${row.gHg!.toExponential(3)}, λmax ${row.topEigenvalue!.toFixed(3)}, val error ${valError.toFixed(4)}`,
    );
  };
  let gSum = 0;
  let gCount = 0;
  const miniNorm: number[] = [];
  const opt1 = probeGradNorm(sgd({ lr: cfg.lr }), (g) => {
    gSum += g;
    gCount++;
  });
  const t1 = performance.now();
  measure(0, model.theta as Float64Array);
  const h1 = await fit(model, train, {
    optimizer: opt1,
    batchSize: cfg.batch,
    epochs: cfg.epochs,
    validation: val,
    trainEvalSize: 0,
    seed: d.fitSeed,
    progress: ctx.progress,
    callbacks: {
      onStep: (info, v) => {
        if (info.step % stepsPerEpoch === 0) {
          miniNorm.push(gSum / gCount);
          gSum = 0;
          gCount = 0;
        }
        if (due(info.step)) measure(info.step, v.theta as Float64Array);
        return undefined;
      },
    },
  });
  const withSeconds = (performance.now() - t1) / 1000;
  const theta = Float64Array.from(model.theta);
  return {
    records,
    miniNorm,
    history: h1,
    withSeconds,
    recordSeconds,
    theta,
    matvecs: rec.matvecs,
  };
}

/** Run 2: the same training without recording; whether it ends at the same θ, and its time. */
async function plainRun(ctx: ExperimentContext, cfg: Setting, d: SetUp, theta1: Float64Array) {
  const plain = build(cfg, d.modelSeed);
  const t2 = performance.now();
  await fit(plain, d.train, {
    optimizer: sgd({ lr: cfg.lr }),
    batchSize: cfg.batch,
    epochs: cfg.epochs,
    validation: d.val,
    trainEvalSize: 0,
    seed: d.fitSeed,
    progress: ctx.progress,
  });
  const withoutSeconds = (performance.now() - t2) / 1000;
  let identical = true;
  for (let i = 0; i < theta1.length; i++) if (theta1[i] !== plain.theta[i]) identical = false;
  return { withoutSeconds, identical };
}

/** What the checks, tables and figures are computed from. */
type Outcome = Awaited<ReturnType<typeof recordedRun>> &
  Awaited<ReturnType<typeof plainRun>> & { overhead: number };

// ---- Checks

function checksOf(o: Outcome): Check[] {
  const { records, miniNorm, identical } = o;
  const r0 = records[0]!;
  const gn = records.map((r) => r.gradNorm!);
  const ratio = records.map((r) => r.secondOrder! / r.firstOrder!);
  const errFinal = records[records.length - 1]!.valError;
  const thresh = errFinal + 0.1 * (r0.valError - errFinal);
  const learned = records.find((r) => r.valError <= thresh)!;
  const maxG = Math.max(...gn);
  const maxGHg = Math.max(...records.map((r) => r.gHg!));
  const maxRatio = Math.max(...ratio);
  const maxLam = Math.max(...records.map((r) => r.topEigenvalue!));
  const fmt = (v: number) => v.toPrecision(3);
  return [
    {
      name: 'the gradient norm does not shrink significantly while the error falls',
      expected: `‖g‖ when the validation error has made 90% of its fall (≤ ${fmt(thresh)}) ≥ 0.8 × ‖g‖ at step 0, and max ‖g‖ > ‖g‖ at step 0`,
      observed: `‖g‖ ${fmt(r0.gradNorm!)} at step 0 (error ${fmt(r0.valError)}), ${fmt(learned.gradNorm!)} at epoch ${learned.epoch.toFixed(2)} (error ${fmt(learned.valError)}), max ${fmt(maxG)}`,
      passed: learned.gradNorm! >= 0.8 * r0.gradNorm! && maxG > r0.gradNorm!,
    },
    {
      name: 'the minibatch gradients SGD steps with stay large',
      expected: 'mean minibatch ‖g‖ in the last epoch ≥ 0.5 × in the first',
      observed: `${fmt(miniNorm[0]!)} → ${fmt(miniNorm[miniNorm.length - 1]!)}`,
      passed: miniNorm[miniNorm.length - 1]! >= 0.5 * miniNorm[0]!,
    },
    {
      name: 'gᵀHg grows by more than an order of magnitude',
      expected: 'max gᵀHg ≥ 10 × gᵀHg at step 0',
      observed: `${fmt(r0.gHg!)} → max ${fmt(maxGHg)} (×${(maxGHg / r0.gHg!).toFixed(1)})`,
      passed: maxGHg >= 10 * r0.gHg!,
    },
    {
      name: 'the second-order term grows relative to the first',
      expected: 'max of ½ε²gᵀHg / εgᵀg ≥ 5 × its value at step 0',
      observed: `${fmt(ratio[0]!)} → max ${fmt(maxRatio)}`,
      passed: maxRatio >= 5 * ratio[0]!,
    },
    {
      name: 'the top Hessian eigenvalue grows',
      expected: 'max λmax ≥ 2 × λmax at step 0',
      observed: `${fmt(r0.topEigenvalue!)} → max ${fmt(maxLam)}`,
      passed: maxLam >= 2 * r0.topEigenvalue!,
    },
    {
      name: 'the validation error falls',
      expected: 'final error ≤ ¼ of the error at step 0',
      observed: `${fmt(r0.valError)} → ${fmt(errFinal)}`,
      passed: errFinal <= 0.25 * r0.valError,
    },
    {
      name: 'recording does not change training',
      expected: 'final θ bit-identical with and without the recorder',
      observed: identical ? 'identical' : 'different',
      passed: identical,
    },
  ];
}

// ---- Tables and figures

function summaryOf(o: Outcome): ExperimentResult['summary'] {
  const { records, overhead, withSeconds, withoutSeconds } = o;
  const summary: ExperimentResult['summary'] = records.map((r) => ({
    epoch: Number(r.epoch.toFixed(2)),
    'val error': Number(r.valError.toFixed(4)),
    'probe loss': Number(r.loss.toPrecision(4)),
    '‖g‖': Number(r.gradNorm!.toPrecision(4)),
    gᵀHg: Number(r.gHg!.toPrecision(4)),
    εgᵀg: Number(r.firstOrder!.toPrecision(4)),
    '½ε²gᵀHg': Number(r.secondOrder!.toPrecision(4)),
    λmax: Number(r.topEigenvalue!.toPrecision(4)),
    'record s': Number(r.seconds.toFixed(2)),
  }));
  summary.push({
    epoch: 'overhead',
    'val error': null,
    'probe loss': null,
    '‖g‖': null,
    gᵀHg: null,
    εgᵀg: null,
    '½ε²gᵀHg': null,
    λmax: null,
    'record s': `+${(100 * overhead).toFixed(0)}%: ${withSeconds.toFixed(1)} s vs ${withoutSeconds.toFixed(1)} s`,
  });
  return summary;
}

function seriesOf(o: Outcome): ExperimentResult['series'] {
  const { records, miniNorm, withSeconds, withoutSeconds, recordSeconds, overhead } = o;
  const ep = records.map((r) => r.epoch);
  const gn = records.map((r) => r.gradNorm!);
  const miniEpochs = miniNorm.map((_, k) => k + 0.5);
  const epochsOut = o.history.epochs;
  return {
    curvature: {
      step: records.map((r) => r.step),
      epoch: ep,
      valError: records.map((r) => r.valError),
      loss: records.map((r) => r.loss),
      gradNorm: gn,
      gHg: records.map((r) => r.gHg!),
      firstOrder: records.map((r) => r.firstOrder!),
      secondOrder: records.map((r) => r.secondOrder!),
      topEigenvalue: records.map((r) => r.topEigenvalue!),
      topResidual: records.map((r) => r.topResidual!),
      matvecs: records.map((r) => r.matvecs),
      seconds: records.map((r) => r.seconds),
    },
    'minibatch-grad-norm': { epoch: miniEpochs, meanNorm: miniNorm },
    epochs: {
      epoch: epochsOut.map((e) => e.epoch),
      valLoss: epochsOut.map((e) => e.valLoss!),
      valError: epochsOut.map((e) => 1 - e.valAccuracy!),
    },
    timing: {
      withRecording: [withSeconds],
      withoutRecording: [withoutSeconds],
      recordSeconds: [recordSeconds],
      overhead: [overhead],
      matvecs: [o.matvecs],
    },
  };
}

function figuresOf(o: Outcome, cfg: Setting, subtitle: string): ExperimentResult['figures'] {
  const { records, miniNorm } = o;
  const ep = records.map((r) => r.epoch);
  const gn = records.map((r) => r.gradNorm!);
  const miniEpochs = miniNorm.map((_, k) => k + 0.5);
  return [
    {
      name: 'fig8-1',
      title: 'Gradient norm and classification error during training (fig 8.1)',
      caption:
        'Left: the gradient norm on a fixed batch of training examples (solid) and the mean norm of the minibatch gradients SGD stepped with (dashed). Right: the validation classification error. The error falls steadily while the gradient norm does not shrink with it.',
      spec: panelsSpec({
        title: 'Gradient norm and classification error during training',
        subtitle,
        panels: [
          lineChartSpec({
            title: 'gradient norm',
            series: [
              { name: '‖g‖, fixed batch', x: ep, y: gn },
              { name: 'mean minibatch ‖g‖', x: miniEpochs, y: miniNorm, dashed: true },
            ],
            xTitle: 'training time (epochs)',
            yTitle: 'gradient norm ‖g‖',
            legend: 'bottom',
            width: 320,
            height: 240,
          }),
          lineChartSpec({
            title: 'validation classification error',
            series: [{ name: 'error rate', x: ep, y: records.map((r) => r.valError) }],
            xTitle: 'training time (epochs)',
            yTitle: 'classification error rate',
            width: 320,
            height: 240,
          }),
        ],
      }),
    },
    {
      name: 'criterion',
      title: 'The two terms of the step criterion',
      caption:
        'εgᵀg (first-order decrease) and ½ε²gᵀHg (second-order increase) of a gradient step with the learning rate used, and gᵀHg itself, log scale. A step raises the cost when the second-order term exceeds the first. gᵀHg grows by more than an order of magnitude early in training.',
      spec: lineChartSpec({
        title: 'Step criterion: ½ε²gᵀHg against εgᵀg',
        subtitle,
        series: [
          { name: 'εgᵀg (first-order decrease)', x: ep, y: records.map((r) => r.firstOrder!) },
          {
            name: '½ε²gᵀHg (second-order increase)',
            x: ep,
            y: records.map((r) => r.secondOrder!),
          },
          {
            name: 'gᵀHg (curvature along g)',
            x: ep,
            y: records.map((r) => r.gHg!),
            dashed: true,
          },
        ],
        xTitle: 'training time (epochs)',
        yTitle: 'εgᵀg, ½ε²gᵀHg (change in cost); gᵀHg',
        logY: true,
      }),
    },
    {
      name: 'curvature',
      title: 'Curvature along the gradient and the top Hessian eigenvalue',
      caption:
        'gᵀHg/gᵀg (the curvature in the direction of the gradient) and the largest Hessian eigenvalue λmax (Lanczos) on the fixed batch; 2/ε marks where plain gradient descent with this learning rate becomes unstable along the top eigenvector.',
      spec: lineChartSpec({
        title: 'Curvature along g and the top Hessian eigenvalue',
        subtitle,
        series: [
          { name: 'gᵀHg / gᵀg', x: ep, y: records.map((r) => r.gHg! / r.gg!) },
          { name: 'λmax', x: ep, y: records.map((r) => r.topEigenvalue!) },
        ],
        xTitle: 'training time (epochs)',
        yTitle: 'curvature',
        logY: true,
        hlines: [{ y: 2 / cfg.lr, label: `2/ε = ${2 / cfg.lr}` }],
      }),
    },
  ];
}

export const illConditioning: Experiment = {
  name: 'ill-conditioning',
  title: 'Ill-conditioning on a real network: ‖g‖, gᵀHg and the step criterion during training',
  summary:
    'Per-epoch ‖g‖, gᵀHg (exact Hessian-vector products), ½ε²gᵀHg vs εgᵀg and the top Hessian eigenvalue while SGD trains an MNIST MLP (DL fig 8.1)',
  description:
    'Deep Learning §8.2.1: a gradient step of size ε changes the cost by −εgᵀg + ½ε²gᵀHg to second order, so it raises the cost when ½ε²gᵀHg exceeds εgᵀg. Fig 8.1 shows that during successful training the gradient norm does not shrink (it even grows) while the classification error falls; the book explains that gᵀHg grows by more than an order of magnitude, so the step must stay small despite a strong gradient. An MLP is trained on MNIST with SGD through `fit`; a curvature recorder measures ‖g‖, gᵀHg, both terms of the criterion and the top Hessian eigenvalue (Lanczos, exact Hessian-vector products) on a fixed batch of training examples at step 0, every quarter epoch of the first epoch and every epoch; the norm of the minibatch gradients SGD used is averaged per epoch. The run is repeated without recording to measure the overhead.',
  expected:
    'While the error falls, ‖g‖ does not shrink (it grows at first); gᵀHg and the ratio ½εgᵀHg/gᵀg grow by an order of magnitude or more; the top eigenvalue grows.',
  async run(ctx): Promise<ExperimentResult> {
    const cfg = ctx.quick ? QUICK : FULL;
    const d = setUp(ctx, cfg);
    const run1 = await recordedRun(ctx, cfg, d);
    const run2 = await plainRun(ctx, cfg, d, run1.theta);
    const overhead = run1.withSeconds / run2.withoutSeconds - 1;
    const o: Outcome = { ...run1, ...run2, overhead };
    const checks = checksOf(o);
    const summary = summaryOf(o);
    ctx.log(
      `overhead of recording: ${run1.withSeconds.toFixed(1)} s with, ${run2.withoutSeconds.toFixed(1)} s without (+${(100 * overhead).toFixed(0)}%); ${run1.matvecs} Hessian-vector products`,
    );
    const n = cfg.probe;
    const subtitle = `${cfg.sizes.join('-')} ReLU, SGD ε = ${cfg.lr}, batch ${cfg.batch}; measured on ${n} fixed training examples`;
    return {
      settings: {
        network: cfg.sizes.join('-'),
        activation: 'relu',
        init: 'glorot-uniform',
        optimizer: `sgd lr ${cfg.lr}`,
        batchSize: cfg.batch,
        epochs: cfg.epochs,
        trainSize: d.train.data.n,
        validationSize: d.val.data.n,
        probeBatch: n,
        lanczosSteps: cfg.lanczos,
        recordAt: 'step 0, every quarter epoch of epoch 1, every epoch end',
        data: `${ctx.data}${d.ds.source === 'builtin' ? ' (built-in 10,000-digit subset)' : ''}`,
      },
      summary,
      series: seriesOf(o),
      checks,
      extra: {
        overhead: {
          withSeconds: run1.withSeconds,
          withoutSeconds: run2.withoutSeconds,
          recordSeconds: run1.recordSeconds,
          fraction: overhead,
          records: run1.records.length,
          matvecs: run1.matvecs,
        },
      },
      figures: figuresOf(o, cfg, subtitle),
    };
  },
};
