/**
 * Input limits of the CLI: how much work and memory one spec or config may ask
 * for. A small file can ask for a huge computation (`"steps": 1e9`, BFGS over
 * 20,000 variables, `"hidden": [1000000]`); these limits turn such a request
 * into a one-line error that names the limit and the environment variable that
 * lifts it, before anything is allocated. docs/guarantees.md lists them.
 *
 * Every limit is read from its environment variable when checked (so a test or
 * a user can raise it for one run); a value that is not a positive number is
 * ignored and the default kept.
 */
import { SpecError } from './errors.js';

export interface Limit {
  /** The environment variable that overrides the default. */
  env: string;
  default: number;
  /** What is limited, for the message ("values in the trace output"). */
  what: string;
}

export const LIMITS = {
  inputBytes: {
    env: 'OPTLAB_MAX_INPUT_BYTES',
    default: 32 * 1024 * 1024,
    what: 'bytes of a spec or config file',
  },
  traceValues: {
    env: 'OPTLAB_MAX_TRACE_VALUES',
    default: 1_000_000,
    what: 'numbers in a trace ((steps + 1) × variables)',
  },
  denseDim: {
    env: 'OPTLAB_MAX_DENSE_DIM',
    default: 2000,
    what: 'variables for a dense method (bfgs keeps an n × n matrix, newton forms and factors the Hessian)',
  },
  solverWork: {
    env: 'OPTLAB_MAX_SOLVER_WORK',
    default: 1e9,
    what: 'maxIter × variables for minimize',
  },
  spectrumDim: {
    env: 'OPTLAB_MAX_SPECTRUM_DIM',
    default: 20_000,
    what: 'variables for spectrum (up to 500 Lanczos vectors of n numbers, reorthogonalised: time ∝ n)',
  },
  activations: {
    env: 'OPTLAB_MAX_ACTIVATIONS',
    default: 10_000_000,
    what: 'activations of an mlp problem (inputs × widest layer)',
  },
  trainParams: {
    env: 'OPTLAB_MAX_PARAMS',
    default: 20_000_000,
    what: 'parameters of a trained network',
  },
  trainActivations: {
    env: 'OPTLAB_MAX_BATCH_ACTIVATIONS',
    default: 50_000_000,
    what: 'activations of one training batch (batch size × widest layer)',
  },
} as const satisfies Record<string, Limit>;

/** The value of a limit now (its environment variable, else the default). */
export function limitValue(l: Limit): number {
  const raw = process.env[l.env];
  if (raw === undefined || raw === '') return l.default;
  const v = Number(raw);
  return Number.isFinite(v) && v > 0 ? v : l.default;
}

/** Throws a SpecError when `amount` exceeds the limit, naming the field, the limit and how to lift it. */
export function checkLimit(l: Limit, amount: number, field: string, what = 'config'): void {
  const max = limitValue(l);
  if (amount <= max) return;
  throw new SpecError(
    `invalid ${what}: field ${field}: asks for ${fmt(amount)} ${l.what}, above the limit of ${fmt(max)} (set ${l.env} to raise it)`,
  );
}

/** The input size cap in bytes. */
export function maxInputBytes(): number {
  return limitValue(LIMITS.inputBytes);
}

function fmt(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e15 ? String(n) : n.toPrecision(3);
}
