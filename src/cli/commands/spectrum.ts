/**
 * `optlab spectrum SPEC` (docs/commands.md): the k largest and k smallest eigenvalues
 * of the Hessian at x, multiplicities included, each with the residual
 * ‖H y − λ y‖₂ of its vector (how sure it is), the trace and the number of
 * Hessian-vector products used.
 *
 * For n ≤ 200 H is formed from n products H·eᵢ and diagonalised (every eigenvalue
 * with its multiplicity; the trace from the same products): `method: "dense"`.
 * Beyond, Lanczos with full reorthogonalisation (Hessian-vector products only; H
 * is never formed) until every wanted Ritz value has residual ≤ 1e-12·‖T‖, the
 * Krylov space is exhausted, or 500 steps per run, with deflation runs that find
 * repeated eigenvalues (`method: "lanczos"`); the trace is exact from n products
 * eᵢ when n ≤ 1000, else Hutchinson's estimate from 100 Rademacher probes.
 * `converged` says whether every value met its tolerance and was checked for
 * further copies.
 *
 * Spec: {"problem", "x", "k" (positive integer, default 3), "dtype" (as eval)}.
 * Output: {"top", "bottom", "topResiduals", "bottomResiduals", "trace",
 * "matvecs", "method", "converged"}.
 * When k > n, `top` and `bottom` hold all n eigenvalues (descending and
 * ascending). Random start vectors come from a fixed seed (0), so the output is
 * deterministic.
 */
import type { Command } from 'commander';
import { z } from 'zod';
import { hessianSpectrum } from '../../diagnostics/index.js';
import { problemObjective } from '../../objectives/index.js';
import { Rng } from '../../random/index.js';
import { jsonCommandHelp } from '../help.js';
import { type Io, printJson } from '../io.js';
import { checkLimit, LIMITS } from '../limits.js';
import {
  checkProblemVector,
  dtypeSchema,
  parseSpec,
  problem,
  readSpecText,
  vector,
} from '../spec.js';

export const spectrumSpec = z.strictObject({
  problem,
  x: vector.min(1),
  k: z.number().int().positive().default(3),
  dtype: dtypeSchema,
});
export type SpectrumSpec = z.infer<typeof spectrumSpec>;

export interface SpectrumResult {
  top: number[];
  bottom: number[];
  /** ‖H y − λ y‖₂ of each value of `top` / `bottom`: an eigenvalue lies within it. */
  topResiduals: number[];
  bottomResiduals: number[];
  trace: number;
  matvecs: number;
  method: 'dense' | 'lanczos';
  converged: boolean;
}

/** Computes the spectrum summary of a parsed spec. */
export function runSpectrum(spec: SpectrumSpec): SpectrumResult {
  checkProblemVector(spec.problem, 'x', spec.x);
  const n = spec.x.length;
  checkLimit(LIMITS.spectrumDim, n, 'x', 'spec');
  const objective = problemObjective(spec.problem, n, spec.dtype);
  const s = hessianSpectrum(objective, spec.x, {
    k: Math.min(spec.k, n),
    maxSteps: Math.min(n, 500),
    tol: 1e-12,
    rng: new Rng(0),
    trace: 'auto',
    exactMaxDim: 1000,
    probes: 100,
  });
  return {
    top: s.top,
    bottom: s.bottom,
    topResiduals: s.topResiduals,
    bottomResiduals: s.bottomResiduals,
    trace: s.trace,
    matvecs: s.matvecs,
    method: s.method,
    converged: s.converged,
  };
}

export function spectrumCommand(path: string, io: Io): void {
  const spec = parseSpec(spectrumSpec, readSpecText(path, io.stdin));
  printJson(io, runSpectrum(spec));
}

export function configure(cmd: Command, io: Io): void {
  cmd
    .argument('<spec>', 'path to a JSON spec, or - for standard input')
    .addHelpText('after', () => jsonCommandHelp('spectrum'))
    .action((spec: string) => spectrumCommand(spec, io));
}
