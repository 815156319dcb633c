/**
 * `optlab spectrum SPEC` (CONTRACT.md): the k largest and k smallest eigenvalues
 * of the Hessian at x by Lanczos (full reorthogonalisation, Hessian-vector
 * products only; H is never formed), its trace — exact from n products eᵢ when
 * n ≤ 1000, else Hutchinson's estimate from 100 Rademacher probes — and the
 * number of products used.
 *
 * Spec: {"problem", "x", "k" (positive integer, default 3), "dtype" (as eval)}.
 * Lanczos runs until every wanted Ritz value has residual ≤ 1e-12·‖T‖, the
 * Krylov space is exhausted (n steps), or 500 steps.
 * When k > n, `top` and `bottom` hold all n eigenvalues (descending and
 * ascending). Random start vectors come from a fixed seed (0), so the output is
 * deterministic.
 */
import { z } from 'zod';
import { hessianSpectrum } from '../../diagnostics/index.js';
import { problemObjective } from '../../objectives/index.js';
import { Rng } from '../../random/index.js';
import { type Io, printJson } from '../io.js';
import { checkLimit, LIMITS } from '../limits.js';
import { addCommand } from '../main.js';
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
  trace: number;
  matvecs: number;
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
  return { top: s.top, bottom: s.bottom, trace: s.trace, matvecs: s.matvecs };
}

export function spectrumCommand(path: string, io: Io): void {
  const spec = parseSpec(spectrumSpec, readSpecText(path, io.stdin));
  printJson(io, runSpectrum(spec));
}

addCommand((program, io, run) => {
  program
    .command('spectrum')
    .description(
      'extreme Hessian eigenvalues (Lanczos) and trace of a problem at x (JSON spec, see CONTRACT.md)',
    )
    .argument('<spec>', 'path to a JSON spec, or - for standard input')
    .action((spec: string) => run(() => spectrumCommand(spec, io)));
});
