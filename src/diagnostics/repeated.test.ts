/**
 * Repeated Hessian eigenvalues (test/reference/spectrum-repeated.json: torch
 * autograd Hessians, numpy.linalg.eigvalsh; written by
 * test/reference/scripts/spectrum_repeated.py): a one-layer MSE network (n = 8,
 * every eigenvalue twice) and a network with four identical output units
 * (n = 184, a triple eigenvalue right below the largest). Both methods — the
 * dense one and Lanczos with deflation — must return every copy; single-vector
 * Lanczos alone does not.
 */
import { describe, expect, it } from 'vitest';
import { reference } from '../../test/helpers.js';
import { type ProblemSpec, problemObjective } from '../objectives/problems.js';
import { Rng } from '../random/index.js';
import { symmetricEigen } from './dense.js';
import { hessianSpectrum, type SpectrumOptions } from './spectrum.js';
import { jacobiEigenvalues, randomSymmetric } from './testUtil.js';

interface Case {
  name: string;
  problem: ProblemSpec;
  x: number[];
  k: number;
  expected: { eigenvalues: number[]; trace: number };
}

const cases = reference<{ cases: Case[] }>('spectrum-repeated.json').cases;
const find = (name: string): Case => cases.find((c) => c.name === name)!;

/** top/bottom k of the reference, and the largest |λ|. */
function truth(c: Case, k: number) {
  const ev = c.expected.eigenvalues;
  const n = ev.length;
  return {
    top: ev.slice(n - k).reverse(),
    bottom: ev.slice(0, k),
    scale: Math.max(...ev.map(Math.abs)),
  };
}

function spectrum(c: Case, k: number, o: SpectrumOptions) {
  return hessianSpectrum(problemObjective(c.problem, c.x.length), c.x, {
    k,
    rng: new Rng(0),
    ...o,
  });
}

/** Every reported value agrees with the truth, and lies within its residual of some true eigenvalue. */
function check(c: Case, k: number, o: SpectrumOptions, tol: number) {
  const s = spectrum(c, k, o);
  const t = truth(c, k);
  for (let i = 0; i < k; i++) {
    expect(Math.abs(s.top[i]! - t.top[i]!), `top[${i}]`).toBeLessThan(tol * t.scale);
    expect(Math.abs(s.bottom[i]! - t.bottom[i]!), `bottom[${i}]`).toBeLessThan(tol * t.scale);
  }
  const ev = c.expected.eigenvalues;
  const near = (v: number) => Math.min(...ev.map((e) => Math.abs(e - v)));
  for (let i = 0; i < k; i++) {
    expect(near(s.top[i]!)).toBeLessThanOrEqual(s.topResiduals[i]! + 1e-14 * t.scale);
    expect(near(s.bottom[i]!)).toBeLessThanOrEqual(s.bottomResiduals[i]! + 1e-14 * t.scale);
  }
  expect(s.converged).toBe(true);
  return s;
}

describe('one-layer MSE network, sizes [3, 2], n = 8: every eigenvalue twice', () => {
  const c = find('one-layer-mse');
  const t = truth(c, 3);
  it('the reference has pairs: top = [a, a, b]', () => {
    expect(t.top[0]! - t.top[1]!).toBeLessThan(1e-12);
    expect(t.top[1]! - t.top[2]!).toBeGreaterThan(0.1);
  });
  it('dense (the default at this size): both copies, residuals at rounding level, exact trace', () => {
    const s = check(c, 3, {}, 1e-13);
    expect([s.method, s.matvecs, s.lanczosRuns]).toEqual(['dense', 8, 0]);
    for (const r of [...s.topResiduals, ...s.bottomResiduals]) expect(r).toBeLessThan(1e-13);
    expect(Math.abs(s.trace - c.expected.trace)).toBeLessThan(1e-13 * t.scale);
  });
  it('lanczos with deflation: both copies', () => {
    const s = check(c, 3, { method: 'lanczos' }, 1e-12);
    expect(s.method).toBe('lanczos');
    expect(s.lanczosRuns).toBeGreaterThan(1);
  });
  it('single-vector Lanczos (deflate: false) returns a pair once: the limit deflation removes', () => {
    const s = spectrum(c, 3, { method: 'lanczos', deflate: false });
    expect(s.top[1]!).toBeLessThan(t.top[1]! - 0.1); // [a, b, …] instead of [a, a, b]
  });
});

describe('network with four identical outputs, sizes [10, 12, 4], n = 184: a triple eigenvalue', () => {
  const c = find('four-equal-outputs');
  const t = truth(c, 5);
  it('the reference: top 5 = [a, b, b, b, c]', () => {
    expect(c.x).toHaveLength(184);
    expect(t.top[1]! - t.top[3]!).toBeLessThan(1e-12);
    expect(t.top[0]! - t.top[1]!).toBeGreaterThan(0.05);
    expect(t.top[3]! - t.top[4]!).toBeGreaterThan(0.05);
  });
  it('dense (the default for n ≤ 200): the triple, and the bottom 5', () => {
    const s = check(c, 5, {}, 1e-12);
    expect([s.method, s.matvecs]).toEqual(['dense', 184]);
  });
  it('lanczos with deflation at its default tolerance: the triple', () => {
    check(c, 5, { method: 'lanczos' }, 1e-9);
  });
  it('single-vector Lanczos at the same tolerance loses a copy', () => {
    const s = spectrum(c, 5, { method: 'lanczos', deflate: false });
    expect(s.top[3]!).toBeLessThan(t.top[3]! - 0.05);
  });
});

describe('the dense eigensolver', () => {
  it('matches an independent Jacobi transcription on random symmetric matrices', () => {
    for (const n of [1, 2, 5, 30]) {
      const A = randomSymmetric(n, new Rng(n + 40));
      const e = symmetricEigen(A, n);
      const ref = jacobiEigenvalues(A, n);
      for (let i = 0; i < n; i++) expect(Math.abs(e.values[i]! - ref[i]!)).toBeLessThan(1e-12);
    }
  });
  it('rejects a bad method', () => {
    expect(() => spectrum(find('one-layer-mse'), 3, { method: 'qr' as never })).toThrow(
      /option method/,
    );
  });
});
