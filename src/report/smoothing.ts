/**
 * Smoothing of noisy curves (minibatch losses) before they are drawn.
 * Pure functions of the data: the chart only ever sees the smoothed values.
 */

/**
 * Exponential moving average with bias correction (as TensorBoard and Adam's ŝ):
 *   s_t = β s_{t−1} + (1 − β) y_t,  s_0 = 0,  out_t = s_t / (1 − β^t),
 * so `out_0 = y_0` and a constant series is left unchanged. Non-finite inputs
 * give NaN at their index and leave the average untouched.
 *
 * @param beta weight of the past, in [0, 1); 0 returns a copy. Typical 0.9–0.99.
 */
export function ema(y: ArrayLike<number>, beta: number): Float64Array {
  if (!(beta >= 0 && beta < 1)) {
    throw new RangeError(`ema: beta must be in [0, 1), got ${beta}`);
  }
  const n = y.length;
  const out = new Float64Array(n);
  let s = 0;
  let weight = 1; // β^t
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (!Number.isFinite(v)) {
      out[i] = Number.NaN;
      continue;
    }
    s = beta * s + (1 - beta) * v;
    weight *= beta;
    out[i] = s / (1 - weight);
  }
  return out;
}

/** Modified Bessel function of the first kind, order 0 (power series; |x| ≲ 20). */
export function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return sum;
}

/** Kaiser window of length m and shape β (NumPy's `np.kaiser(m, beta)`). */
export function kaiser(m: number, beta: number): Float64Array {
  const w = new Float64Array(m);
  if (m === 1) {
    w[0] = 1;
    return w;
  }
  const denom = besselI0(beta);
  for (let n = 0; n < m; n++) {
    const r = (2 * n) / (m - 1) - 1;
    w[n] = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / denom;
  }
  return w;
}

/**
 * The smoothing of *Deep Learning from Scratch* (`common/util.py: smooth_curve`,
 * used for fig. 6-9): reflect the ends, convolve with a normalised Kaiser window
 * of length 11 and β = 2, keep the central n values. Needs n ≥ 11.
 */
export function smoothCurve(y: ArrayLike<number>): Float64Array {
  const wl = 11;
  const n = y.length;
  if (n < wl) throw new RangeError(`smoothCurve: needs at least ${wl} values, got ${n}`);
  // s = r_[x[wl-1:0:-1], x, x[-1:-wl:-1]]
  const s = new Float64Array(n + 2 * (wl - 1));
  for (let i = 0; i < wl - 1; i++) s[i] = y[wl - 1 - i]!;
  for (let i = 0; i < n; i++) s[wl - 1 + i] = y[i]!;
  for (let i = 0; i < wl - 1; i++) s[wl - 1 + n + i] = y[n - 1 - i]!;
  const w = kaiser(wl, 2);
  let total = 0;
  for (let i = 0; i < wl; i++) total += w[i]!;
  // 'valid' convolution has n + 10 values; DLFS keeps y[5 : len-5].
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    const start = i + 5;
    for (let k = 0; k < wl; k++) acc += w[k]! * s[start + k]!;
    out[i] = acc / total;
  }
  return out;
}
