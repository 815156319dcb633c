/**
 * Gaussian-process regression with a Matérn 5/2 kernel and one length scale per
 * dimension (automatic relevance determination).
 *
 * Kernel (Rasmussen & Williams, *Gaussian Processes for Machine Learning*, 2006,
 * eq. 4.17): with r² = Σ_i (x_i − x'_i)² / ℓ_i²,
 *   k(x, x') = σ_f² (1 + √5 r + 5r²/3) exp(−√5 r).
 * Training matrix K = [k(x_a, x_b)] + σ_n² I. Outputs are standardised
 * (ỹ = (y − mean)/sd) before fitting. Posterior (R&W Algorithm 2.1):
 *   L = chol(K), α = Lᵀ\(L\ỹ), mean(x*) = k*ᵀα, v = L\k*, var(x*) = k(x*, x*) − vᵀv,
 * reported back in the units of y (mean·sd + mean_y, var·sd²). The variance is
 * that of the latent function f (noise excluded), clamped at 0.
 *
 * Hyper-parameters are given in log form (`logLengthscales`, `logSignalVar`,
 * `logNoiseVar`); `fitGp` (gpFit.ts) chooses them by marginal likelihood.
 */
import { choleskyJitter, choleskySolve, solveLower } from '../linalg/cholesky.js';

const SQRT5 = Math.sqrt(5);

export interface GpHyper {
  /** ln ℓ_i, one per input dimension. */
  logLengthscales: Float64Array;
  /** ln σ_f² (of the standardised outputs). */
  logSignalVar: number;
  /** ln σ_n² (of the standardised outputs). */
  logNoiseVar: number;
}

/** Matérn 5/2 correlation (σ_f = 1) at scaled distance r. */
export function matern52(r: number): number {
  return (1 + SQRT5 * r + (5 / 3) * r * r) * Math.exp(-SQRT5 * r);
}

/** Scaled distance r between row a of X and the point x (invL2[i] = 1/ℓ_i²). */
export function scaledDistance(
  xa: Float64Array,
  offA: number,
  xb: Float64Array,
  offB: number,
  invL2: Float64Array,
): number {
  let s = 0;
  for (let i = 0; i < invL2.length; i++) {
    const t = xa[offA + i]! - xb[offB + i]!;
    s += t * t * invL2[i]!;
  }
  return Math.sqrt(s);
}

/** Fills the kernel matrix σ_f² C + σ_n² I of the n rows of X (n×d, row-major). */
export function kernelMatrix(
  x: Float64Array,
  n: number,
  d: number,
  h: GpHyper,
  out: Float64Array,
): void {
  const invL2 = new Float64Array(d);
  for (let i = 0; i < d; i++) invL2[i] = Math.exp(-2 * h.logLengthscales[i]!);
  const sf2 = Math.exp(h.logSignalVar);
  const sn2 = Math.exp(h.logNoiseVar);
  for (let a = 0; a < n; a++) {
    out[a * n + a] = sf2 + sn2;
    for (let b = 0; b < a; b++) {
      const k = sf2 * matern52(scaledDistance(x, a * d, x, b * d, invL2));
      out[a * n + b] = k;
      out[b * n + a] = k;
    }
  }
}

/** A fitted GP posterior; construct with `GaussianProcess.condition` or `fitGp`. */
export class GaussianProcess {
  private readonly invL2: Float64Array;
  private readonly sf2: number;
  private readonly kStar: Float64Array;

  private constructor(
    readonly x: Float64Array,
    readonly n: number,
    readonly d: number,
    readonly hyper: GpHyper,
    private readonly chol: Float64Array,
    private readonly alpha: Float64Array,
    readonly yMean: number,
    readonly ySd: number,
  ) {
    this.invL2 = new Float64Array(d);
    for (let i = 0; i < d; i++) this.invL2[i] = Math.exp(-2 * hyper.logLengthscales[i]!);
    this.sf2 = Math.exp(hyper.logSignalVar);
    this.kStar = new Float64Array(n);
  }

  /**
   * The posterior given data X (n×d row-major, copied) and y (n), with fixed
   * hyper-parameters. Throws when K cannot be factorised even with jitter.
   */
  static condition(x: Float64Array, y: Float64Array, d: number, hyper: GpHyper): GaussianProcess {
    const n = y.length;
    if (x.length !== n * d) {
      throw new RangeError(`GaussianProcess: X has ${x.length} entries, expected n·d = ${n * d}`);
    }
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i]!;
    mean /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (y[i]! - mean) ** 2;
    const sd = n > 1 && v > 0 ? Math.sqrt(v / n) : 1;
    const ys = new Float64Array(n);
    for (let i = 0; i < n; i++) ys[i] = (y[i]! - mean) / sd;
    const k = new Float64Array(n * n);
    kernelMatrix(x, n, d, hyper, k);
    const l = new Float64Array(n * n);
    if (choleskyJitter(k, n, l) < 0) {
      throw new RangeError('GaussianProcess: kernel matrix is not positive definite');
    }
    const alpha = new Float64Array(n);
    choleskySolve(l, n, ys, alpha);
    return new GaussianProcess(new Float64Array(x), n, d, hyper, l, alpha, mean, sd);
  }

  /**
   * Posterior mean and latent variance at `xs` (length d), in the units of y,
   * written into `out` ([mean, variance]).
   */
  predict(xs: Float64Array, out: Float64Array = new Float64Array(2)): Float64Array {
    const { n, d, kStar } = this;
    let m = 0;
    for (let a = 0; a < n; a++) {
      const k = this.sf2 * matern52(scaledDistance(this.x, a * d, xs, 0, this.invL2));
      kStar[a] = k;
      m += k * this.alpha[a]!;
    }
    solveLower(this.chol, n, kStar, kStar);
    let vv = 0;
    for (let a = 0; a < n; a++) vv += kStar[a]! * kStar[a]!;
    out[0] = m * this.ySd + this.yMean;
    out[1] = Math.max(0, this.sf2 - vv) * this.ySd * this.ySd;
    return out;
  }
}
