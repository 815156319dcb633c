/** `optlab trace SPEC`: N updates of a first-order optimizer from x0 (docs/commands.md). */
import type { Command } from 'commander';
import { z } from 'zod';
import { runTrace, traceSpecShape } from '../../contract/index.js';
import { problemObjective } from '../../objectives/index.js';
import { jsonCommandHelp } from '../help.js';
import { type Io, printJson } from '../io.js';
import { checkLimit, LIMITS } from '../limits.js';
import {
  checkProblemVector,
  parseSpec,
  problem,
  readSpecText,
  SpecError,
  vector,
} from '../spec.js';

const NEEDS_LR = new Set(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'delta-bar-delta']);

export const traceSpec = z
  .strictObject({ problem, x0: vector.min(1), ...traceSpecShape })
  .superRefine((v, ctx) => {
    const o = v.optimizer as { name: string; lr?: number };
    if (NEEDS_LR.has(o.name) && o.lr === undefined && !v.schedule) {
      ctx.addIssue({
        code: 'custom',
        path: ['optimizer', 'lr'],
        message: `required for ${o.name} when no schedule is given`,
      });
    }
  });

export function traceCommand(path: string, io: Io): void {
  const spec = parseSpec(traceSpec, readSpecText(path, io.stdin));
  checkProblemVector(spec.problem, 'x0', spec.x0);
  checkLimit(LIMITS.traceValues, (spec.steps + 1) * spec.x0.length, 'steps', 'spec');
  const { problem: p, x0, ...opts } = spec;
  const objective = problemObjective(p, x0.length);
  let result: ReturnType<typeof runTrace>;
  try {
    result = runTrace(objective, Float64Array.from(x0), opts);
  } catch (e) {
    if (e instanceof RangeError || e instanceof TypeError)
      throw new SpecError(`invalid spec: ${e.message}`);
    throw e;
  }
  printJson(io, result);
}

export function configure(cmd: Command, io: Io): void {
  cmd
    .argument('<spec>', 'path to a JSON spec, or - for standard input')
    .addHelpText('after', () => jsonCommandHelp('trace'))
    .action((spec: string) => traceCommand(spec, io));
}
