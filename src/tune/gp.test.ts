import { describe, expect, it } from 'vitest';
import { cholesky } from '../linalg/cholesky.js';
import { Rng } from '../random/index.js';
import { GaussianProcess, type GpHyper, kernelMatrix, matern52 } from './gp.js';
import { fitGp, negLogMarginal } from './gpFit.js';

function data(n: number, d: number, seed: number) {
  const rng = new Rng(seed);
  const x = new Float64Array(n * d);
  rng.fillUniform(x);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += Math.sin(3 * x[i * d + j]! + j);
    y[i] = s;
  }
  return { x, y };
}

const hyper = (d: number, ell: number, noise: number): GpHyper => ({
  logLengthscales: new Float64Array(d).fill(Math.log(ell)),
  logSignalVar: 0,
  logNoiseVar: Math.log(noise),
});

describe('Matérn 5/2 GP', () => {
  it('kernel by hand: k(0) = 1, k(1) = (1 + √5 + 5/3) e^−√5', () => {
    expect(matern52(0)).toBe(1);
    expect(matern52(1)).toBeCloseTo((1 + Math.sqrt(5) + 5 / 3) * Math.exp(-Math.sqrt(5)), 15);
  });

  it('kernel matrix is symmetric positive definite', () => {
    const { x } = data(15, 3, 1);
    const k = new Float64Array(225);
    kernelMatrix(x, 15, 3, hyper(3, 0.3, 1e-8), k);
    for (let i = 0; i < 15; i++)
      for (let j = 0; j < 15; j++) expect(k[i * 15 + j]).toBe(k[j * 15 + i]);
    expect(cholesky(k, 15, new Float64Array(225))).toBe(true);
  });

  it('noiseless posterior interpolates the data with variance ≈ 0 there', () => {
    const d = 2;
    const { x, y } = data(12, d, 2);
    const gp = GaussianProcess.condition(x, y, d, hyper(d, 0.4, 1e-10));
    for (let i = 0; i < 12; i++) {
      const [m, v] = gp.predict(x.slice(i * d, i * d + d));
      expect(m).toBeCloseTo(y[i]!, 5);
      expect(v).toBeLessThan(1e-6);
    }
    // Far from the data the variance returns to the prior σ_f²·sd² and the mean to the data mean.
    const [mFar, vFar] = gp.predict(new Float64Array([40, 40]));
    expect(mFar).toBeCloseTo(gp.yMean, 8);
    expect(vFar).toBeCloseTo(gp.ySd * gp.ySd, 8);
  });

  it('the marginal-likelihood gradient matches central differences', () => {
    const d = 3;
    const { x, y } = data(10, d, 3);
    const theta = new Float64Array([
      Math.log(0.3),
      Math.log(0.7),
      Math.log(1.4),
      0.2,
      Math.log(1e-3),
    ]);
    const g = new Float64Array(5);
    negLogMarginal(x, y, d, theta, g);
    const scratch = new Float64Array(5);
    for (let j = 0; j < 5; j++) {
      const h = 1e-5;
      const tp = new Float64Array(theta);
      tp[j]! += h;
      const tm = new Float64Array(theta);
      tm[j]! -= h;
      const fd =
        (negLogMarginal(x, y, d, tp, scratch) - negLogMarginal(x, y, d, tm, scratch)) / (2 * h);
      expect(g[j]).toBeCloseTo(fd, 5);
    }
  });

  it('fitting raises the marginal likelihood above the starting point and finds the relevant dimension', () => {
    // y depends on x1 only: the fitted length scale of x2 should be much longer.
    const rng = new Rng(4);
    const n = 25;
    const x = new Float64Array(n * 2);
    rng.fillUniform(x);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = Math.sin(6 * x[2 * i]!);
    const gp = fitGp(x, y, 2, new Rng(5));
    const ys = y.map((v) => (v - gp.yMean) / gp.ySd);
    const g = new Float64Array(4);
    const start = negLogMarginal(
      x,
      ys,
      2,
      new Float64Array([Math.log(0.5), Math.log(0.5), 0, Math.log(1e-4)]),
      g,
    );
    const h = gp.hyper;
    const fitted = negLogMarginal(
      x,
      ys,
      2,
      new Float64Array([
        h.logLengthscales[0]!,
        h.logLengthscales[1]!,
        h.logSignalVar,
        h.logNoiseVar,
      ]),
      g,
    );
    expect(fitted).toBeLessThan(start);
    expect(h.logLengthscales[1]! - h.logLengthscales[0]!).toBeGreaterThan(Math.log(3));
  });
});
