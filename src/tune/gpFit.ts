/**
 * Fitting the GP's hyper-parameters by maximising the log marginal likelihood
 * (Rasmussen & Williams 2006, eqs. 2.30 and 5.9):
 *   log p(ỹ | X, θ) = −½ ỹᵀK⁻¹ỹ − Σ_i log L_ii − (n/2) log 2π,
 *   ∂/∂θ_j log p = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ_j),  α = K⁻¹ỹ,
 * over θ = (ln ℓ_1, …, ln ℓ_d, ln σ_f², ln σ_n²), with the Matérn 5/2 derivatives
 *   ∂k/∂ln ℓ_i = σ_f² (5/3)(1 + √5 r) e^{−√5 r} (x_i − x'_i)²/ℓ_i²,
 *   ∂K/∂ln σ_f² = σ_f² C,  ∂K/∂ln σ_n² = σ_n² I.
 * A weak log-normal prior ln ℓ_i ~ N(ln 0.5, 1.5²) is added (a MAP fit, as
 * BoTorch and GPyOpt do) so that 5–10 points cannot drive ℓ to an extreme;
 * `lengthscalePriorSd: Infinity` turns it off. Each θ_j is kept inside a box by
 * θ_j = lo_j + (hi_j − lo_j)·sigmoid(z_j) and BFGS (Nocedal & Wright Algorithm
 * 6.1, Armijo backtracking) runs on z without constraints, from `restarts`
 * starting points: the warm start (or the default ℓ = 0.5, σ_f² = 1,
 * σ_n² = 1e-4) and random ones; the best optimum wins.
 *
 * Boxes: ℓ ∈ [0.01, 20] (inputs live in [0, 1]), σ_f² ∈ [0.05, 20], σ_n² ∈
 * [1e-8, 0.5] (or fixed by `noise`). Options and defaults: `restarts` 3,
 * `maxIter` 60 (BFGS iterations per start), `noise` 'fit' | a fixed σ_n²,
 * `lengthscalePriorSd` 1.5, `init` none.
 */

import { choleskyInverse, choleskyJitter, choleskySolve } from '../linalg/cholesky.js';
import type { Rng } from '../random/index.js';
import { GaussianProcess, type GpHyper, matern52, scaledDistance } from './gp.js';

export interface GpFitOptions {
  restarts?: number;
  maxIter?: number;
  noise?: 'fit' | number;
  lengthscalePriorSd?: number;
  init?: GpHyper;
}

const SQRT5 = Math.sqrt(5);
const PRIOR_MEAN = Math.log(0.5);

/** Negative log marginal likelihood (plus prior) of standardised y, and its gradient in θ. */
export function negLogMarginal(
  x: Float64Array,
  ys: Float64Array,
  d: number,
  theta: Float64Array,
  grad: Float64Array,
  priorSd = 1.5,
): number {
  const n = ys.length;
  const invL2 = new Float64Array(d);
  for (let i = 0; i < d; i++) invL2[i] = Math.exp(-2 * theta[i]!);
  const sf2 = Math.exp(theta[d]!);
  const sn2 = Math.exp(theta[d + 1]!);
  const k = new Float64Array(n * n);
  const r = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    k[a * n + a] = sf2 + sn2;
    for (let b = 0; b < a; b++) {
      const rab = scaledDistance(x, a * d, x, b * d, invL2);
      r[a * n + b] = rab;
      const kab = sf2 * matern52(rab);
      k[a * n + b] = kab;
      k[b * n + a] = kab;
    }
  }
  const l = new Float64Array(n * n);
  if (choleskyJitter(k, n, l, 1e-10, 4) < 0) {
    grad.fill(0);
    return Number.POSITIVE_INFINITY;
  }
  const alpha = new Float64Array(n);
  choleskySolve(l, n, ys, alpha);
  let f = 0.5 * n * Math.log(2 * Math.PI);
  for (let i = 0; i < n; i++) f += 0.5 * ys[i]! * alpha[i]! + Math.log(l[i * n + i]!);
  // W = K⁻¹ − ααᵀ; ∂f/∂θ_j = ½ Σ_ab W_ab ∂K_ab/∂θ_j.
  const w = new Float64Array(n * n);
  choleskyInverse(l, n, w);
  grad.fill(0);
  let trW = 0;
  let gsf = 0;
  for (let a = 0; a < n; a++) {
    const waa = w[a * n + a]! - alpha[a]! * alpha[a]!;
    trW += waa;
    gsf += 0.5 * waa * sf2;
    for (let b = 0; b < a; b++) {
      const wab = w[a * n + b]! - alpha[a]! * alpha[b]!;
      const rab = r[a * n + b]!;
      const e = Math.exp(-SQRT5 * rab);
      gsf += wab * sf2 * (1 + SQRT5 * rab + (5 / 3) * rab * rab) * e; // ½·2 for (a,b),(b,a)
      const s = wab * sf2 * (5 / 3) * (1 + SQRT5 * rab) * e;
      for (let i = 0; i < d; i++) {
        const t = x[a * d + i]! - x[b * d + i]!;
        grad[i] = grad[i]! + s * t * t * invL2[i]!;
      }
    }
  }
  grad[d] = gsf;
  grad[d + 1] = 0.5 * sn2 * trW;
  if (Number.isFinite(priorSd)) {
    const v = priorSd * priorSd;
    for (let i = 0; i < d; i++) {
      const t = theta[i]! - PRIOR_MEAN;
      f += (0.5 * t * t) / v;
      grad[i] = grad[i]! + t / v;
    }
  }
  return f;
}

/** Minimises f(z) (with gradient) by BFGS with Armijo backtracking; returns the best z and f. */
function bfgs(
  fg: (z: Float64Array, g: Float64Array) => number,
  z0: Float64Array,
  maxIter: number,
): { z: Float64Array; f: number } {
  const p = z0.length;
  const z = new Float64Array(z0);
  const g = new Float64Array(p);
  let f = fg(z, g);
  if (!Number.isFinite(f)) return { z, f };
  const hInv = new Float64Array(p * p);
  for (let i = 0; i < p; i++) hInv[i * p + i] = 1;
  const dir = new Float64Array(p);
  const zNew = new Float64Array(p);
  const gNew = new Float64Array(p);
  const s = new Float64Array(p);
  const y = new Float64Array(p);
  const hy = new Float64Array(p);
  for (let it = 0; it < maxIter; it++) {
    let gmax = 0;
    for (let i = 0; i < p; i++) gmax = Math.max(gmax, Math.abs(g[i]!));
    if (gmax < 1e-5) break;
    let slope = 0;
    for (let i = 0; i < p; i++) {
      let t = 0;
      for (let j = 0; j < p; j++) t -= hInv[i * p + j]! * g[j]!;
      dir[i] = t;
      slope += t * g[i]!;
    }
    if (slope >= 0) {
      // Not a descent direction: reset to steepest descent.
      hInv.fill(0);
      for (let i = 0; i < p; i++) {
        hInv[i * p + i] = 1;
        dir[i] = -g[i]!;
      }
      slope = -gmax * gmax;
    }
    let step = 1;
    let fNew = Number.POSITIVE_INFINITY;
    for (let ls = 0; ls < 30; ls++) {
      for (let i = 0; i < p; i++) zNew[i] = z[i]! + step * dir[i]!;
      fNew = fg(zNew, gNew);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew < f)) break;
    let sy = 0;
    for (let i = 0; i < p; i++) {
      s[i] = zNew[i]! - z[i]!;
      y[i] = gNew[i]! - g[i]!;
      sy += s[i]! * y[i]!;
    }
    z.set(zNew);
    g.set(gNew);
    const fOld = f;
    f = fNew;
    if (sy > 1e-12) {
      // H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ, ρ = 1/yᵀs.
      const rho = 1 / sy;
      let yhy = 0;
      for (let i = 0; i < p; i++) {
        let t = 0;
        for (let j = 0; j < p; j++) t += hInv[i * p + j]! * y[j]!;
        hy[i] = t;
        yhy += y[i]! * t;
      }
      for (let i = 0; i < p; i++) {
        for (let j = 0; j < p; j++) {
          hInv[i * p + j] =
            hInv[i * p + j]! -
            rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) +
            (rho * rho * yhy + rho) * s[i]! * s[j]!;
        }
      }
    }
    if (fOld - f < 1e-9 * (1 + Math.abs(f))) break;
  }
  return { z, f };
}

/**
 * Fits a GP to X (n×d row-major, inputs in [0, 1]) and y by (penalised) marginal
 * likelihood with restarts; the random starts draw from `rng`.
 */
export function fitGp(
  x: Float64Array,
  y: Float64Array,
  d: number,
  rng: Rng,
  options: GpFitOptions = {},
): GaussianProcess {
  const restarts = options.restarts ?? 3;
  const maxIter = options.maxIter ?? 60;
  const noise = options.noise ?? 'fit';
  const priorSd = options.lengthscalePriorSd ?? 1.5;
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]!;
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (y[i]! - mean) ** 2;
  const sd = n > 1 && v > 0 ? Math.sqrt(v / n) : 1;
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) ys[i] = (y[i]! - mean) / sd;

  const fitNoise = noise === 'fit';
  const p = d + (fitNoise ? 2 : 1);
  const lo = new Float64Array(p);
  const hi = new Float64Array(p);
  for (let i = 0; i < d; i++) {
    lo[i] = Math.log(0.01);
    hi[i] = Math.log(20);
  }
  lo[d] = Math.log(0.05);
  hi[d] = Math.log(20);
  if (fitNoise) {
    lo[d + 1] = Math.log(1e-8);
    hi[d + 1] = Math.log(0.5);
  }
  const fixedLogNoise = fitNoise ? 0 : Math.log(noise as number);
  const theta = new Float64Array(d + 2);
  const gTheta = new Float64Array(d + 2);
  const toTheta = (z: Float64Array): void => {
    for (let j = 0; j < p; j++) theta[j] = lo[j]! + (hi[j]! - lo[j]!) / (1 + Math.exp(-z[j]!));
    if (!fitNoise) theta[d + 1] = fixedLogNoise;
  };
  const fg = (z: Float64Array, g: Float64Array): number => {
    toTheta(z);
    const f = negLogMarginal(x, ys, d, theta, gTheta, priorSd);
    for (let j = 0; j < p; j++) {
      const s = 1 / (1 + Math.exp(-z[j]!));
      g[j] = gTheta[j]! * (hi[j]! - lo[j]!) * s * (1 - s);
    }
    return f;
  };
  const toZ = (t: number, j: number): number => {
    const q = Math.min(1 - 1e-9, Math.max(1e-9, (t - lo[j]!) / (hi[j]! - lo[j]!)));
    return Math.log(q / (1 - q));
  };
  const starts: Float64Array[] = [];
  const first = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const t = options.init
      ? j < d
        ? options.init.logLengthscales[j]!
        : j === d
          ? options.init.logSignalVar
          : options.init.logNoiseVar
      : j < d
        ? Math.log(0.5)
        : j === d
          ? 0
          : Math.log(1e-4);
    first[j] = toZ(t, j);
  }
  starts.push(first);
  for (let r = 1; r < restarts; r++) {
    const z = new Float64Array(p);
    for (let j = 0; j < p; j++) z[j] = 1.5 * rng.normal();
    starts.push(z);
  }
  let best: { z: Float64Array; f: number } | null = null;
  for (const z0 of starts) {
    const res = bfgs(fg, z0, maxIter);
    if (best === null || res.f < best.f) best = res;
  }
  toTheta(best!.z);
  const hyper: GpHyper = {
    logLengthscales: theta.slice(0, d),
    logSignalVar: theta[d]!,
    logNoiseVar: theta[d + 1]!,
  };
  return GaussianProcess.condition(x, y, d, hyper);
}
