/** `optlab tune SPEC`: hyper-parameter search (docs/commands.md), with durable studies and worker processes. */
import { InvalidArgumentError } from 'commander';
import { runTuneSpec, TuneSpecError } from '../../tune/spec.js';
import { jsonCommandHelp } from '../help.js';
import { type Io, printJson } from '../io.js';
import { addCommand } from '../main.js';
import { readSpecText, SpecError } from '../spec.js';

export interface TuneCliOptions {
  study?: string;
  storage?: string;
  workers?: number;
}

export async function tuneCommand(path: string, o: TuneCliOptions, io: Io): Promise<void> {
  const json = readSpecText(path, io.stdin);
  try {
    const result = await runTuneSpec(json, {
      ...(o.study !== undefined ? { study: o.study } : {}),
      ...(o.storage !== undefined ? { storage: o.storage } : {}),
      ...(o.workers !== undefined ? { workers: o.workers } : {}),
    });
    printJson(io, result);
  } catch (e) {
    if (e instanceof TuneSpecError) throw new SpecError(`invalid spec: ${e.message}`);
    throw e;
  }
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new InvalidArgumentError('must be an integer from 1 to 256');
  return n;
}

addCommand((program, io, run) => {
  program
    .command('tune')
    .description(
      'minimise an objective over its domain by random, grid, Halton, DLFS or Bayesian search (JSON spec)',
    )
    .argument('<spec>', 'path to a JSON spec, or - for standard input')
    .addHelpText('after', () => jsonCommandHelp('tune'))
    .option('--study <name>', 'name of the study in the storage (resumes it if it exists)')
    .option(
      '--storage <file>',
      'SQLite file that keeps every trial as it happens (survives a crash)',
    )
    .option('--workers <n>', 'worker processes sharing the study (needs --storage)', positiveInt)
    .action((spec: string, o: TuneCliOptions) => run(() => tuneCommand(spec, o, io)));
});
