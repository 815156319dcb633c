/**
 * Experiment 14 — the cost along the line between the initial and the final
 * parameters (Goodfellow et al. fig 8.2, after Goodfellow, Vinyals & Saxe,
 * "Qualitatively characterizing neural network optimization problems", ICLR 2015):
 *
 *   J((1 − α)θ₀ + αθ₁),  α ∈ [−0.5, 1.5],
 *
 * θ₀ the initial and θ₁ the final parameters of an MNIST network trained by SGD
 * (through `fit`), on the training set and on held-out data. The book: along
 * this line the cost falls smoothly and (nearly) monotonically — a straight path
 * from θ₀ to θ₁ meets no barrier, even though SGD itself travels a longer,
 * curved route. A second run from the same θ₀ with another minibatch order gives
 * θ₂; the plane through θ₀, θ₁, θ₂ (`lossOnPlane`), J(θ₀ + α(θ₁ − θ₀) + β(θ₂ − θ₀)),
 * is drawn as contours with both SGD trajectories projected onto it (least
 * squares in (α, β), per epoch).
 */
import { loadDataset, take } from '../data/index.js';
import { linspace, lossAlongLine, lossOnPlane } from '../diagnostics/index.js';
import type { Model } from '../nn/index.js';
import { mlp } from '../nn/index.js';
import { sgd } from '../optim/index.js';
import { contourPlotSpec, lineChartSpec } from '../report/index.js';
import { evaluate, fit, type TrainData } from '../train/index.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

/** θ ↦ J(θ) on `data` (evaluation mode); the model's own θ is restored after. */
export function lossAt(model: Model, data: TrainData): (theta: Float64Array) => number {
  const saved = new Float64Array(model.size);
  return (theta) => {
    saved.set(model.theta);
    model.theta.set(theta);
    model.eval();
    const r = evaluate(model, data).loss;
    model.theta.set(saved);
    return r;
  };
}

/**
 * Least-squares coordinates (α, β) of θ in the plane θ₀ + α d₁ + β d₂
 * (d₁ = θ₁ − θ₀, d₂ = θ₂ − θ₀), and the distance of θ from the plane relative to ‖θ − θ₀‖.
 */
export function planeCoordinates(
  theta: ArrayLike<number>,
  t0: ArrayLike<number>,
  t1: ArrayLike<number>,
  t2: ArrayLike<number>,
): { alpha: number; beta: number; offPlane: number } {
  let a11 = 0;
  let a12 = 0;
  let a22 = 0;
  let b1 = 0;
  let b2 = 0;
  let rr = 0;
  for (let i = 0; i < theta.length; i++) {
    const d1 = t1[i]! - t0[i]!;
    const d2 = t2[i]! - t0[i]!;
    const r = theta[i]! - t0[i]!;
    a11 += d1 * d1;
    a12 += d1 * d2;
    a22 += d2 * d2;
    b1 += d1 * r;
    b2 += d2 * r;
    rr += r * r;
  }
  const det = a11 * a22 - a12 * a12;
  const alpha = (a22 * b1 - a12 * b2) / det;
  const beta = (a11 * b2 - a12 * b1) / det;
  // ‖r − αd₁ − βd₂‖² = rr − (αb₁ + βb₂) for the least-squares solution
  const res = Math.max(0, rr - (alpha * b1 + beta * b2));
  return { alpha, beta, offPlane: rr > 0 ? Math.sqrt(res / rr) : 0 };
}

// ---- Settings

interface Setting {
  sizes: number[];
  /** Training / test examples (0: the whole split). */
  nTrain: number;
  nTest: number;
  epochs: number;
  lr: number;
  batch: number;
  /** Points on the line, points per side of the plane grid, examples the plane is evaluated on. */
  line: number;
  plane: number;
  planeN: number;
}

const QUICK: Setting = {
  sizes: [784, 32, 10],
  nTrain: 800,
  nTest: 400,
  epochs: 3,
  lr: 0.1,
  batch: 50,
  line: 21,
  plane: 9,
  planeN: 300,
};
const FULL: Setting = {
  sizes: [784, 100, 100, 10],
  nTrain: 0,
  nTest: 0,
  epochs: 10,
  lr: 0.1,
  batch: 100,
  line: 41,
  plane: 25,
  planeN: 2000,
};

// ---- Compute

/** θ₀, its losses, and two SGD runs from it with different minibatch orders (θ₁, θ₂ and their paths). */
async function train(ctx: ExperimentContext, cfg: Setting) {
  const ds = loadDataset(ctx.data);
  const trainSet: TrainData = { data: cfg.nTrain ? take(ds.train, cfg.nTrain) : ds.train };
  const test: TrainData = { data: cfg.nTest ? take(ds.test, cfg.nTest) : ds.test };
  const modelSeed = ctx.rng.int(2 ** 31);
  const model = mlp({ sizes: cfg.sizes, activation: 'relu', init: 'he-normal', seed: modelSeed });
  const theta0 = Float64Array.from(model.theta);
  model.eval();
  const j0 = { train: evaluate(model, trainSet).loss, test: evaluate(model, test).loss };

  const runFrom = async (seed: number) => {
    model.theta.set(theta0);
    const path: Float64Array[] = [Float64Array.from(theta0)];
    const h = await fit(model, trainSet, {
      optimizer: sgd({ lr: cfg.lr }),
      batchSize: cfg.batch,
      epochs: cfg.epochs,
      validation: test,
      seed,
      progress: ctx.progress,
      recordSteps: false,
      callbacks: { onEpoch: (_e, v) => void path.push(Float64Array.from(v.theta)) },
    });
    return { theta: Float64Array.from(model.theta), history: h, path };
  };
  const run1 = await runFrom(ctx.rng.int(2 ** 31));
  const run2 = await runFrom(ctx.rng.int(2 ** 31));
  const last = run1.history.epochs[run1.history.epochs.length - 1]!;
  const theta1 = run1.theta;
  return { ds, train: trainSet, test, model, theta0, j0, run1, run2, last, theta1 };
}

type Trained = Awaited<ReturnType<typeof train>>;

/** The cost along the line θ₀ → θ₁ (train and test) and on the plane through θ₀, θ₁, θ₂. */
function measure(ctx: ExperimentContext, cfg: Setting, t: Trained) {
  const { model, train, test, theta0, theta1, run2 } = t;
  const alphas = linspace(-0.5, 1.5, cfg.line);
  ctx.progress.start(2 * alphas.length, 'line');
  const tick =
    <T>(f: (t: Float64Array) => T) =>
    (t: Float64Array) => {
      const r = f(t);
      ctx.progress.tick();
      return r;
    };
  const lineTrain = lossAlongLine(tick(lossAt(model, train)), theta0, theta1, alphas);
  const lineTest = lossAlongLine(tick(lossAt(model, test)), theta0, theta1, alphas);
  ctx.progress.stop();
  const grid = linspace(-0.5, 1.5, cfg.plane);
  const planeData: TrainData = { data: take(train.data, Math.min(cfg.planeN, train.data.n)) };
  ctx.progress.start(grid.length * grid.length, 'plane');
  const plane = lossOnPlane(tick(lossAt(model, planeData)), theta0, theta1, run2.theta, grid, grid);
  ctx.progress.stop();
  model.theta.set(theta1);
  return { alphas, lineTrain, lineTest, grid, planeData, plane };
}

type Outcome = Trained & ReturnType<typeof measure> & ReturnType<typeof derive>;

/** Where the line meets α = 0 and 1, its rises and drop, and the trajectories in plane coordinates. */
function derive(t: Trained, m: ReturnType<typeof measure>) {
  const { theta0, theta1, run1, run2 } = t;
  const { alphas, lineTrain } = m;
  const at = (a: number) => alphas.findIndex((x) => Math.abs(x - a) < 1e-12);
  const i0 = at(0);
  const i1 = at(1);
  const inside = Array.from(lineTrain.loss.slice(i0, i1 + 1));
  let rise = 0;
  for (let k = 1; k < inside.length; k++) rise += Math.max(0, inside[k]! - inside[k - 1]!);
  const drop = inside[0]! - inside[inside.length - 1]!;
  let argmin = 0;
  for (let k = 1; k < alphas.length; k++)
    if (lineTrain.loss[k]! < lineTrain.loss[argmin]!) argmin = k;
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * (1 + Math.abs(b));

  const proj = (path: Float64Array[]) =>
    path.map((t) => planeCoordinates(t, theta0, theta1, run2.theta));
  const p1 = proj(run1.path);
  const p2 = proj(run2.path);
  const maxOff = Math.max(...p1.map((p) => p.offPlane), ...p2.map((p) => p.offPlane));
  return { i0, i1, rise, drop, argmin, close, p1, p2, maxOff };
}

// ---- Checks

function checksOf(o: Outcome): Check[] {
  const { j0, last, lineTrain, lineTest, i0, i1, close, drop, rise } = o;
  return [
    {
      name: 'the line starts at the recorded loss of θ₀',
      expected: `J(α = 0) = J(θ₀) = ${j0.train.toFixed(6)} (train), ${j0.test.toFixed(6)} (test), to 1e-9`,
      observed: `${lineTrain.loss[i0]!.toFixed(6)}, ${lineTest.loss[i0]!.toFixed(6)}`,
      passed: close(lineTrain.loss[i0]!, j0.train) && close(lineTest.loss[i0]!, j0.test),
    },
    {
      name: 'the line ends at the loss fit recorded for θ₁',
      expected: `J(α = 1) = ${last.trainLoss.toFixed(6)} (train), ${last.valLoss!.toFixed(6)} (test), to 1e-9`,
      observed: `${lineTrain.loss[i1]!.toFixed(6)}, ${lineTest.loss[i1]!.toFixed(6)}`,
      passed:
        close(lineTrain.loss[i1]!, last.trainLoss) && close(lineTest.loss[i1]!, last.valLoss!),
    },
    {
      name: 'the training cost falls (nearly) monotonically from θ₀ to θ₁',
      expected:
        'J(0) > J(1) and the sum of the rises between grid points on [0, 1] ≤ 1% of the drop',
      observed: `drop ${drop.toFixed(4)}, rises ${rise.toExponential(2)}`,
      passed: drop > 0 && rise <= 0.01 * drop,
    },
  ];
}

// ---- Tables and figures

function summaryOf(o: Outcome): ExperimentResult['summary'] {
  const { j0, last, alphas, argmin, lineTrain, lineTest, run2 } = o;
  const fmt = (v: number) => Number(v.toPrecision(5));
  return [
    {
      point: 'θ₀ (α = 0)',
      'train loss': fmt(j0.train),
      'test loss': fmt(j0.test),
      'test accuracy': null,
    },
    {
      point: 'θ₁ (α = 1)',
      'train loss': fmt(last.trainLoss),
      'test loss': fmt(last.valLoss!),
      'test accuracy': fmt(last.valAccuracy!),
    },
    {
      point: `minimum on the line (α = ${alphas[argmin]!.toFixed(2)})`,
      'train loss': fmt(lineTrain.loss[argmin]!),
      'test loss': fmt(lineTest.loss[argmin]!),
      'test accuracy': null,
    },
    {
      point: 'θ₂ (second run)',
      'train loss': fmt(run2.history.epochs[run2.history.epochs.length - 1]!.trainLoss),
      'test loss': fmt(run2.history.epochs[run2.history.epochs.length - 1]!.valLoss!),
      'test accuracy': fmt(run2.history.epochs[run2.history.epochs.length - 1]!.valAccuracy!),
    },
  ];
}

function logDistances(ctx: ExperimentContext, o: Outcome): void {
  const { theta0, theta1, run2, maxOff } = o;
  let dist = 0;
  let dist12 = 0;
  for (let i = 0; i < theta0.length; i++) {
    dist += (theta1[i]! - theta0[i]!) ** 2;
    dist12 += (theta1[i]! - run2.theta[i]!) ** 2;
  }
  ctx.log(
    `‖θ₁ − θ₀‖ = ${Math.sqrt(dist).toFixed(3)}, ‖θ₁ − θ₂‖ = ${Math.sqrt(dist12).toFixed(3)}; trajectories leave the plane by at most ${(100 * maxOff).toFixed(1)}% of ‖θ − θ₀‖`,
  );
}

function seriesOf(o: Outcome): ExperimentResult['series'] {
  const { alphas, lineTrain, lineTest, plane, grid, p1, p2 } = o;
  return {
    line: {
      alpha: Array.from(alphas),
      train: Array.from(lineTrain.loss),
      test: Array.from(lineTest.loss),
    },
    plane: {
      alpha: Array.from(plane.loss, (_, k) => grid[k % grid.length]!),
      beta: Array.from(plane.loss, (_, k) => grid[Math.floor(k / grid.length)]!),
      loss: Array.from(plane.loss),
    },
    'trajectory-1': {
      epoch: p1.map((_, k) => k),
      alpha: p1.map((p) => p.alpha),
      beta: p1.map((p) => p.beta),
      offPlane: p1.map((p) => p.offPlane),
    },
    'trajectory-2': {
      epoch: p2.map((_, k) => k),
      alpha: p2.map((p) => p.alpha),
      beta: p2.map((p) => p.beta),
      offPlane: p2.map((p) => p.offPlane),
    },
  };
}

function figuresOf(o: Outcome, cfg: Setting): ExperimentResult['figures'] {
  const { alphas, lineTrain, lineTest, plane, grid, p1, p2 } = o;
  const lo = Math.min(...plane.loss);
  const hi = Math.max(...plane.loss);
  const levels = Array.from({ length: 14 }, (_, k) => lo * (hi / lo) ** ((k + 0.5) / 14));
  return [
    {
      name: 'loss-line',
      title: 'Cost along the line θ = (1 − α)θ₀ + αθ₁',
      caption:
        'α = 0 is the initialisation, α = 1 the parameters after training (dotted lines mark both). The cost falls smoothly along the straight line from θ₀ to θ₁.',
      spec: withVerticalRules(
        lineChartSpec({
          title: 'Cost along the line from θ₀ to θ₁',
          subtitle: `${cfg.sizes.join('-')} ReLU on MNIST, SGD lr ${cfg.lr}, ${cfg.epochs} epochs`,
          series: [
            { name: 'training set', x: alphas, y: lineTrain.loss },
            { name: 'test set', x: alphas, y: lineTest.loss, dashed: true },
          ],
          xTitle: 'α',
          yTitle: 'J((1 − α)θ₀ + αθ₁)',
          logY: true,
          legend: 'top-right',
        }),
        [
          { x: 0, label: 'θ₀' },
          { x: 1, label: 'θ₁' },
        ],
      ),
    },
    {
      name: 'loss-plane',
      title: 'Cost on the plane through θ₀, θ₁ and θ₂',
      caption:
        'J(θ₀ + α(θ₁ − θ₀) + β(θ₂ − θ₀)) on training examples (contours log-spaced). θ₁ at (1, 0) and θ₂ at (0, 1) are the ends of two SGD runs from θ₀ with different minibatch orders; their trajectories, one point per epoch, are projected onto the plane.',
      spec: contourPlotSpec({
        title: 'Cost on the plane through θ₀, θ₁ and θ₂',
        subtitle:
          'contours of the training cost (log-spaced); SGD trajectories projected, one point per epoch',
        grid: { xs: grid, ys: grid, z: plane.loss },
        levels,
        xRange: [-0.5, 1.5],
        yRange: [-0.5, 1.5],
        paths: [
          { name: 'SGD run 1 → θ₁', x: p1.map((p) => p.alpha), y: p1.map((p) => p.beta) },
          { name: 'SGD run 2 → θ₂', x: p2.map((p) => p.alpha), y: p2.map((p) => p.beta) },
        ],
        xTitle: 'α (towards θ₁)',
        yTitle: 'β (towards θ₂)',
        valueTitle: 'training cost J',
        equalAspect: true,
        width: 420,
        legend: 'bottom',
      }),
    },
  ];
}

export const lossLine: Experiment = {
  name: 'loss-line',
  title: 'Cost along the line from the initial to the final parameters',
  summary:
    'J((1 − α)θ₀ + αθ₁) for α ∈ [−0.5, 1.5] on an MNIST network, train and held-out, plus the plane through a second solution (DL fig 8.2)',
  description:
    'Goodfellow, Vinyals & Saxe (2015) and Deep Learning fig 8.2: evaluate the cost on the straight line through the initial parameters θ₀ (α = 0) and the parameters θ₁ found by SGD (α = 1), extended to α ∈ [−0.5, 1.5]. For the networks they studied the cost falls smoothly and almost monotonically along that line: no barrier separates the start from the solution, though SGD does not walk the straight line. Here an MLP is trained on MNIST with `fit`; a second run from the same θ₀ with another minibatch order gives θ₂, and the cost on the plane through θ₀, θ₁, θ₂ is drawn with both trajectories projected onto it.',
  expected:
    'The training cost is (nearly) monotone decreasing from α = 0 to α = 1, and the values at α = 0 and 1 equal the losses recorded for θ₀ and θ₁. Whether it keeps falling past α = 1 depends on how far training went (reported, not asserted).',
  async run(ctx): Promise<ExperimentResult> {
    const cfg = ctx.quick ? QUICK : FULL;
    const t = await train(ctx, cfg);
    const m = measure(ctx, cfg, t);
    const o: Outcome = { ...t, ...m, ...derive(t, m) };
    const checks = checksOf(o);
    const summary = summaryOf(o);
    logDistances(ctx, o);
    const { ds, test, planeData } = o;
    return {
      settings: {
        network: cfg.sizes.join('-'),
        activation: 'relu',
        init: 'he-normal',
        optimizer: `sgd lr ${cfg.lr}`,
        batchSize: cfg.batch,
        epochs: cfg.epochs,
        trainSize: o.train.data.n,
        testSize: test.data.n,
        alphas: `${cfg.line} points in [−0.5, 1.5]`,
        plane: `${cfg.plane}×${cfg.plane} points in [−0.5, 1.5]², on ${planeData.data.n} training examples`,
        data: `${ctx.data}${ds.source === 'builtin' ? ' (built-in 10,000-digit subset; the book used 60,000)' : ''}`,
      },
      summary,
      series: seriesOf(o),
      checks,
      figures: figuresOf(o, cfg),
    };
  },
};

/** Adds dotted vertical rules with labels at the top to a layered line chart. */
function withVerticalRules<S>(spec: S, rules: { x: number; label: string }[]): S {
  const s = spec as unknown as { layer: unknown[] };
  s.layer.unshift({
    data: { values: rules },
    layer: [
      {
        mark: { type: 'rule', strokeDash: [2, 3], color: '#666', strokeWidth: 1 },
        encoding: { x: { field: 'x', type: 'quantitative' } },
      },
      {
        mark: {
          type: 'text',
          baseline: 'top',
          dy: 4,
          dx: 4,
          align: 'left',
          y: 0,
          color: '#444',
          fontSize: 11.5,
        },
        encoding: { x: { field: 'x', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  });
  return spec;
}
