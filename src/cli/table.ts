/**
 * The commands of `optlab`, in the order `optlab --help` lists them: one
 * static table. Each row holds what the top-level help shows (name, usage,
 * summary) and a loader of the module that configures the command (its
 * arguments, options, help text and action). main.ts loads only the module of
 * the command being run, so `optlab --help` and an unknown command load none
 * of them. `table.test.ts` checks that each row's usage is the one its module
 * declares.
 */
import type { Command } from 'commander';
import type { Io } from './io.js';

/** Adds a command's arguments, options, help text and action to `cmd` (named and described by the table). */
export type Configure = (cmd: Command, io: Io) => void;

export interface CommandEntry {
  name: string;
  /** What follows the name in the list of commands: `[options] <spec>` (as commander writes it). */
  usage: string;
  /** One line, shown in `optlab --help` and above the command's own help. */
  summary: string;
  load: () => Promise<Configure>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'eval',
    usage: '<spec>',
    summary: 'value, exact gradient and Hessian-vector product of a problem (JSON spec)',
    load: async () => (await import('./commands/eval.js')).configure,
  },
  {
    name: 'trace',
    usage: '<spec>',
    summary: 'run N optimizer updates from x0 and print every iterate (JSON spec)',
    load: async () => (await import('./commands/trace.js')).configure,
  },
  {
    name: 'tune',
    usage: '[options] [spec]',
    summary:
      'minimise an objective over its domain by random, grid, Halton, DLFS or Bayesian search (JSON spec); several workers on many hosts may run one study',
    load: async () => (await import('./commands/tune.js')).configure,
  },
  {
    name: 'minimize',
    usage: '<spec>',
    summary:
      'minimise a problem with gd, cg, bfgs, lbfgs, newton, newton-cg or coordinate descent (JSON spec)',
    load: async () => (await import('./commands/minimize.js')).configure,
  },
  {
    name: 'list',
    usage: '',
    summary: 'list the experiments',
    load: async () => (await import('./commands/experiments.js')).configureList,
  },
  {
    name: 'run',
    usage: '[options] <name>',
    summary: 'run an experiment (or all) and write its data, figures and report',
    load: async () => (await import('./commands/experiments.js')).configureRun,
  },
  {
    name: 'data',
    usage: '',
    summary: 'datasets: download, inspect',
    load: async () => (await import('./commands/data.js')).configure,
  },
  {
    name: 'spectrum',
    usage: '<spec>',
    summary:
      'extreme Hessian eigenvalues (dense or Lanczos, with residuals) and trace of a problem at x (JSON spec)',
    load: async () => (await import('./commands/spectrum.js')).configure,
  },
  {
    name: 'lab',
    usage: '[options]',
    summary: 'serve the browser lab (playground, training dashboard, curvature, reports)',
    load: async () => (await import('./commands/lab.js')).configure,
  },
  {
    name: 'export',
    usage: '[options] <model>',
    summary:
      "a trained model (optlab train's out/model) as safetensors with PyTorch names, or as ONNX; --import loads a safetensors file back",
    load: async () => (await import('./commands/export.js')).configure,
  },
  {
    name: 'study',
    usage: '',
    summary: 'look at stored tune studies and move them between SQLite and PostgreSQL',
    load: async () => (await import('./commands/study.js')).configure,
  },
  {
    name: 'info',
    usage: '[options]',
    summary: 'version, backend in use, CPU features of the native kernels, thread count',
    load: async () => (await import('./commands/info.js')).configure,
  },
  {
    name: 'train',
    usage: '[options]',
    summary:
      'train an MLP on a dataset from a JSON or YAML config (progress, metrics, checkpoints)',
    load: async () => (await import('./commands/train.js')).configure,
  },
];

/**
 * The row of the command `argv` runs (`optlab NAME …`, or `optlab help NAME`),
 * if any: the only module main.ts has to load.
 */
export function invokedCommand(argv: readonly string[]): CommandEntry | undefined {
  const name = argv[0] === 'help' ? argv[1] : argv[0];
  return COMMANDS.find((c) => c.name === name);
}
