/** `optlab eval SPEC`: value, exact gradient and Hessian-vector product (docs/commands.md). */
import type { Command } from 'commander';
import { z } from 'zod';
import { hvpWithGrad, noGrad, valueAndGrad } from '../../autodiff/index.js';
import { problemFunction } from '../../objectives/problems.js';
import { tensor } from '../../tensor/index.js';
import { jsonCommandHelp } from '../help.js';
import { type Io, printJson } from '../io.js';
import {
  checkProblemVector,
  dtypeSchema,
  parseSpec,
  problem,
  readSpecText,
  SpecError,
  vector,
} from '../spec.js';

export const evalSpec = z.strictObject({
  problem,
  x: vector.min(1),
  v: vector.optional(),
  dtype: dtypeSchema,
});
export type EvalSpec = z.infer<typeof evalSpec>;

export interface EvalResult {
  f: number;
  grad: number[];
  hvp?: number[];
}

/** Evaluates a parsed spec. */
export function runEval(spec: EvalSpec): EvalResult {
  checkProblemVector(spec.problem, 'x', spec.x);
  if (spec.v && spec.v.length !== spec.x.length) {
    throw new SpecError(
      `invalid spec: field v: needs ${spec.x.length} numbers (the length of x), got ${spec.v.length}`,
    );
  }
  const f = problemFunction(spec.problem, spec.dtype);
  const x = tensor(spec.x, { dtype: spec.dtype });
  if (spec.v) {
    const r = hvpWithGrad(f, x, tensor(spec.v, { dtype: spec.dtype }));
    return { f: r.value.item(), grad: r.grad.toFlatArray(), hvp: r.hvp.toFlatArray() };
  }
  const [v, g] = valueAndGrad(f)(x);
  return noGrad(() => ({ f: v.item(), grad: g.toFlatArray() }));
}

export function evalCommand(path: string, io: Io): void {
  const spec = parseSpec(evalSpec, readSpecText(path, io.stdin));
  printJson(io, runEval(spec));
}

export function configure(cmd: Command, io: Io): void {
  cmd
    .argument('<spec>', 'path to a JSON spec, or - for standard input')
    .addHelpText('after', () => jsonCommandHelp('eval'))
    .action((spec: string) => evalCommand(spec, io));
}
