/** `optlab minimize SPEC`: full-batch solvers with SciPy's result shape (docs/commands.md). */
import type { Command } from 'commander';
import { minimizeSpecSchema, toMinimizeOptions } from '../../contract/solver.js';
import { problemObjective } from '../../objectives/index.js';
import { OptionError } from '../../options/index.js';
import { minimize } from '../../solvers/index.js';
import { jsonCommandHelp } from '../help.js';
import { type Io, printJson } from '../io.js';
import { checkLimit, LIMITS } from '../limits.js';
import { checkProblemVector, parseSpec, problem, readSpecText, SpecError } from '../spec.js';

export const minimizeSpec = minimizeSpecSchema(problem);

/**
 * The option and what is wrong with it, when `e` is a solver refusing an
 * option: an {@link OptionError} (`bfgs: option c2 must be …, got 0.1`).
 */
function solverOptionError(e: unknown): { option: string; detail: string } | null {
  if (e instanceof OptionError) {
    const head = `${e.where}: option ${e.option} `;
    return {
      option: e.option,
      detail: e.message.startsWith(head) ? e.message.slice(head.length) : e.message,
    };
  }
  return null;
}

export function minimizeCommand(path: string, io: Io): void {
  const spec = parseSpec(minimizeSpec, readSpecText(path, io.stdin));
  checkProblemVector(spec.problem, 'x0', spec.x0);
  const n = spec.x0.length;
  if (spec.method === 'bfgs' || spec.method === 'newton')
    checkLimit(LIMITS.denseDim, n, 'x0', 'spec');
  checkLimit(LIMITS.solverWork, spec.options.maxIter * n, 'options.maxIter', 'spec');
  for (const [i, v] of spec.x0.entries()) {
    if (!Number.isFinite(v))
      throw new SpecError(`invalid spec: field x0[${i}]: must be a finite number`);
  }
  const objective = problemObjective(spec.problem, spec.x0.length);
  let options: ReturnType<typeof toMinimizeOptions>;
  try {
    options = toMinimizeOptions(spec.method, spec.options);
  } catch (e) {
    const bad = solverOptionError(e);
    if (bad) throw new SpecError(`invalid spec: field options.${bad.option}: ${bad.detail}`);
    throw new SpecError(`invalid spec: field options: ${(e as Error).message}`);
  }
  let r: ReturnType<typeof minimize>;
  try {
    r = minimize(objective, Float64Array.from(spec.x0), options);
  } catch (e) {
    // the solvers check their options once, up front (c1 < c2, say): a spec error naming the field
    const bad = solverOptionError(e);
    if (bad) throw new SpecError(`invalid spec: field options.${bad.option}: ${bad.detail}`);
    throw e;
  }
  printJson(io, {
    x: Array.from(r.x),
    fun: r.fun,
    grad: Array.from(r.grad),
    nit: r.nit,
    nfev: r.nfev,
    ngev: r.ngev,
    nhvp: r.nhvp,
    success: r.success,
    message: r.message,
    // why the run stopped, as a key: 'gtol' (success), 'ftol' (SciPy's L-BFGS-B
    // convergence on f, success false by the contract's rule), 'maxIter', 'lineSearch', …
    status: r.status,
  });
}

export function configure(cmd: Command, io: Io): void {
  cmd
    .argument('<spec>', 'path to a JSON spec, or - for standard input')
    .addHelpText('after', () => jsonCommandHelp('minimize'))
    .action((spec: string) => minimizeCommand(spec, io));
}
