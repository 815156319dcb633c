/** `optlab list` and `optlab run NAME|all`: the experiments of EXPERIMENTS.md. */
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { barProgress, lineProgress } from '../../experiments/progress.js';
import { experiments, findExperiment } from '../../experiments/registry.js';
import { type RunRecord, runExperiment } from '../../experiments/run.js';
import { formatTable } from '../../report/index.js';
import type { Io } from '../io.js';
import { addCommand } from '../main.js';

export interface RunCliOptions {
  quick?: boolean;
  out: string;
  seed: number;
  data: string;
}

export async function runCommand(name: string, o: RunCliOptions, io: Io): Promise<void> {
  const list = name === 'all' ? experiments : [findExperiment(name)];
  const records: RunRecord[] = [];
  for (const exp of list) {
    const prefix = list.length > 1 ? `[${exp.name}] ` : '';
    io.err(`${prefix}running ${exp.name}${o.quick ? ' (quick)' : ''}, seed ${o.seed}\n`);
    const progress = io.isTTY
      ? barProgress(process.stderr, prefix)
      : lineProgress((s) => io.err(s), prefix);
    records.push(
      await runExperiment(exp, {
        quick: o.quick ?? false,
        seed: o.seed,
        data: o.data,
        out: resolve(join(o.out, exp.name)),
        progress,
        write: (s) => io.out(s),
      }),
    );
  }
  if (records.length > 1) {
    io.out(
      `${formatTable(
        records.map((r) => ({
          experiment: r.name,
          seconds: r.seconds,
          checks: `${r.checks.filter((c) => c.passed).length}/${r.checks.length}`,
        })),
        { title: 'all experiments' },
      )}\n`,
    );
  }
}

function seedArg(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('must be an integer');
  return n;
}

addCommand((program, io, run) => {
  program
    .command('list')
    .description('list the experiments')
    .action(() =>
      run(() => {
        const w = Math.max(...experiments.map((e) => e.name.length));
        for (const e of experiments) io.out(`${e.name.padEnd(w)}  ${e.summary}\n`);
      }),
    );
  program
    .command('run')
    .description('run an experiment (or all) and write its data, figures and report')
    .argument('<name>', "experiment name (see 'optlab list'), or 'all'")
    .option('--quick', 'the quick form: well under a minute on 2 cores')
    .option('--out <dir>', 'output folder; each experiment writes into <dir>/<name>', 'out')
    .option('--seed <n>', 'seed of the generator', seedArg, 0)
    .option(
      '--data <name|dir>',
      "dataset: 'mnist', 'fashion-mnist' or a folder of IDX files",
      'mnist',
    )
    .action((name: string, o: RunCliOptions) => run(() => runCommand(name, o, io)));
});
