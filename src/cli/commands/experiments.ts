/**
 * `optlab list` and `optlab run NAME|all`: the experiments of EXPERIMENTS.md.
 * The experiments, the chart renderer and the progress bar load only when a run
 * starts (see experiments/catalog.ts), so `--help` and a bad name answer at once.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { findIdxFile, IDX_FILES } from '../../data/node/idxDirectory.js';
import { FASHION_MNIST_SYSTEM_DIR } from '../../data/node/loadDataset.js';
import { experimentNames, loadExperiment } from '../../experiments/catalog.js';
import { wrapText } from '../../experiments/consoleTable.js';
import { SpecError } from '../errors.js';
import type { Io } from '../io.js';

export interface RunCliOptions {
  quick?: boolean;
  out: string;
  seed: number;
  data: string;
}

/**
 * Checks `--data` before anything runs, by the rules of `loadDataset`: 'mnist'
 * (built in), 'fashion-mnist' (the Debian folder) or a folder holding the four
 * IDX files. Throws the data layer's message (what is missing, how to get it).
 */
export function checkDataArg(data: string): void {
  if (data === 'mnist') return;
  const dir = data === 'fashion-mnist' ? FASHION_MNIST_SYSTEM_DIR : data;
  const dataset = data === 'fashion-mnist' ? 'fashion-mnist' : 'mnist';
  if (data !== 'fashion-mnist' && (!existsSync(dir) || !statSync(dir).isDirectory()))
    throw new Error(
      `--data '${data}' is neither a dataset name (mnist, fashion-mnist) nor a folder of IDX files`,
    );
  for (const base of Object.values(IDX_FILES)) findIdxFile(dir, base, dataset);
}

/** Runs `f`; an error it throws becomes a {@link SpecError} (status 2) with the same message. */
async function asBadArgument<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new SpecError((e as Error).message);
  }
}

function seconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

export async function runCommand(name: string, o: RunCliOptions, io: Io): Promise<void> {
  const t0 = performance.now();
  const names = name === 'all' ? experimentNames : [name];
  // every name and the data are checked before anything is printed as running
  // an unknown name or an unusable --data is a bad argument: status 2, nothing run
  const list = await asBadArgument(() => Promise.all(names.map(loadExperiment)));
  await asBadArgument(async () => checkDataArg(o.data));
  const [{ runExperiment }, { writeRunIndex }, { barProgress, lineProgress }] = await Promise.all([
    import('../../experiments/run.js'),
    import('../../experiments/runIndex.js'),
    import('../../experiments/progress.js'),
  ]);
  const records: { name: string; seconds: number; passed: number; checks: number }[] = [];
  for (const [k, exp] of list.entries()) {
    const prefix = list.length > 1 ? `[${k + 1}/${list.length} ${exp.name}] ` : '';
    io.err(`${prefix}running ${exp.name}${o.quick ? ' (quick)' : ''}, seed ${o.seed}\n`);
    const progress = io.isTTY
      ? barProgress(process.stderr, prefix)
      : lineProgress((s) => io.err(s), prefix);
    const t = performance.now();
    const r = await runExperiment(exp, {
      quick: o.quick ?? false,
      seed: o.seed,
      data: o.data,
      out: resolve(join(o.out, exp.name)),
      progress,
      write: (s) => io.out(s),
    });
    records.push({
      name: r.name,
      seconds: (performance.now() - t) / 1000,
      passed: r.checks.filter((c) => c.passed).length,
      checks: r.checks.length,
    });
  }
  const index = await writeRunIndex(resolve(o.out));
  const total = (performance.now() - t0) / 1000;
  if (records.length > 1) {
    const { formatConsoleTable } = await import('../../experiments/consoleTable.js');
    const passed = records.reduce((a, r) => a + r.passed, 0);
    const checks = records.reduce((a, r) => a + r.checks, 0);
    io.out(
      `${formatConsoleTable(
        records.map((r) => ({
          experiment: r.name,
          'seconds (with figures)': r.seconds,
          checks: `${r.passed}/${r.checks}`,
        })),
        { title: `all ${records.length} experiments${o.quick ? ' (quick)' : ''}`, digits: 2 },
      )}\n${passed} of ${checks} checks passed in ${seconds(total)}\n`,
    );
  }
  io.out(`index of the reports: ${index}\n`);
}

function seedArg(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('must be an integer');
  return n;
}

/** `optlab list`. */
export function configureList(cmd: Command, io: Io): void {
  cmd.action(async () => {
    const { experiments } = await import('../../experiments/registry.js');
    const w = Math.max(...experiments.map((e) => e.name.length));
    for (const e of experiments) io.out(`${e.name.padEnd(w)}  ${e.summary}\n`);
  });
}

/** `optlab run NAME|all`. */
export function configureRun(cmd: Command, io: Io): void {
  cmd
    .argument('<name>', "experiment name (see 'optlab list'), or 'all'")
    .option('--quick', 'the quick form: well under a minute on 2 cores')
    .option('--out <dir>', 'output folder; each experiment writes into <dir>/<name>', 'out')
    .option('--seed <n>', 'seed of the generator', seedArg, 0)
    .option(
      '--data <name|dir>',
      "dataset: 'mnist', 'fashion-mnist' or a folder of IDX files",
      'mnist',
    )
    .addHelpText(
      'after',
      `\nExperiments:\n${wrapText(`${experimentNames.join(', ')}.`, 96)
        .map((l) => `  ${l}`)
        .join('\n')}\n` +
        'Each writes <out>/<name>/results.json, CSV, SVG/PNG figures and report.html;\n' +
        '<out>/index.html links every report found in <out>.\n' +
        '\nExample:\n  optlab run optimizer-paths --quick\n  optlab run all --quick --out out',
    )
    .action((name: string, o: RunCliOptions) => runCommand(name, o, io));
}
