/**
 * Experiment 12 — a cliff and gradient clipping (Goodfellow et al. §8.2.4,
 * fig 8.3; §10.11.1, fig 10.17; Pascanu, Mikolov & Bengio 2013, §3).
 *
 * A one-unit recurrent network with two parameters, iterated T steps:
 *
 *   x_t = w σ(x_{t−1}) + b,   x_0 = 0.5,   L(w, b) = (x_T − 0.7)²,   T = 50.
 *
 * For w ≳ 4 the map has two stable fixed points (x ≈ b and x ≈ w + b); which one
 * x_T ends near flips abruptly as (w, b) crosses the boundary of their basins, so
 * L has a cliff: a wall across which it jumps by tens of units, with a gradient
 * that is enormous in a thin band next to it (∂x_T/∂θ is a product of T Jacobians).
 * Plain gradient descent that steps into the band is thrown far away; with
 * norm clipping (CORRECTIONS #11: if ‖g‖ > v then g ← g v/‖g‖) a step is at most
 * ε·v long and the run stays in the valley and reaches low loss.
 *
 * Gradients are exact, by reverse-mode autodiff through the T-step recurrence;
 * the surface for the picture is the same recurrence evaluated on a grid.
 */
import * as ad from '../autodiff/index.js';
import { sortedAscending, upperMedian } from '../linalg/index.js';
import { chain, clipByGlobalNorm, scaleByLearningRate, sgd, step } from '../optim/index.js';
import { barChartSpec, contourPlotSpec, lineChartSpec } from '../report/index.js';
import { Tensor } from '../tensor/index.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

const T = 50;
const X0 = 0.5;
const TARGET = 0.7;

/** L(θ) for θ = [w, b], differentiable (autodiff through all T steps). */
export function cliffLoss(theta: Tensor): Tensor {
  const w = ad.slice(theta, [0], [1]);
  const b = ad.slice(theta, [1], [1]);
  let x: Tensor = ad.add(ad.mul(w, 0), X0);
  for (let t = 0; t < T; t++) x = ad.add(ad.mul(w, ad.sigmoid(x)), b);
  return ad.sum(ad.square(ad.sub(x, TARGET)));
}

/** The same loss in plain arithmetic, for the surface grid. */
function lossPlain(w: number, b: number): number {
  let x = X0;
  for (let t = 0; t < T; t++) x = w / (1 + Math.exp(-x)) + b;
  return (x - TARGET) ** 2;
}

interface Run {
  theta: [number, number][];
  loss: number[];
  gradNorm: number[];
  /** ‖θ_{k+1} − θ_k‖ for each step. */
  stepLen: number[];
}

/** Gradient descent with learning rate lr, optionally with clipByGlobalNorm(clip). */
function descend(start: [number, number], lr: number, steps: number, clip: number | null): Run {
  const vg = ad.valueAndGrad(cliffLoss);
  const opt = clip === null ? sgd({ lr }) : chain(clipByGlobalNorm(clip), scaleByLearningRate(lr));
  const theta = Float64Array.from(start);
  const state = opt.init(theta);
  const g = new Float64Array(2);
  const run: Run = { theta: [[theta[0]!, theta[1]!]], loss: [], gradNorm: [], stepLen: [] };
  for (let k = 0; k < steps; k++) {
    const [v, gr] = vg(new Tensor(Float64Array.from(theta), [2]));
    g.set(gr.data);
    run.loss.push(v.item());
    run.gradNorm.push(Math.hypot(g[0]!, g[1]!));
    const before: [number, number] = [theta[0]!, theta[1]!];
    step(opt, theta, g, state);
    run.theta.push([theta[0]!, theta[1]!]);
    run.stepLen.push(Math.hypot(theta[0]! - before[0], theta[1]! - before[1]));
  }
  run.loss.push(lossPlain(theta[0]!, theta[1]!));
  return run;
}

/** Farthest any iterate of a run gets from its start. */
function excursion(r: Run): number {
  const [w0, b0] = r.theta[0]!;
  let far = 0;
  for (const [w, b] of r.theta) far = Math.max(far, Math.hypot(w - w0, b - b0));
  return far;
}

/**
 * Both descents from each start of a grid around the cliff: how far each is
 * carried from its start, its largest single step, its final loss.
 */
function fromManyStarts(starts: [number, number][], lr: number, steps: number, clip: number) {
  return starts.map((start) => {
    const p = descend(start, lr, steps, null);
    const c = descend(start, lr, steps, clip);
    return {
      start,
      initialLoss: p.loss[0]!,
      plain: { far: excursion(p), jump: Math.max(...p.stepLen), loss: p.loss[steps]! },
      clipped: { far: excursion(c), jump: Math.max(...c.stepLen), loss: c.loss[steps]! },
    };
  });
}

// ---- Settings

const START: [number, number] = [8, -2.5];
const LR = 0.005;
const CLIP = 10;
/** One update this long is 20 of the largest clipped steps (ε·v = 0.05). */
const THROWN = 1;

// ---- Compute

/** Both runs from START: plain and clipped gradient descent. */
function fromStart(ctx: ExperimentContext) {
  const start = START;
  const lr = LR;
  const clip = CLIP;
  const steps = ctx.quick ? 300 : 600;
  ctx.progress.start(2, 'gradient descent');
  const plain = descend(start, lr, steps, null);
  ctx.progress.tick(1, 'without clipping');
  const clipped = descend(start, lr, steps, clip);
  ctx.progress.tick(1, `clipped at ${clip}`);
  const jumpAt = plain.stepLen.indexOf(Math.max(...plain.stepLen));
  const jump = plain.stepLen[jumpAt]!;
  const med = upperMedian(plain.stepLen);
  const maxClipped = Math.max(...clipped.stepLen);
  const lastC = clipped.loss[clipped.loss.length - 1]!;
  const lastP = plain.loss[plain.loss.length - 1]!;
  return { steps, plain, clipped, jumpAt, jump, med, maxClipped, lastC, lastP };
}

/** The book's point over many starts: is the descent propelled away from the cliff? */
function fromGrid(ctx: ExperimentContext, steps: number) {
  const lr = LR;
  const clip = CLIP;
  const grid: [number, number][] = [];
  const ws = ctx.quick ? [7, 8, 9] : [6, 7, 8, 9, 10];
  const bs = ctx.quick ? [-2.5, -3.5] : [-1.5, -2.5, -3.5, -4.5];
  for (const w of ws) for (const b of bs) grid.push([w, b]);
  const manySteps = ctx.quick ? 200 : steps;
  ctx.progress.start(grid.length, 'starts around the cliff');
  const many = fromManyStarts(grid, lr, manySteps, clip);
  ctx.progress.tick(grid.length, 'done');
  const thrownPlain = many.filter((m) => m.plain.jump >= THROWN && m.plain.far > m.clipped.far);
  const farClipped = Math.max(...many.map((m) => m.clipped.far));
  const descended = many.filter((m) => m.clipped.loss < m.initialLoss);
  const better = many.filter((m) => m.plain.loss < m.clipped.loss).length;
  return { grid, manySteps, many, thrownPlain, farClipped, descended, better };
}

type Outcome = ReturnType<typeof fromStart> & ReturnType<typeof fromGrid>;

// ---- Checks

function checksOf(o: Outcome): Check[] {
  const { plain, jumpAt, jump, med, maxClipped, grid, many, thrownPlain, descended, farClipped } =
    o;
  const lr = LR;
  const clip = CLIP;
  return [
    {
      name: 'without clipping, a step at the cliff throws the parameters far away',
      expected: 'largest step ≥ 100 × the median step and ≥ 1',
      observed: `largest step ${jump.toFixed(2)} at step ${jumpAt} (‖g‖ = ${plain.gradNorm[jumpAt]!.toExponential(2)}); median step ${med.toExponential(2)}`,
      passed: jump >= 100 * med && jump >= 1,
    },
    {
      name: 'with clipping, every step is at most ε·v',
      expected: `max step ≤ ${lr}·${clip} = ${lr * clip}`,
      observed: `max step ${maxClipped.toExponential(3)}`,
      passed: maxClipped <= lr * clip * (1 + 1e-12),
    },
    {
      name: 'over a grid of starts, unclipped descent is thrown by the cliff; clipped descent is not, and still descends',
      expected: `unclipped: from ≥ half of the ${grid.length} starts one update ≥ ${THROWN} (20·ε·v) carries it farther than the clipped run gets; clipped: final loss below the initial loss from every start`,
      observed: `unclipped thrown from ${thrownPlain.length} of ${grid.length} starts (largest update ${Math.max(...many.map((m) => m.plain.jump)).toFixed(1)}, farthest ${Math.max(...many.map((m) => m.plain.far)).toFixed(1)}); clipped descends from ${descended.length} of ${grid.length} (farthest ${farClipped.toFixed(2)})`,
      passed: thrownPlain.length >= grid.length / 2 && descended.length === grid.length,
    },
  ];
}

// ---- Tables and figures

function summaryOf(o: Outcome) {
  const { plain, clipped, jump, maxClipped, lastP, lastC, grid, many } = o;
  const start = START;
  const lr = LR;
  const clip = CLIP;
  const lossText = (v: number[]) => {
    const sorted = sortedAscending(v);
    return `median ${upperMedian(sorted).toExponential(1)}, worst ${sorted.at(-1)!.toExponential(1)}`;
  };
  const row = (
    run: string,
    c: number | string,
    big: number,
    far: number,
    loss: number | string,
  ) => ({
    run,
    ε: lr,
    clip: c,
    'largest step': big,
    'farthest from start': far,
    'final loss': loss,
  });
  return [
    row(`start (${start.join(', ')}), no clipping`, 'none', jump, excursion(plain), lastP),
    row(`start (${start.join(', ')}), clipped`, clip, maxClipped, excursion(clipped), lastC),
    row(
      `${grid.length} starts, no clipping`,
      'none',
      Math.max(...many.map((m) => m.plain.jump)),
      Math.max(...many.map((m) => m.plain.far)),
      lossText(many.map((m) => m.plain.loss)),
    ),
    row(
      `${grid.length} starts, clipped`,
      clip,
      Math.max(...many.map((m) => m.clipped.jump)),
      Math.max(...many.map((m) => m.clipped.far)),
      lossText(many.map((m) => m.clipped.loss)),
    ),
  ];
}

/** One run's path, loss, gradient norms and step lengths as a series. */
function seriesOfRun(r: Run) {
  return {
    step: r.theta.map((_, k) => k),
    w: r.theta.map((p) => p[0]),
    b: r.theta.map((p) => p[1]),
    loss: r.loss,
    gradNorm: [...r.gradNorm, Number.NaN],
    stepLength: [...r.stepLen, Number.NaN],
  };
}

function figuresOf(o: Outcome, quick: boolean): ExperimentResult['figures'] {
  const { plain, clipped, jumpAt, jump, med, lastP, lastC, grid, manySteps, many } = o;
  const { thrownPlain, farClipped, better } = o;
  const start = START;
  const lr = LR;
  const clip = CLIP;
  // Frame: the valley and the cliff, extended to wherever the unclipped run was thrown.
  const all = [...plain.theta, ...clipped.theta].filter(
    ([w, b]) => Number.isFinite(w) && Number.isFinite(b),
  );
  const wr: [number, number] = [
    Math.min(-2, Math.floor(Math.min(...all.map((p) => p[0])) - 1)),
    Math.max(12, Math.ceil(Math.max(...all.map((p) => p[0])) + 1)),
  ];
  const br: [number, number] = [
    Math.min(-8, Math.floor(Math.min(...all.map((p) => p[1])) - 1)),
    Math.max(6, Math.ceil(Math.max(...all.map((p) => p[1])) + 1)),
  ];
  return [
    {
      name: 'surface',
      title: 'The loss surface with its cliff, and both runs',
      caption: `Filled contours of log(1 + L(w, b)) (colour bar at the right); the dense band of lines running down and to the right is the cliff, where L jumps by tens. Both runs start at (${start.join(', ')}) with ε = ${lr}. Without clipping, step ${jumpAt} lands next to the wall, where ‖g‖ ≈ ${plain.gradNorm[jumpAt]!.toExponential(1)}, and is thrown ${jump.toFixed(1)} units away; with clipping at ‖g‖ ≤ ${clip} every step is at most ${lr * clip} long and the run follows the valley.`,
      spec: contourPlotSpec({
        title: 'Gradient descent near a cliff, with and without clipping',
        subtitle: `x_t = w σ(x_{t−1}) + b, T = ${T}, loss (x_T − ${TARGET})²; contours of log(1 + loss)`,
        f: (w, b) => Math.log1p(lossPlain(w, b)),
        xRange: wr,
        yRange: br,
        resolution: quick ? 161 : 241,
        levelCount: 20,
        levelSpacing: 'linear',
        valueTitle: 'log(1 + L)',
        equalAspect: true,
        width: 520,
        paths: [
          {
            name: 'no clipping',
            x: plain.theta.map((p) => p[0]),
            y: plain.theta.map((p) => p[1]),
          },
          {
            name: `clipped, ‖g‖ ≤ ${clip}`,
            x: clipped.theta.map((p) => p[0]),
            y: clipped.theta.map((p) => p[1]),
          },
        ],
        markers: false,
        xTitle: 'w (recurrent weight)',
        yTitle: 'b (bias)',
        legend: 'bottom',
      }),
    },
    {
      name: 'steps',
      title: 'Length of each step',
      caption: `‖θ_{k+1} − θ_k‖ per step: plain gradient descent's steps are ≈ ${med.toExponential(1)} except where it meets the cliff; the clipped run never exceeds ε·v = ${lr * clip}.`,
      spec: lineChartSpec({
        title: 'Step length per update',
        subtitle: `ε = ${lr}; clipping threshold v = ${clip}`,
        series: [
          { name: 'no clipping', x: plain.stepLen.map((_, k) => k), y: plain.stepLen },
          {
            name: `clipped, ‖g‖ ≤ ${clip}`,
            x: clipped.stepLen.map((_, k) => k),
            y: clipped.stepLen,
          },
        ],
        xTitle: 'update',
        yTitle: '‖θ_{k+1} − θ_k‖',
        logY: true,
        hlines: [{ y: lr * clip, label: 'ε·v' }],
        legend: 'bottom',
      }),
    },
    {
      name: 'loss',
      title: 'Loss per update',
      caption: `The loss of both runs from (${start.join(', ')}). At update ${jumpAt} the unclipped run is thrown ${jump.toFixed(1)} units and its loss jumps to ${plain.loss[jumpAt + 1]!.toPrecision(3)}: the progress made so far is lost. Where it lands it happens to find another way down and ends at ${lastP.toExponential(1)}, ${lastP < lastC ? 'below' : 'above'} the clipped run's ${lastC.toExponential(1)}; clipping does not promise a lower final loss, it keeps the descent from being thrown (see the figure over ${grid.length} starts).`,
      spec: lineChartSpec({
        title: 'Loss per update',
        subtitle: `start (${start.join(', ')}), ε = ${lr}`,
        series: [
          { name: 'no clipping', x: plain.loss.map((_, k) => k), y: plain.loss },
          { name: `clipped, ‖g‖ ≤ ${clip}`, x: clipped.loss.map((_, k) => k), y: clipped.loss },
        ],
        xTitle: 'update',
        yTitle: 'loss (x_T − 0.7)²',
        logY: true,
        legend: 'bottom',
      }),
    },
    {
      name: 'starts',
      title: `How far each run is carried, from ${grid.length} starts`,
      caption: `From each start (w, b) around the cliff, ${manySteps} updates with ε = ${lr}: the farthest the parameters get from their start. Without clipping ${thrownPlain.length} of ${grid.length} runs are thrown by a single update ≥ ${THROWN} long at the cliff (20 times the longest clipped update) and carried farther than the clipped run; with clipping no run gets farther than ${farClipped.toFixed(2)}, and every one ends below its initial loss. Final losses are in the table and starts.csv: the unclipped run ends lower from ${better} of ${grid.length} starts, because a thrown run can land somewhere with an easy way down.`,
      spec: barChartSpec({
        title: 'Farthest distance from the start',
        subtitle: `${manySteps} updates, ε = ${lr}; clipping at ‖g‖ ≤ ${clip}`,
        categories: many.flatMap((m) => [`(${m.start.join(', ')})`, `(${m.start.join(', ')})`]),
        groups: many.flatMap(() => ['no clipping', `clipped, ‖g‖ ≤ ${clip}`]),
        values: many.flatMap((m) => [m.plain.far, m.clipped.far]),
        xTitle: 'start (w, b)',
        yTitle: 'max_k ‖θ_k − θ_0‖',
        logY: true,
        legend: 'bottom',
      }),
    },
  ];
}

export const cliffClipping: Experiment = {
  name: 'cliff-clipping',
  title: 'A cliff in a recurrent map, and gradient clipping',
  summary:
    'Gradient descent on x_t = wσ(x_{t−1}) + b (T = 50) is thrown off a cliff; norm clipping keeps it near the valley (DL figs 8.3, 10.17)',
  description:
    'A single-unit recurrent network x_t = w σ(x_{t−1}) + b, x₀ = 0.5, iterated T = 50 times, with loss (x_T − 0.7)² (the example of Pascanu, Mikolov & Bengio 2013). Where the map switches between its two fixed points the loss has a cliff, a wall with a huge gradient next to it (Deep Learning §8.2.4, fig 8.3). Gradient descent with and without norm clipping (§10.11.1, fig 10.17) runs from the same start, then from a grid of starts around the cliff; gradients come from reverse-mode autodiff through the 50 steps.',
  expected:
    'Without clipping a step that reaches the cliff throws the parameters far away (fig 10.17, left); with norm clipping the descent reacts moderately, may climb the cliff face, but is never propelled away from the steep region (fig 10.17, right). Clipping is about not being thrown: where a thrown run lands it may still go on to a low loss.',
  async run(ctx): Promise<ExperimentResult> {
    const one = fromStart(ctx);
    const o: Outcome = { ...one, ...fromGrid(ctx, one.steps) };
    const { plain, clipped, steps, grid, manySteps, many } = o;
    const start = START;
    const lr = LR;
    const clip = CLIP;
    return {
      settings: {
        recurrence: 'x_t = w σ(x_{t−1}) + b',
        x0: X0,
        T,
        target: TARGET,
        start,
        lr,
        clipNorm: clip,
        steps,
        starts: grid,
        stepsPerStart: manySteps,
      },
      summary: summaryOf(o),
      series: {
        'gd-plain': seriesOfRun(plain),
        'gd-clipped': seriesOfRun(clipped),
        starts: {
          w: many.map((m) => m.start[0]),
          b: many.map((m) => m.start[1]),
          plainLargestStep: many.map((m) => m.plain.jump),
          plainFarthest: many.map((m) => m.plain.far),
          plainFinalLoss: many.map((m) => m.plain.loss),
          clippedLargestStep: many.map((m) => m.clipped.jump),
          clippedFarthest: many.map((m) => m.clipped.far),
          clippedFinalLoss: many.map((m) => m.clipped.loss),
        },
      },
      checks: checksOf(o),
      figures: figuresOf(o, ctx.quick),
    };
  },
};
