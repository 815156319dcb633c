/**
 * Experiment 3 — activation histograms by initialisation (DLFS §6.2, figs 6-10 to
 * 6-14). A 1000×100 input drawn from N(0, 1) goes through 5 fully connected
 * layers of 100 units without bias, each followed by the same nonlinearity:
 *
 *   a⁽ˡ⁾ = z⁽ˡ⁻¹⁾ W⁽ˡ⁾,   z⁽ˡ⁾ = φ(a⁽ˡ⁾),   z⁽⁰⁾ = x,   W⁽ˡ⁾ ∈ ℝ^{100×100}
 *
 * for φ ∈ {sigmoid, tanh, ReLU} and four weight scales: N(0, 1), N(0, 0.01²),
 * DLFS's "Xavier" N(0, 1/n) and DLFS's "He" N(0, 2/n) (n = 100 inputs per unit;
 * CORRECTIONS.md: DLFS's Xavier is not the book's uniform normalised init).
 * The histograms of z⁽ˡ⁾ show saturation (std 1 with sigmoid: values pile at 0
 * and 1, where the gradient vanishes), collapse (std 0.01: every unit outputs
 * the same ≈0.5, so units are redundant), and the spread that Xavier keeps for
 * sigmoid/tanh and He keeps for ReLU.
 *
 * Every weight matrix and the input come from the run's seeded generator; the
 * same input is used for every combination.
 */
import { backend } from '../backend/index.js';
import { dlfsHe, dlfsXavier, type Initializer, normal } from '../init/index.js';
import type { Rng } from '../random/index.js';
import { type Bin, histogramBins, histogramGridSpec, lineGridSpec } from '../report/index.js';
import type { Check, Experiment, ExperimentContext, ExperimentResult, Figure } from './types.js';

const LAYERS = 5;
const UNITS = 100;
const BINS = 30;

type Act = 'sigmoid' | 'tanh' | 'relu';
const ACTIVATIONS: {
  key: Act;
  label: string;
  range: [number, number];
  f: (v: number) => number;
}[] = [
  { key: 'sigmoid', label: 'sigmoid', range: [0, 1], f: (v) => 1 / (1 + Math.exp(-v)) },
  { key: 'tanh', label: 'tanh', range: [-1, 1], f: (v) => Math.tanh(v) },
  { key: 'relu', label: 'ReLU', range: [0, 3], f: (v) => Math.max(v, 0) },
];
const INITS: { key: string; label: string; init: Initializer }[] = [
  { key: 'std1', label: 'std 1', init: normal(1) },
  { key: 'std0.01', label: 'std 0.01', init: normal(0.01) },
  { key: 'xavier', label: 'Xavier N(0, 1/n)', init: dlfsXavier() },
  { key: 'he', label: 'He N(0, 2/n)', init: dlfsHe() },
];

/** Statistics of one layer's activations. */
interface LayerStats {
  mean: number;
  sd: number;
  /** Share of values outside [0.1, 0.9] (sigmoid saturation) or with |z| > 0.9 (tanh). */
  saturated: number;
  /** Share of exact zeros (ReLU's dead outputs). */
  zeros: number;
  bins: Bin[];
}

function stats(z: Float64Array, act: (typeof ACTIVATIONS)[number]): LayerStats {
  let s = 0;
  let s2 = 0;
  let sat = 0;
  let zeros = 0;
  const n = z.length;
  for (let i = 0; i < n; i++) {
    const v = z[i]!;
    s += v;
    if (v === 0) zeros++;
    if (act.key === 'sigmoid' ? v < 0.1 || v > 0.9 : Math.abs(v) > 0.9) sat++;
  }
  const mean = s / n;
  for (let i = 0; i < n; i++) s2 += (z[i]! - mean) ** 2;
  // ReLU: the half of the values that are exactly 0 would dwarf the rest; bin the positive ones (as DLFS's clipped y axis does).
  const shown = act.key === 'relu' ? z.filter((v) => v > 0) : z;
  return {
    mean,
    sd: Math.sqrt(s2 / n),
    saturated: sat / n,
    zeros: zeros / n,
    bins: histogramBins(shown, BINS, act.range),
  };
}

/** Forward pass of the 5-layer net; returns the statistics of z⁽¹⁾ … z⁽⁵⁾. */
function forward(
  x: Float64Array,
  rows: number,
  act: (typeof ACTIVATIONS)[number],
  init: Initializer,
  rng: Rng,
): LayerStats[] {
  const W = new Float64Array(UNITS * UNITS);
  let z = x;
  const out: LayerStats[] = [];
  for (let l = 0; l < LAYERS; l++) {
    init(W, UNITS, UNITS, rng);
    const a = new Float64Array(rows * UNITS);
    backend().matmul(z, W, a, rows, UNITS, UNITS, false, false);
    for (let i = 0; i < a.length; i++) a[i] = act.f(a[i]!);
    z = a;
    out.push(stats(z, act));
  }
  return out;
}

const fmt = (v: number, d = 3) =>
  Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toFixed(d);

// ---- Compute

/** The layer statistics of every (activation, initialisation) pair on one N(0, 1) input of `rows` rows. */
function measure(ctx: ExperimentContext, rows: number): Map<string, LayerStats[]> {
  const x = new Float64Array(rows * UNITS);
  ctx.rng.fillNormal(x, 0, 1);
  const results = new Map<string, LayerStats[]>();
  ctx.progress.start(ACTIVATIONS.length * INITS.length, 'networks');
  for (const act of ACTIVATIONS) {
    for (const ini of INITS) {
      results.set(`${act.key}/${ini.key}`, forward(x, rows, act, ini.init, ctx.rng));
      ctx.progress.tick(1, `${act.label}, ${ini.label}`);
    }
  }
  return results;
}

/** Accessors of the results: a pair's statistics and its standard deviations by layer. */
function accessors(results: Map<string, LayerStats[]>) {
  const get = (a: Act, i: string) => results.get(`${a}/${i}`)!;
  const sds = (a: Act, i: string) => get(a, i).map((s) => s.sd);
  return { get, sds };
}

// ---- Checks

function checksOf(results: Map<string, LayerStats[]>): Check[] {
  const { get, sds } = accessors(results);
  // --- checks, from the statistics ---
  const sigSat = get('sigmoid', 'std1').map((s) => s.saturated);
  const small = get('sigmoid', 'std0.01').slice(1);
  const xav = sds('sigmoid', 'xavier').slice(1);
  const tanhStd1 = get('tanh', 'std1').map((s) => s.saturated);
  const tanhXav = get('tanh', 'xavier').map((s) => s.saturated);
  const he = sds('relu', 'he');
  const heRatio = he[LAYERS - 1]! / he[0]!;
  const rx = sds('relu', 'xavier');
  const rxRatio = rx[LAYERS - 1]! / rx[0]!;
  const r01 = sds('relu', 'std0.01');
  return [
    {
      name: 'sigmoid, std 1: activations pile at 0 and 1',
      expected: 'share outside [0.1, 0.9] in [0.70, 0.88] in every layer (DLFS ≈ 0.75–0.83)',
      observed: sigSat.map((v) => v.toFixed(3)).join(', '),
      passed: sigSat.every((v) => v >= 0.7 && v <= 0.88),
    },
    {
      name: 'sigmoid, std 0.01: activations pile at 0.5',
      expected: 'layers 2–5: |mean − 0.5| < 0.01 and sd in [0.008, 0.018] (DLFS ≈ 0.012)',
      observed: small.map((s) => `${s.mean.toFixed(3)}±${s.sd.toFixed(4)}`).join(', '),
      passed: small.every((s) => Math.abs(s.mean - 0.5) < 0.01 && s.sd >= 0.008 && s.sd <= 0.018),
    },
    {
      name: 'sigmoid, Xavier: activations spread',
      expected: 'layers 2–5: sd in [0.09, 0.16] (DLFS ≈ 0.12), with < 20% outside [0.1, 0.9]',
      observed: get('sigmoid', 'xavier')
        .slice(1)
        .map((s) => `sd ${s.sd.toFixed(3)}, sat ${s.saturated.toFixed(2)}`)
        .join('; '),
      passed:
        xav.every((v) => v >= 0.09 && v <= 0.16) &&
        get('sigmoid', 'xavier').every((s) => s.saturated < 0.2),
    },
    {
      name: 'tanh: std 1 saturates at ±1, Xavier does not',
      expected:
        'share with |z| > 0.9: std 1 > 0.6 and Xavier < 0.2 in every layer (N(0, 1) input: 0.14 in layer 1)',
      observed: `std 1: ${tanhStd1.map((v) => v.toFixed(2)).join(', ')}; Xavier: ${tanhXav.map((v) => v.toFixed(2)).join(', ')}`,
      passed: tanhStd1.every((v) => v > 0.6) && tanhXav.every((v) => v < 0.2),
    },
    {
      name: 'ReLU, He: the spread is kept across layers',
      expected: 'sd(layer 5) / sd(layer 1) in [0.6, 1.6]',
      observed: `${heRatio.toFixed(3)} (sd ${he.map((v) => fmt(v)).join(', ')})`,
      passed: heRatio >= 0.6 && heRatio <= 1.6,
    },
    {
      name: 'ReLU, Xavier: the spread shrinks with depth',
      expected:
        'sd decreases layer after layer; sd(layer 5) / sd(layer 1) < 0.45 (theory 2^−2 = 0.25)',
      observed: `${rxRatio.toFixed(3)} (sd ${rx.map((v) => fmt(v)).join(', ')})`,
      passed: rx.every((v, l) => l === 0 || v < rx[l - 1]!) && rxRatio < 0.45,
    },
    {
      name: 'ReLU, std 0.01: activations vanish',
      expected: 'sd(layer 5) < 1e-4 · sd(layer 1)',
      observed: `sd ${r01.map((v) => fmt(v)).join(', ')}`,
      passed: r01[LAYERS - 1]! < 1e-4 * r01[0]!,
    },
  ];
}

// ---- Tables and figures

function tablesOf(results: Map<string, LayerStats[]>) {
  const { get } = accessors(results);
  const summary: ExperimentResult['summary'] = [];
  const statCols = {
    activation: [] as string[],
    init: [] as string[],
    layer: [] as number[],
    mean: [] as number[],
    sd: [] as number[],
    saturated: [] as number[],
    zeros: [] as number[],
  };
  const binCols = {
    activation: [] as string[],
    init: [] as string[],
    layer: [] as number[],
    x0: [] as number[],
    x1: [] as number[],
    count: [] as number[],
  };
  for (const act of ACTIVATIONS) {
    for (const ini of INITS) {
      const st = get(act.key, ini.key);
      const row: Record<string, string | number> = { activation: act.label, init: ini.label };
      st.forEach((s, l) => {
        row[`sd L${l + 1}`] = Number(s.sd.toPrecision(3));
        statCols.activation.push(act.key);
        statCols.init.push(ini.key);
        statCols.layer.push(l + 1);
        statCols.mean.push(s.mean);
        statCols.sd.push(s.sd);
        statCols.saturated.push(s.saturated);
        statCols.zeros.push(s.zeros);
        for (const b of s.bins) {
          binCols.activation.push(act.key);
          binCols.init.push(ini.key);
          binCols.layer.push(l + 1);
          binCols.x0.push(b.x0);
          binCols.x1.push(b.x1);
          binCols.count.push(b.count);
        }
      });
      row[act.key === 'relu' ? 'zeros L5' : 'saturated L5'] = Number(
        (act.key === 'relu' ? st[LAYERS - 1]!.zeros : st[LAYERS - 1]!.saturated).toFixed(3),
      );
      summary.push(row);
    }
  }
  return { summary, statCols, binCols };
}

function figuresOf(results: Map<string, LayerStats[]>, rows: number): Figure[] {
  const { get, sds } = accessors(results);
  const figures: Figure[] = ACTIVATIONS.map((act) => ({
    name: `hist-${act.key}`,
    title: `${act.label} activations, layer by layer`,
    caption: `30-bin histograms of the ${act.label} outputs of each of the 5 layers (${rows}×100 input from N(0, 1), no bias); one row per weight initialisation. Each panel shows the share of its values per bin.${act.key === 'relu' ? ' Exact zeros (≈ half of all ReLU outputs) are left out; with std 0.01 the positive outputs shrink ≈ 14× per layer and fall in the first bin; std 1 is left out (its outputs grow ≈ 7× per layer, far off this scale: see the sd figure).' : ''}`,
    spec: histogramGridSpec({
      title: `${act.label} activations by layer and initialisation`,
      subtitle: `${rows}×100 N(0, 1) input, 5 layers of 100 units, no bias${act.key === 'relu' ? '; zeros not shown' : ''}`,
      panels: INITS.filter((ini) => act.key !== 'relu' || ini.key !== 'std1').flatMap((ini) =>
        get(act.key, ini.key).map((s, l) => ({
          row: ini.label,
          column: `layer ${l + 1}`,
          bins: s.bins,
        })),
      ),
      xTitle: 'activation value',
      yTitle: 'share of values',
      normalize: true,
      // A collapsed layer (all values in one bin) would flatten a shared scale: tanh and ReLU get one scale per panel.
      independentY: act.key !== 'sigmoid',
      width: 130,
      height: 90,
    }),
  }));
  figures.push({
    name: 'sd-by-layer',
    title: 'Spread of the activations with depth',
    caption:
      "Standard deviation of each layer's activations (log scale), one panel per nonlinearity. He keeps ReLU's spread and Xavier keeps sigmoid's and tanh's; with std 0.01 the tanh and ReLU outputs shrink geometrically, and with std 1 the ReLU outputs blow up (×≈7 per layer).",
    spec: lineGridSpec({
      title: 'Standard deviation of the activations per layer',
      subtitle: `${rows}×100 N(0, 1) input, 5 layers of 100 units, no bias`,
      cells: ACTIVATIONS.map((act) => ({
        title: act.label,
        series: INITS.map((ini) => ({
          name: ini.label,
          x: [1, 2, 3, 4, 5],
          y: sds(act.key, ini.key),
        })),
      })),
      columns: 3,
      xTitle: 'layer',
      yTitle: 'sd of activations',
      logY: true,
      legend: 'bottom',
      width: 230,
      height: 230,
    }),
  });
  return figures;
}

export const initActivations: Experiment = {
  name: 'init-activations',
  title: 'Activation histograms by weight initialisation',
  summary:
    'Histograms of 5 layers of sigmoid/tanh/ReLU activations under std 1, std 0.01, Xavier and He weights (DLFS figs 6-10 to 6-14)',
  description:
    'A 1000×100 N(0, 1) input goes through five 100-unit layers without bias (DLFS §6.2.2). For each nonlinearity (sigmoid, tanh, ReLU) and weight scale (N(0, 1), N(0, 0.01²), DLFS "Xavier" N(0, 1/n), DLFS "He" N(0, 2/n), n = 100) the 30-bin histogram of each layer\'s activations is drawn. ReLU histograms leave out the exact zeros (about half of the values; their share is in the CSV) so that the spread of the positive part stays visible.',
  expected:
    'Sigmoid with std 1 piles at 0 and 1 (≈75–83% outside [0.1, 0.9]); std 0.01 piles at 0.5 (sd ≈ 0.012); Xavier spreads (sd ≈ 0.12). ReLU with He keeps the same spread in every layer, with Xavier it shrinks with depth, with std 0.01 it vanishes.',
  async run(ctx): Promise<ExperimentResult> {
    const rows = ctx.quick ? 300 : 1000;
    const results = measure(ctx, rows);
    const { summary, statCols, binCols } = tablesOf(results);
    return {
      settings: {
        rows,
        units: UNITS,
        layers: LAYERS,
        bins: BINS,
        bias: false,
        activations: ACTIVATIONS.map((a) => a.key),
        inits: INITS.map((i) => i.label),
      },
      summary,
      series: { 'layer-stats': statCols, histograms: binCols },
      figures: figuresOf(results, rows),
      checks: checksOf(results),
    };
  },
};
