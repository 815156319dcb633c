/**
 * Activations of a deep net at initialisation (DLFS §6.2.2, figs 6-10 – 6-14):
 * a rows × units N(0, 1) input through `layers` bias-free layers of `units`
 * units, weights drawn by the library's initialisers, and the values of each
 * layer's activations returned for the histograms.
 */
import { backend, init, Rng } from 'optlab/core';

export type Act = 'sigmoid' | 'tanh' | 'relu';
export type InitKind = 'std' | 'xavier' | 'he';

export interface ActivationsRequest {
  activation: Act;
  init: InitKind;
  /** Standard deviation of N(0, std²) when init is 'std'. */
  std: number;
  layers: number;
  units: number;
  rows: number;
  seed: number;
}

export interface LayerActivations {
  /** Values shown (for ReLU the exact zeros are left out, their share is in `zeros`). */
  values: Float64Array;
  mean: number;
  sd: number;
  zeros: number;
}

const F: Record<Act, (v: number) => number> = {
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: (v) => Math.tanh(v),
  relu: (v) => Math.max(v, 0),
};

export function activations(r: ActivationsRequest): LayerActivations[] {
  const rng = new Rng(r.seed);
  const { rows, units } = r;
  const x = new Float64Array(rows * units);
  rng.fillNormal(x, 0, 1);
  const initializer =
    r.init === 'xavier' ? init.dlfsXavier() : r.init === 'he' ? init.dlfsHe() : init.normal(r.std);
  const W = new Float64Array(units * units);
  const f = F[r.activation];
  let z = x;
  const out: LayerActivations[] = [];
  for (let l = 0; l < r.layers; l++) {
    initializer(W, units, units, rng);
    const a = new Float64Array(rows * units);
    backend.backend().matmul(z, W, a, rows, units, units, false, false);
    let s = 0;
    let zeros = 0;
    for (let i = 0; i < a.length; i++) {
      const v = f(a[i]!);
      a[i] = v;
      s += v;
      if (v === 0) zeros++;
    }
    const mean = s / a.length;
    let s2 = 0;
    for (let i = 0; i < a.length; i++) s2 += (a[i]! - mean) ** 2;
    z = a;
    out.push({
      values: r.activation === 'relu' ? a.filter((v) => v > 0) : a.slice(),
      mean,
      sd: Math.sqrt(s2 / a.length),
      zeros: zeros / a.length,
    });
  }
  return out;
}
