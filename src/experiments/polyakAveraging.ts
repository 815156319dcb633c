/**
 * Experiment 17 (part 1) — Polyak averaging of an oscillating trajectory
 * (Goodfellow et al. §8.7.3; Polyak & Juditsky 1992).
 *
 * SGD with a large constant step and noisy gradients on the bowl
 * f(x, y) = ½(x² + 10y²):
 *
 *   θ ← θ − ε(∇f(θ) + σξ),   ξ ~ N(0, I),   ε = 0.18, σ = 1.
 *
 * Along y the factor 1 − 10ε = −0.8 makes the iterate flip sign every step, and
 * the noise keeps every iterate at a stationary distance from the minimum:
 * per coordinate E[θᵢ²] = ε²σ² / (1 − (1 − ελᵢ)²). The averages
 *
 *   arithmetic (Polyak):  θ̂_t = (1/(t − s)) Σ_{i>s} θ_i   (after a burn-in of s steps),
 *   exponential:          θ̂_t = α θ̂_{t−1} + (1 − α) θ_t,
 *
 * cancel the oscillation and average out the noise: the Polyak average's
 * error falls like 1/√t, the exponential one's levels off at a floor set by α.
 * Uses optim's `sgd`, `polyak` and `ema` (averaging.ts).
 */
import { ema, polyak, sgd, step } from '../optim/index.js';
import type { Rng } from '../random/index.js';
import { contourPlotSpec, lineChartSpec } from '../report/index.js';
import { runPolyakNetwork } from './polyakNetwork.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

const LAMBDA = [1, 10];
const f = (x: number, y: number) => 0.5 * (LAMBDA[0]! * x * x + LAMBDA[1]! * y * y);

interface Trial {
  iterate: [number, number][];
  polyak: [number, number][];
  ema: [number, number][];
}

function trial(
  rng: Rng,
  start: [number, number],
  steps: number,
  lr: number,
  sigma: number,
  burnIn: number,
  decay: number,
): Trial {
  const theta = Float64Array.from(start);
  const g = new Float64Array(2);
  const opt = sgd({ lr });
  const s = opt.init(theta);
  const pa = polyak({ start: burnIn });
  const ps = pa.init(theta);
  const ea = ema({ decay });
  const es = ea.init(theta);
  const out: Trial = {
    iterate: [[theta[0]!, theta[1]!]],
    polyak: [[Number.NaN, Number.NaN]],
    ema: [[theta[0]!, theta[1]!]],
  };
  for (let k = 0; k < steps; k++) {
    for (let i = 0; i < 2; i++) g[i] = LAMBDA[i]! * theta[i]! + sigma * rng.normal();
    step(opt, theta, g, s);
    pa.update(ps, theta);
    ea.update(es, theta);
    out.iterate.push([theta[0]!, theta[1]!]);
    // Before the burn-in ends the Polyak average is empty (NaN: not drawn).
    out.polyak.push(ps.n > 0 ? [ps.average[0]!, ps.average[1]!] : [Number.NaN, Number.NaN]);
    out.ema.push([es.average[0]!, es.average[1]!]);
  }
  return out;
}

const dist = (p: [number, number]) => Math.hypot(p[0], p[1]);

// ---- Settings

const SETTING = {
  lr: 0.18,
  sigma: 1,
  burnIn: 50,
  decay: 0.99,
  start: [4, 2] as [number, number],
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// ---- Compute

/** Noisy SGD on the quadratic from `start`, `trials` times, with its Polyak and exponential averages. */
function runQuadratic(ctx: ExperimentContext, steps: number, trials: number) {
  const { lr, sigma, burnIn, decay, start } = SETTING;
  ctx.progress.start(trials, 'trials');
  const runs: Trial[] = [];
  for (let r = 0; r < trials; r++) {
    runs.push(trial(ctx.rng.split(), start, steps, lr, sigma, burnIn, decay));
    ctx.progress.tick();
  }
  return runs;
}

/** Final distances, the stationary mean square (measured and in theory), the oscillation. */
function statsOf(runs: Trial[], steps: number) {
  const { lr, sigma } = SETTING;
  const finalIt = mean(runs.map((t) => dist(t.iterate[steps]!)));
  const finalPa = mean(runs.map((t) => dist(t.polyak[steps]!)));
  const finalEma = mean(runs.map((t) => dist(t.ema[steps]!)));
  // Stationary mean squared distance of the iterates, measured over the second half and in theory.
  const msTheory = LAMBDA.reduce(
    (s, l) => s + (lr * lr * sigma * sigma) / (1 - (1 - lr * l) ** 2),
    0,
  );
  const msMeasured = mean(
    runs.flatMap((t) => t.iterate.slice(steps / 2).map((p) => p[0] * p[0] + p[1] * p[1])),
  );
  // Sign flips of y in the last 100 steps of the first trial: the oscillation.
  const ys = runs[0]!.iterate.slice(-101).map((p) => p[1]);
  const flips = ys.slice(1).filter((y, k) => Math.sign(y) !== Math.sign(ys[k]!)).length;
  return { finalIt, finalPa, finalEma, msTheory, msMeasured, flips };
}

type Stats = ReturnType<typeof statsOf>;

// ---- Checks

function checksOf(runs: Trial[], st: Stats, steps: number, trials: number): Check[] {
  const { burnIn } = SETTING;
  const { finalIt, finalPa, finalEma, msTheory, msMeasured, flips } = st;
  const checks: Check[] = [
    {
      name: 'the trajectory oscillates and does not settle',
      expected: `y changes sign on ≥ 60 of the last 100 steps; mean ‖θ‖² over the second half within 15% of Σ ε²σ²/(1 − (1 − ελᵢ)²) = ${msTheory.toFixed(4)}`,
      observed: `${flips} sign changes; mean ‖θ‖² = ${msMeasured.toFixed(4)}`,
      passed: flips >= 60 && Math.abs(msMeasured / msTheory - 1) < 0.15,
    },
    {
      name: 'the Polyak average is much closer to the minimum than the last iterate',
      expected: `mean over ${trials} trials of ‖θ̂ − θ*‖ at step ${steps} < 0.15 × that of the last iterate`,
      observed: `${finalPa.toExponential(2)} vs ${finalIt.toExponential(2)} (ratio ${(finalPa / finalIt).toFixed(3)})`,
      passed: finalPa < 0.15 * finalIt,
    },
    {
      name: 'the exponential average (α = 0.99) is much closer than the last iterate',
      expected: 'mean distance < 0.4 × that of the last iterate, and > that of the Polyak average',
      observed: `${finalEma.toExponential(2)} (ratio ${(finalEma / finalIt).toFixed(3)})`,
      passed: finalEma < 0.4 * finalIt && finalEma > finalPa,
    },
  ];
  // Polyak error falls like 1/√t: from step 10·burnIn to the end, the mean distance shrinks by ≈ √(ratio of counts).
  const tA = Math.min(steps, 10 * burnIn);
  const dA = mean(runs.map((t) => dist(t.polyak[tA]!)));
  const expectShrink = Math.sqrt((steps - burnIn) / (tA - burnIn));
  checks.push({
    name: 'the Polyak average keeps improving like 1/√t',
    expected: `distance at step ${tA} / distance at step ${steps} within [0.6, 1.6] × √((${steps} − ${burnIn})/(${tA} − ${burnIn})) = ${expectShrink.toFixed(2)}`,
    observed: (dA / finalPa).toFixed(2),
    passed: dA / finalPa >= 0.6 * expectShrink && dA / finalPa <= 1.6 * expectShrink,
  });
  return checks;
}

// ---- Tables and figures

/** The quadratic part as a result of its own (settings, summary, series, checks, figures). */
function quadraticResult(
  runs: Trial[],
  st: Stats,
  steps: number,
  trials: number,
  checks: Check[],
): ExperimentResult {
  const { lr, sigma, burnIn, decay, start } = SETTING;
  const { finalIt, finalPa, finalEma, msTheory } = st;
  // Mean distance per step over trials, for the figure and the CSV (thinned to ≤ 2000 rows).
  const every = Math.max(1, Math.floor(steps / 2000));
  const idx = Array.from({ length: Math.floor(steps / every) + 1 }, (_, i) => i * every);
  const meanAt = (key: keyof Trial) => idx.map((k) => mean(runs.map((t) => dist(t[key][k]!))));
  const dIt = meanAt('iterate');
  const dPa = meanAt('polyak');
  const dEma = meanAt('ema');
  const show = runs[0]!;
  const shown = Math.min(steps, 250);
  const xy = (ps: [number, number][], from = 0) => ({
    x: ps.slice(from, shown + 1).map((p) => p[0]),
    y: ps.slice(from, shown + 1).map((p) => p[1]),
  });
  return {
    settings: {
      f: '½(x² + 10y²)',
      start,
      lr,
      sigma,
      steps,
      trials,
      polyakBurnIn: burnIn,
      emaDecay: decay,
    },
    summary: [
      {
        estimate: 'last iterate θ_T',
        'mean ‖· − θ*‖ at T': finalIt,
        'relative to last iterate': 1,
      },
      {
        estimate: `Polyak average (after ${burnIn} steps)`,
        'mean ‖· − θ*‖ at T': finalPa,
        'relative to last iterate': finalPa / finalIt,
      },
      {
        estimate: `exponential average (α = ${decay})`,
        'mean ‖· − θ*‖ at T': finalEma,
        'relative to last iterate': finalEma / finalIt,
      },
    ],
    series: {
      distance: { step: idx, iterate: dIt, polyak: dPa, ema: dEma },
      'trajectory-trial0': {
        step: show.iterate.map((_, k) => k),
        x: show.iterate.map((p) => p[0]),
        y: show.iterate.map((p) => p[1]),
        polyakX: show.polyak.map((p) => p[0]),
        polyakY: show.polyak.map((p) => p[1]),
        emaX: show.ema.map((p) => p[0]),
        emaY: show.ema.map((p) => p[1]),
      },
    },
    checks,
    figures: [
      {
        name: 'trajectory',
        title: 'The SGD trajectory and its averages',
        caption: `First ${shown} steps of one trial from (${start.join(', ')}) (top right): the iterates jump across the valley at every step and scatter around the minimum; the Polyak average (from step ${burnIn}) and the exponential average (α = ${decay}) drift smoothly to it.`,
        spec: contourPlotSpec({
          title: 'Noisy SGD on ½(x² + 10y²) and its averages',
          subtitle: `ε = ${lr}, gradient noise σ = ${sigma}; first ${shown} steps`,
          f,
          xRange: [-1.5, 4.5],
          yRange: [-2.2, 2.2],
          equalAspect: true,
          width: 560,
          paths: [
            { name: 'SGD iterates', ...xy(show.iterate) },
            { name: `Polyak average (from step ${burnIn})`, ...xy(show.polyak, burnIn + 1) },
            { name: `exponential average, α = ${decay}`, ...xy(show.ema) },
          ],
          markers: false,
          // The Polyak path begins after the burn-in, inside the cloud: a "start" ring there would mislead.
          markStart: false,
          minimum: [0, 0],
          legend: 'bottom',
        }),
      },
      {
        name: 'distance',
        title: 'Distance to the minimum per step',
        caption: `Mean over ${trials} trials of the distance to the minimum: the iterates stay at ≈ ${Math.sqrt(msTheory).toFixed(2)} (the stationary RMS), the exponential average levels off lower, and the Polyak average keeps falling like 1/√t.`,
        spec: lineChartSpec({
          title: 'Distance to the minimum: iterate vs averages',
          subtitle: `mean over ${trials} trials; ε = ${lr}, σ = ${sigma}`,
          series: [
            { name: 'last iterate', x: idx, y: dIt },
            { name: 'Polyak average', x: idx, y: dPa },
            { name: `exponential average (α = ${decay})`, x: idx, y: dEma },
          ],
          xTitle: 'step',
          yTitle: '‖θ − θ*‖',
          logX: true,
          logY: true,
          legend: 'bottom',
        }),
      },
    ],
  };
}

/** One result for both parts: the quadratic's and the network's. */
function combine(quadratic: ExperimentResult, net: Partial<ExperimentResult>): ExperimentResult {
  return {
    settings: { quadratic: quadratic.settings, network: net.settings ?? {} },
    // one table for both parts: a row per estimate and measure, nothing left blank
    summary: [
      ...quadratic.summary.map((r) => ({
        problem: 'quadratic',
        estimate: r.estimate ?? null,
        measure: 'mean ‖θ − θ*‖ at T',
        value: r['mean ‖· − θ*‖ at T'] ?? null,
        'relative to last iterate': r['relative to last iterate'] ?? null,
      })),
      ...(['test accuracy', 'test loss'] as const).flatMap((measure) => {
        const rows = net.summary ?? [];
        const last = rows[0]?.[measure];
        return rows.map((r) => ({
          problem: 'network',
          estimate: r.parameters ?? null,
          measure,
          value: r[measure] ?? null,
          'relative to last iterate':
            typeof r[measure] === 'number' && typeof last === 'number' ? r[measure] / last : null,
        }));
      }),
    ],
    series: { ...quadratic.series, ...(net.series ?? {}) },
    checks: [...quadratic.checks, ...(net.checks ?? [])],
    figures: [...quadratic.figures, ...(net.figures ?? [])],
  };
}

export const polyakAveraging: Experiment = {
  name: 'polyak-averaging',
  title: 'Polyak and exponential averaging of an oscillating SGD trajectory',
  summary:
    'Arithmetic and exponential averages of noisy, oscillating SGD iterates on a bowl are far closer to the minimum (DL §8.7.3)',
  description:
    "SGD with a large constant step (ε = 0.18) and noisy gradients (σ = 1) on f(x, y) = ½(x² + 10y²) oscillates across the steep direction and never settles: the noise holds every iterate at a stationary distance from the minimum. The arithmetic (Polyak) average of the iterates after a burn-in, and the exponential average with α = 0.99, cancel the oscillation and the noise (Deep Learning §8.7.3). The same averages of an MNIST network's weights during minibatch SGD are evaluated on the test set: their accuracy and loss against the last iterate's.",
  expected:
    'The averaged iterate is much closer to the minimum than the last iterate; the Polyak average keeps improving like 1/√t, the exponential average levels off.',
  async run(ctx): Promise<ExperimentResult> {
    const steps = ctx.quick ? 2000 : 10000;
    const trials = ctx.quick ? 20 : 100;
    const runs = runQuadratic(ctx, steps, trials);
    const st = statsOf(runs, steps);
    const checks = checksOf(runs, st, steps, trials);
    // part 2: the same averages of a network's weights during minibatch training
    const net = await runPolyakNetwork(ctx);
    return combine(quadraticResult(runs, st, steps, trials, checks), net);
  },
};
