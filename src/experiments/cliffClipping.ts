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
import { chain, clipByGlobalNorm, scaleByLearningRate, sgd, step } from '../optim/index.js';
import { contourPlotSpec, lineChartSpec } from '../report/index.js';
import { Tensor } from '../tensor/index.js';
import type { Check, Experiment, ExperimentResult } from './types.js';

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

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1]!;
};

export const cliffClipping: Experiment = {
  name: 'cliff-clipping',
  title: 'A cliff in a recurrent map, and gradient clipping',
  summary:
    'Gradient descent on x_t = wσ(x_{t−1}) + b (T = 50) is thrown off a cliff; norm clipping keeps it near the valley (DL figs 8.3, 10.17)',
  description:
    'A single-unit recurrent network x_t = w σ(x_{t−1}) + b, x₀ = 0.5, iterated T = 50 times, with loss (x_T − 0.7)² (the example of Pascanu, Mikolov & Bengio 2013). Where the map switches between its two fixed points the loss has a cliff, a wall with a huge gradient next to it (Deep Learning §8.2.4, fig 8.3). Gradient descent with and without norm clipping (§10.11.1, fig 10.17) runs from the same start; gradients come from reverse-mode autodiff through the 50 steps.',
  expected:
    'Without clipping a step that reaches the cliff throws the parameters far away; with norm clipping they stay near the valley and reach low loss.',
  async run(ctx): Promise<ExperimentResult> {
    const start: [number, number] = [8, -2.5];
    const lr = 0.005;
    const clip = 10;
    const steps = ctx.quick ? 300 : 600;
    ctx.progress.start(2, 'gradient descent');
    const plain = descend(start, lr, steps, null);
    ctx.progress.tick(1, 'without clipping');
    const clipped = descend(start, lr, steps, clip);
    ctx.progress.tick(1, `clipped at ${clip}`);

    const checks: Check[] = [];
    const jumpAt = plain.stepLen.indexOf(Math.max(...plain.stepLen));
    const jump = plain.stepLen[jumpAt]!;
    const med = median(plain.stepLen);
    checks.push({
      name: 'without clipping, a step at the cliff throws the parameters far away',
      expected: 'largest step ≥ 100 × the median step and ≥ 1',
      observed: `largest step ${jump.toFixed(2)} at step ${jumpAt} (‖g‖ = ${plain.gradNorm[jumpAt]!.toExponential(2)}); median step ${med.toExponential(2)}`,
      passed: jump >= 100 * med && jump >= 1,
    });
    const maxClipped = Math.max(...clipped.stepLen);
    checks.push({
      name: 'with clipping, every step is at most ε·v',
      expected: `max step ≤ ${lr}·${clip} = ${lr * clip}`,
      observed: `max step ${maxClipped.toExponential(3)}`,
      passed: maxClipped <= lr * clip * (1 + 1e-12),
    });
    const lastC = clipped.loss[clipped.loss.length - 1]!;
    const lastP = plain.loss[plain.loss.length - 1]!;
    const endC = clipped.theta[clipped.theta.length - 1]!;
    const farC = Math.max(...clipped.theta.map(([w, b]) => Math.hypot(w - start[0], b - start[1])));
    checks.push({
      name: 'with clipping, the run stays near the valley and reaches low loss',
      expected: `final loss ≤ 0.01 × initial loss (${clipped.loss[0]!.toFixed(2)}) and every iterate within 5 of the start`,
      observed: `final loss ${lastC.toFixed(4)} at (${endC[0].toFixed(3)}, ${endC[1].toFixed(3)}); farthest ${farC.toFixed(2)} from the start; without clipping final loss ${lastP.toFixed(4)}`,
      passed: lastC <= 0.01 * clipped.loss[0]! && farC <= 5,
    });

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
    const summary = [
      {
        run: 'plain gradient descent',
        ε: lr,
        clip: 'none',
        'largest step': jump,
        'median step': med,
        'largest ‖g‖': Math.max(...plain.gradNorm),
        'final w': plain.theta[steps]![0],
        'final b': plain.theta[steps]![1],
        'final loss': lastP,
      },
      {
        run: 'clipped gradient descent',
        ε: lr,
        clip,
        'largest step': maxClipped,
        'median step': median(clipped.stepLen),
        'largest ‖g‖': Math.max(...clipped.gradNorm),
        'final w': endC[0],
        'final b': endC[1],
        'final loss': lastC,
      },
    ];
    const seriesOf = (r: Run) => ({
      step: r.theta.map((_, k) => k),
      w: r.theta.map((p) => p[0]),
      b: r.theta.map((p) => p[1]),
      loss: r.loss,
      gradNorm: [...r.gradNorm, Number.NaN],
      stepLength: [...r.stepLen, Number.NaN],
    });
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
      },
      summary,
      series: { 'gd-plain': seriesOf(plain), 'gd-clipped': seriesOf(clipped) },
      checks,
      figures: [
        {
          name: 'surface',
          title: 'The loss surface with its cliff, and both runs',
          caption: `Contours of log(1 + L(w, b)); the dense band of lines running down and to the right is the cliff, where L jumps by tens. Both runs start at (${start.join(', ')}) with ε = ${lr}. Without clipping, step ${jumpAt} lands next to the wall, where ‖g‖ ≈ ${plain.gradNorm[jumpAt]!.toExponential(1)}, and is thrown ${jump.toFixed(1)} units away; with clipping at ‖g‖ ≤ ${clip} every step is at most ${lr * clip} long and the run follows the valley.`,
          spec: contourPlotSpec({
            title: 'Gradient descent near a cliff, with and without clipping',
            subtitle: `x_t = w σ(x_{t−1}) + b, T = ${T}, loss (x_T − ${TARGET})²; contours of log(1 + loss)`,
            f: (w, b) => Math.log1p(lossPlain(w, b)),
            xRange: wr,
            yRange: br,
            resolution: ctx.quick ? 161 : 241,
            levelCount: 20,
            levelSpacing: 'linear',
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
          caption:
            'The loss of both runs: the unclipped run is set back where it is thrown off the cliff.',
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
      ],
    };
  },
};
