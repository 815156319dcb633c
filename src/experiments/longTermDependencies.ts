/**
 * Experiment 21 — long-term dependencies (Goodfellow et al. §8.2.5 and §10.7;
 * §10.10.1 for the LSTM).
 *
 * A vanilla tanh RNN, h⁽ᵗ⁾ = tanh(x⁽ᵗ⁾W_x + h⁽ᵗ⁻¹⁾W_h + b), sends the gradient
 * of a loss L at the last step T back to step T − k through the product
 *
 *   ∂L/∂h⁽ᵀ⁻ᵏ⁾ = [Π_{s=T−k+1..T} diag(1 − h⁽ˢ⁾²) W_h] ∂L/∂h⁽ᵀ⁾ ,
 *
 * so in the linear regime (small inputs, h ≈ 0, tanh′ ≈ 1) it is W_h^k times
 * ∂L/∂h⁽ᵀ⁾ (eq. 8.11: W^t = V diag(λ)^t V⁻¹): with W_h = ρQ (Q orthogonal,
 * every eigenvalue of modulus ρ) its norm is exactly ρ^k times the last one —
 * it vanishes exponentially for ρ < 1, stays for ρ = 1, explodes for ρ > 1.
 * Larger inputs saturate the tanh units (1 − h² < 1), which makes the gradient
 * vanish faster and tames the explosion.
 *
 * The LSTM carries its state along c⁽ᵗ⁾ = f⁽ᵗ⁾ ⊙ c⁽ᵗ⁻¹⁾ + i⁽ᵗ⁾ ⊙ g⁽ᵗ⁾, whose
 * self-loop weight is the forget gate f = σ(b_f + …): ∂L/∂c⁽ᵀ⁻ᵏ⁾ shrinks roughly
 * like the product of the forget gates, about σ(b_f)^k. With b_f = 1 (§10.10.1,
 * Gers et al. 2000; Jozefowicz et al. 2015) σ(1) ≈ 0.73 per step, with b_f = 0
 * σ(0) = 0.5: the gradient survives many more steps.
 *
 * Measured here: for a batch of sequences, L = Σ_b u_bᵀh_b⁽ᵀ⁾ with random unit
 * u_b, one backward pass gives ‖∂L/∂h⁽ᵗ⁾‖ (RNN) or ‖∂L/∂c⁽ᵗ⁾‖ (LSTM) for every
 * t; the curves are the gain ‖∂L/∂h⁽ᵀ⁻ᵏ⁾‖ / ‖∂L/∂h⁽ᵀ⁾‖ against the number of
 * steps k the gradient has flowed back. Uses src/nn's RNN and LSTM modules.
 */
import { gradients, mul, sum } from '../autodiff/index.js';
import { orthogonal } from '../init/index.js';
import { linearFit, norm } from '../linalg/index.js';
import { LSTM, ParameterSet, RNN } from '../nn/index.js';
import { liveContext } from '../nn/module.js';
import type { Rng } from '../random/index.js';
import { lineChartSpec, lineGridSpec } from '../report/index.js';
import { randn, type Tensor } from '../tensor/index.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult } from './types.js';

interface Setting {
  T: number;
  hidden: number;
  features: number;
  batch: number;
  radii: number[];
  forgetBiases: number[];
  /** Input standard deviation of the linear regime. */
  smallInput: number;
}

/** Random directions u_b of unit norm, one per sequence: L = Σ_b u_bᵀh_b⁽ᵀ⁾. */
function unitRows(batch: number, hidden: number, rng: Rng): Tensor {
  const u = randn([batch, hidden], rng);
  for (let b = 0; b < batch; b++) {
    let s = 0;
    for (let j = 0; j < hidden; j++) s += u.data[b * hidden + j]! ** 2;
    const r = 1 / Math.sqrt(s);
    for (let j = 0; j < hidden; j++) u.data[b * hidden + j] = u.data[b * hidden + j]! * r;
  }
  return u;
}

/** gain[k] = ‖∂L/∂s⁽ᵀ⁻ᵏ⁾‖ / ‖∂L/∂s⁽ᵀ⁾‖ for k = 0..T−1 from the list of states s⁽¹⁾..s⁽ᵀ⁾. */
function gains(loss: Tensor, states: Tensor[]): number[] {
  const gs = gradients(loss, states);
  const T = states.length;
  const last = norm(gs[T - 1]!.data);
  const out: number[] = [];
  for (let k = 0; k < T; k++) out.push(norm(gs[T - 1 - k]!.data) / last);
  return out;
}

/** Gain of a tanh RNN with W_h = ρ·(random orthogonal), inputs N(0, inputStd²). */
export function rnnGain(
  s: Setting,
  rho: number,
  inputStd: number,
  rng: Rng,
): { gain: number[]; meanAbsH: number } {
  const ps = new ParameterSet('float64');
  const rnn = new RNN(ps, 'rnn', s.features, s.hidden, { recurrentInit: orthogonal(rho) });
  ps.allocate(rng);
  const x = randn([s.T, s.batch, s.features], rng, { std: inputStd });
  const { hiddens, last } = rnn.run(x, liveContext(false));
  const loss = sum(mul(last, unitRows(s.batch, s.hidden, rng)));
  let a = 0;
  for (const h of hiddens) for (let i = 0; i < h.data.length; i++) a += Math.abs(h.data[i]!);
  return { gain: gains(loss, hiddens), meanAbsH: a / (s.T * s.batch * s.hidden) };
}

/** Gain along the LSTM cell state with forget-gate bias b_f, inputs N(0, 1). */
export function lstmGain(s: Setting, forgetBias: number, rng: Rng): number[] {
  const ps = new ParameterSet('float64');
  const lstm = new LSTM(ps, 'lstm', s.features, s.hidden, { forgetBias });
  ps.allocate(rng);
  const x = randn([s.T, s.batch, s.features], rng);
  const { cells, last } = lstm.run(x, liveContext(false));
  const loss = sum(mul(last, unitRows(s.batch, s.hidden, rng)));
  return gains(loss, cells);
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

const QUICK: Setting = {
  T: 40,
  hidden: 16,
  features: 4,
  batch: 4,
  radii: [0.9, 1, 1.1],
  forgetBiases: [0, 1],
  smallInput: 1e-6,
};
const FULL: Setting = {
  T: 120,
  hidden: 64,
  features: 10,
  batch: 16,
  radii: [0.8, 0.9, 0.95, 1, 1.05, 1.1],
  forgetBiases: [0, 1, 2],
  smallInput: 1e-7,
};

/** The gains of every network: tanh RNN per ρ with small and unit inputs, LSTM per forget bias. */
function measure(ctx: ExperimentContext, s: Setting) {
  const ks = Array.from({ length: s.T }, (_, k) => k);
  const units = s.radii.length * 2 + s.forgetBiases.length;
  ctx.progress.start(units, 'networks');
  const linear = new Map<number, number[]>();
  const saturated = new Map<number, { gain: number[]; meanAbsH: number }>();
  const linearH = new Map<number, number>();
  for (const rho of s.radii) {
    const r = rnnGain(s, rho, s.smallInput, ctx.rng.split());
    linear.set(rho, r.gain);
    linearH.set(rho, r.meanAbsH);
    ctx.progress.tick(1, `RNN ρ = ${rho}`);
    saturated.set(rho, rnnGain(s, rho, 1, ctx.rng.split()));
    ctx.progress.tick(1, `RNN ρ = ${rho}, unit inputs`);
  }
  const lstm = new Map<number, number[]>();
  for (const bf of s.forgetBiases) {
    lstm.set(bf, lstmGain(s, bf, ctx.rng.split()));
    ctx.progress.tick(1, `LSTM b_f = ${bf}`);
  }
  return { ks, linear, saturated, linearH, lstm };
}

type Outcome = ReturnType<typeof measure> & { s: Setting };

/** The fitted slope of log-gain against k. */
function slopeOf(ks: number[], g: number[]): number {
  return linearFit(
    ks,
    g.map((v) => Math.log(v)),
  ).slope;
}

function checksOf(o: Outcome): Check[] {
  const { s, linear, saturated, lstm } = o;
  const slope = (g: number[]) => slopeOf(o.ks, g);
  const kEnd = s.T - 1;
  const below = s.radii.filter((r) => r < 1);
  const above = s.radii.filter((r) => r > 1);
  const fmt = (v: number) => v.toFixed(4);
  const g1 = lstm.get(1)![kEnd]!;
  const g0 = lstm.get(0)![kEnd]!;
  return [
    {
      name: 'ρ < 1: the gradient vanishes exponentially (slope ≈ ln ρ < 0)',
      expected: 'log-gain slope < 0 and within 0.01 of ln ρ, for every ρ < 1 (linear regime)',
      observed: below
        .map((r) => `ρ ${r}: ${fmt(slope(linear.get(r)!))} vs ${fmt(Math.log(r))}`)
        .join('; '),
      passed: below.every((r) => {
        const b = slope(linear.get(r)!);
        return b < 0 && Math.abs(b - Math.log(r)) < 0.01;
      }),
    },
    {
      name: 'ρ = 1: the gradient neither vanishes nor explodes',
      expected: '|slope| < 0.01 and gain at the longest k within [0.5, 2]',
      observed: `slope ${fmt(slope(linear.get(1)!))}, gain ${linear.get(1)![kEnd]!.toPrecision(3)}`,
      passed:
        Math.abs(slope(linear.get(1)!)) < 0.01 &&
        Math.abs(Math.log(linear.get(1)![kEnd]!)) < Math.log(2),
    },
    {
      name: 'ρ > 1 with small inputs: the gradient explodes exponentially (slope ≈ ln ρ > 0)',
      expected: 'log-gain slope > 0 and within 0.01 of ln ρ, for every ρ > 1',
      observed: above
        .map((r) => `ρ ${r}: ${fmt(slope(linear.get(r)!))} vs ${fmt(Math.log(r))}`)
        .join('; '),
      passed: above.every((r) => {
        const b = slope(linear.get(r)!);
        return b > 0 && Math.abs(b - Math.log(r)) < 0.01;
      }),
    },
    {
      name: 'saturating tanh units shrink the gradient further (unit inputs)',
      expected: 'for every ρ, the slope with unit inputs is below the linear-regime slope',
      observed: s.radii
        .map(
          (r) => `ρ ${r}: ${fmt(slope(saturated.get(r)!.gain))} vs ${fmt(slope(linear.get(r)!))}`,
        )
        .join('; '),
      passed: s.radii.every((r) => slope(saturated.get(r)!.gain) < slope(linear.get(r)!)),
    },
    {
      name: 'LSTM: forget-gate bias 1 keeps a far larger gradient at long range than bias 0',
      expected: `gain at k = ${kEnd}: bias 1 ≥ 100 × bias 0, and slope(bias 1) > slope(bias 0)`,
      observed: `bias 1: ${g1.toExponential(2)} (slope ${fmt(slope(lstm.get(1)!))}), bias 0: ${g0.toExponential(2)} (slope ${fmt(slope(lstm.get(0)!))})`,
      passed: g1 >= 100 * g0 && slope(lstm.get(1)!) > slope(lstm.get(0)!),
    },
  ];
}

function seriesOf(o: Outcome): ExperimentResult['series'] {
  const { s, ks, linear, saturated, lstm } = o;
  const series: ExperimentResult['series'] = {};
  const rnnCols: Record<string, number[]> = { k: ks };
  for (const rho of s.radii) {
    rnnCols[`rho=${rho} small inputs`] = linear.get(rho)!;
    rnnCols[`rho=${rho} unit inputs`] = saturated.get(rho)!.gain;
  }
  series['rnn-gain'] = rnnCols;
  const lstmCols: Record<string, number[]> = { k: ks };
  for (const bf of s.forgetBiases) lstmCols[`forget bias ${bf}`] = lstm.get(bf)!;
  series['lstm-gain'] = lstmCols;
  return series;
}

function summaryOf(o: Outcome): ExperimentResult['summary'] {
  const { s, linear, saturated, linearH, lstm } = o;
  const slope = (g: number[]) => slopeOf(o.ks, g);
  const kEnd = s.T - 1;
  const summary: ExperimentResult['summary'] = [];
  for (const rho of s.radii) {
    summary.push({
      network: `tanh RNN, ρ = ${rho}, inputs σ = ${s.smallInput}`,
      'log-gain slope': slope(linear.get(rho)!),
      'theory ln ρ': Math.log(rho),
      [`gain at k = ${kEnd}`]: linear.get(rho)![kEnd]!,
      'mean |h|': linearH.get(rho)!,
    });
  }
  for (const rho of s.radii) {
    const r = saturated.get(rho)!;
    summary.push({
      network: `tanh RNN, ρ = ${rho}, inputs σ = 1`,
      'log-gain slope': slope(r.gain),
      'theory ln ρ': Math.log(rho),
      [`gain at k = ${kEnd}`]: r.gain[kEnd]!,
      'mean |h|': r.meanAbsH,
    });
  }
  for (const bf of s.forgetBiases) {
    summary.push({
      network: `LSTM, forget bias ${bf} (cell state)`,
      'log-gain slope': slope(lstm.get(bf)!),
      'theory ln ρ': `ln σ(${bf}) = ${Math.log(sigmoid(bf)).toFixed(3)}`,
      [`gain at k = ${kEnd}`]: lstm.get(bf)![kEnd]!,
      'mean |h|': null,
    });
  }
  return summary;
}

function figuresOf(o: Outcome): ExperimentResult['figures'] {
  const { s, ks, linear, saturated, lstm } = o;
  const rnnFigure = lineGridSpec({
    title: 'Gradient flowing back through a tanh RNN',
    subtitle: `W_h = ρ·Q (Q random orthogonal), ${s.hidden} units, ${s.batch} sequences of ${s.T} steps`,
    cells: [
      {
        title: `inputs σ = ${s.smallInput.toExponential(0)}: tanh ≈ linear`,
        series: s.radii.map((rho) => ({ name: `ρ = ${rho}`, x: ks, y: linear.get(rho)! })),
      },
      {
        title: 'inputs σ = 1: tanh units saturate',
        series: s.radii.map((rho) => ({
          name: `ρ = ${rho}`,
          x: ks,
          y: saturated.get(rho)!.gain,
        })),
      },
    ],
    columns: 2,
    xTitle: 'steps back k = T − t',
    yTitle: '‖∂L/∂h(T−k)‖ / ‖∂L/∂h(T)‖',
    logY: true,
    width: 320,
    height: 280,
    legend: 'bottom',
  });
  // wider gap between the panels so the last x label of one does not touch the first of the next
  (rnnFigure as { spacing?: unknown }).spacing = { column: 30, row: 16 };
  const lstmFigure = lineChartSpec({
    title: 'LSTM: gradient along the cell state by forget-gate bias',
    subtitle: `${s.hidden} units, inputs σ = 1, ${s.batch} sequences; dashed: ‖∂L/∂h‖ of a tanh RNN with ρ = 1 on the same inputs`,
    series: [
      ...s.forgetBiases.map((bf) => ({ name: `forget bias ${bf}`, x: ks, y: lstm.get(bf)! })),
      { name: 'tanh RNN, ρ = 1', x: ks, y: saturated.get(1)!.gain, dashed: true },
    ],
    xTitle: 'steps back k = T − t',
    yTitle: '‖∂L/∂c(T−k)‖ / ‖∂L/∂c(T)‖',
    logY: true,
    height: 340,
  });
  return [
    {
      name: 'rnn-gradient',
      title: 'Vanishing and exploding gradients in a tanh RNN',
      caption:
        'Gain of the backward pass after k steps, ‖∂L/∂h(T−k)‖ / ‖∂L/∂h(T)‖, log scale. Left, in the linear regime, it is ρ^k: a straight line of slope ln ρ — vanishing for ρ < 1, exploding for ρ > 1. Right, with unit inputs the saturating units multiply the gradient by 1 − h² < 1 at every step and even ρ > 1 vanishes.',
      spec: rnnFigure,
    },
    {
      name: 'lstm-gradient',
      title: 'LSTM forget-gate bias and long-range gradients',
      caption:
        'Gain along the LSTM cell state after k steps. The forget gate f = σ(b_f + …) is the self-loop weight of the cell; its bias sets the decay rate (σ(0) = 0.5, σ(1) ≈ 0.73, σ(2) ≈ 0.88 at the bias alone; the measured decay is slower, as the largest gates dominate the norm).',
      spec: lstmFigure,
    },
  ];
}

export const longTermDependencies: Experiment = {
  name: 'long-term-dependencies',
  title: 'Long-term dependencies: vanishing and exploding gradients through time',
  summary:
    'Gradient norm flowing back k steps through a tanh RNN (spectral radius < 1, = 1, > 1) and an LSTM with forget bias 0 vs 1 (DL §8.2.5, §10.7)',
  description:
    'The gradient of a loss at the last step of a recurrent network is multiplied, for every step it flows back, by the transposed recurrent Jacobian diag(1 − h²)W_h (Deep Learning §8.2.5, eq. 8.11, and §10.7). With W_h = ρQ (Q random orthogonal, so every eigenvalue has modulus ρ) and small inputs (tanh near-linear) its norm is ρ^k after k steps: vanishing for ρ < 1, exploding for ρ > 1. Inputs of unit variance saturate the units and shrink it further. The LSTM passes the gradient along the cell state through the forget gate f = σ(b_f + …): with the forget-gate bias at 1 (§10.10.1) it decays about like 0.73^k, with bias 0 like 0.5^k. Each curve is ‖∂L/∂h⁽ᵀ⁻ᵏ⁾‖ / ‖∂L/∂h⁽ᵀ⁾‖ (for the LSTM ‖∂L/∂c⁽ᵀ⁻ᵏ⁾‖ / ‖∂L/∂c⁽ᵀ⁾‖) for L = Σ u_bᵀh_b⁽ᵀ⁾ over a batch of random sequences, computed by one backward pass through the src/nn modules.',
  expected:
    'Linear regime: log-gain slope ≈ ln ρ per step (negative for ρ < 1, ≈ 0 at ρ = 1, positive for ρ > 1); saturated tanh units vanish faster than ρ^k; the LSTM with forget bias 1 keeps a gradient orders of magnitude larger after many steps than with bias 0.',
  async run(ctx): Promise<ExperimentResult> {
    const s = ctx.quick ? QUICK : FULL;
    const o: Outcome = { ...measure(ctx, s), s };
    return {
      settings: {
        ...s,
        loss: 'L = Σ_b u_bᵀ h_b(T), u_b random unit vectors',
        recurrentInit: 'ρ × random orthogonal',
        lstmRecurrentInit: 'orthogonal',
        inputInit: 'Glorot uniform',
      },
      summary: summaryOf(o),
      series: seriesOf(o),
      checks: checksOf(o),
      figures: figuresOf(o),
    };
  },
};
