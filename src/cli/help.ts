/**
 * The `--help` of the JSON commands: the spec's shape, every valid name (read
 * from the schemas the command validates with, see describe.ts), the output,
 * and an example spec that a test runs. docs/commands.md is the full
 * specification.
 */
import { wrapText } from '../experiments/consoleTable.js';
import {
  commonMinimizeOptions,
  fieldText,
  type MemberInfo,
  memberText,
  methods,
  optimizers,
  problems,
  schedules,
  tuneObjectives,
  tuneSamplers,
} from './describe.js';

export type JsonCommand = 'eval' | 'trace' | 'minimize' | 'spectrum' | 'tune';

/** One example spec per JSON command (each is run by a test, as in `--help`). */
export const EXAMPLES: Record<JsonCommand, unknown> = {
  eval: { problem: { name: 'rosenbrock' }, x: [-1.2, 1], v: [1, 0] },
  trace: {
    problem: { name: 'bowl' },
    x0: [-7, 2],
    optimizer: { name: 'momentum', lr: 0.1 },
    steps: 3,
  },
  minimize: { problem: { name: 'rosenbrock' }, x0: [-1.2, 1], method: 'bfgs' },
  spectrum: { problem: { name: 'powell' }, x: [3, -1, 0, 1], k: 2 },
  tune: { objective: { name: 'branin' }, sampler: { name: 'halton' }, trials: 4, seed: 0 },
};

const WIDTH = 100;

/** "Title: a, b(c=1), …" wrapped to the width with a hanging indent. */
function list(title: string, items: readonly string[], indent = 2): string {
  const pad = ' '.repeat(indent);
  return [title, ...wrapText(items.join(', '), WIDTH - indent).map((l) => pad + l)].join('\n');
}

/** One item a line (for members with many fields). */
function lines(title: string, ms: readonly MemberInfo[]): string {
  const out = [title];
  for (const m of ms) {
    const w = wrapText(memberText(m), WIDTH - 4);
    out.push(`  ${w[0]}`, ...w.slice(1).map((l) => `      ${l}`));
  }
  return out.join('\n');
}

const PROBLEMS = () =>
  list('Problems ("problem": {"name": …, fields}):', problems().map(memberText));

const LEGEND = 'Fields: name=default; name? optional; a bare name is required.';

function example(cmd: JsonCommand): string {
  return (
    `Example: with this spec in spec.json,\n  ${JSON.stringify(EXAMPLES[cmd])}\n` +
    `run \`optlab ${cmd} spec.json\` (or pipe it in: \`optlab ${cmd} -\`).`
  );
}

const SPEC_DOC =
  'The full specification, with each example and its output: docs/commands.md\n' +
  '(in the repository, and in the installed package).';

/** The text after the options of `optlab CMD --help`. */
export function jsonCommandHelp(cmd: JsonCommand): string {
  const parts: string[] = [];
  switch (cmd) {
    case 'eval':
      parts.push(
        'Spec: {"problem", "x": [numbers], "v"?: [numbers], "dtype"?: "float64" | "float32"}',
        'Prints {"f", "grad", "hvp" (when v is given)}: the value, the exact gradient and H(x)·v.',
        PROBLEMS(),
      );
      break;
    case 'trace':
      parts.push(
        'Spec: {"problem", "x0": [numbers], "optimizer": {"name", hyper-parameters}, "steps": N,\n' +
          '       "schedule"?: {"name", …}, "clip"?: {"globalNorm": v} | {"value": c}, "dtype"?}',
        'Prints {"x": [N+1 iterates], "f": [N+1 values]}.',
        PROBLEMS(),
        lines(
          'Optimizers ("optimizer"; lr without a default is required unless a schedule is given):',
          optimizers(),
        ),
        lines('Schedules ("schedule", overrides lr):', schedules()),
        LEGEND,
      );
      break;
    case 'minimize':
      parts.push(
        'Spec: {"problem", "x0": [numbers], "method", "options"?: {…}}',
        'Prints {"x", "fun", "grad", "nit", "nfev", "ngev", "nhvp", "success", "message"}.',
        PROBLEMS(),
        lines('Methods ("method") and the options of their own:', methods()),
        list('Options of every method:', commonMinimizeOptions().map(fieldText)),
        LEGEND,
      );
      break;
    case 'spectrum':
      parts.push(
        'Spec: {"problem", "x": [numbers], "k"?: 3, "dtype"?: "float64" | "float32"}',
        'Prints {"top": [k largest eigenvalues of H(x)], "bottom": [k smallest], "trace", "matvecs"}.',
        PROBLEMS(),
      );
      break;
    case 'tune':
      parts.push(
        'Spec: {"objective": {"name", …}, "sampler": {"name", …}, "trials": N, "seed"?: S}',
        'Prints {"best": {"value", "params"}, "trials": [{"params", "value"}, …]} (the value is minimised).',
        lines('Objectives ("objective"):', tuneObjectives()),
        lines('Samplers ("sampler"):', tuneSamplers()),
        LEGEND,
      );
      break;
  }
  parts.push(example(cmd), SPEC_DOC);
  return `\n${parts.join('\n\n')}\n`;
}
