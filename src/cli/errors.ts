/**
 * How the `optlab` command reports an error: by its type, never by its
 * message. {@link ERROR_KINDS} maps each error class to an exit status — 2 for
 * bad input (nothing was computed or written), 1 for a failure while running —
 * and every error is printed as one line `optlab: MESSAGE` of at most
 * {@link MAX_ERROR_CHARS} characters on standard error (docs/guarantees.md).
 * An error of no listed class (a file that cannot be read by a command that
 * does not check it first, a bug) is a failure while running: status 1.
 *
 * The classes are loaded only when an error is classified, so that
 * `optlab --help` does not load the layers that define them (an error of a
 * class means its module is loaded already).
 */
import type { Io } from './io.js';

/**
 * Bad input to a command: a spec or config that does not validate, a bad
 * argument, a request above a limit (limits.ts). Its message names the field.
 */
export class SpecError extends Error {
  override name = 'SpecError';
}

/** Longest error line printed (characters). */
export const MAX_ERROR_CHARS = 500;

/** An error message as one line of at most {@link MAX_ERROR_CHARS} characters. */
export function oneLine(message: string): string {
  const s = message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return s.length > MAX_ERROR_CHARS ? `${s.slice(0, MAX_ERROR_CHARS - 1)}…` : s;
}

type ErrorClass = abstract new (...args: never[]) => Error;

export interface ErrorKind {
  /** The exit status: 2 bad input, 1 a failure while running. */
  status: 1 | 2;
  /** What an error of this class means, for the reader of this table. */
  means: string;
  /** The class (imported when needed). */
  type: () => Promise<ErrorClass>;
}

/** Error classes and their exit statuses; the first class an error is an instance of decides. */
export const ERROR_KINDS: readonly ErrorKind[] = [
  {
    status: 2,
    means: 'a spec, config or argument that does not validate, or a request above a limit',
    type: async () => SpecError,
  },
  {
    status: 2,
    means: 'an option a library entry point refused (src/options: names the option and its range)',
    type: async () => (await import('../options/parse.js')).OptionError,
  },
  {
    status: 2,
    means: 'a resumed run whose settings, data or model differ from its checkpoint',
    type: async () => (await import('../train/resume.js')).ResumeMismatchError,
  },
  {
    status: 2,
    means: 'a study storage that cannot be opened or holds something else',
    type: async () => (await import('../tune/storage.js')).StorageError,
  },
  {
    status: 1,
    means: 'training diverged (a non-finite loss or gradient, or the divergence guard)',
    type: async () => (await import('../train/errors.js')).TrainingError,
  },
  {
    status: 1,
    means: 'data files missing, truncated, corrupt or failing a checksum',
    type: async () => (await import('../data/errors.js')).DataError,
  },
  {
    status: 1,
    means: 'a result JSON cannot hold (Infinity, NaN): nothing was printed',
    type: async () => (await import('./io.js')).NonFiniteResultError,
  },
];

/** The exit status of an error by its class ({@link ERROR_KINDS}; 1 for any other). */
export async function exitStatus(e: unknown): Promise<1 | 2> {
  if (!(e instanceof Error)) return 1;
  for (const k of ERROR_KINDS) if (e instanceof (await k.type())) return k.status;
  return 1;
}

/** Prints `optlab: MESSAGE` (one line) on standard error and returns the exit status. */
export async function reportError(e: unknown, io: Io): Promise<1 | 2> {
  const message = e instanceof Error ? e.message : String(e);
  io.err(`optlab: ${oneLine(message)}\n`);
  return exitStatus(e);
}
