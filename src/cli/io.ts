/**
 * Where a command writes, so the CLI can run in-process under tests; how it
 * reads its inputs (with a size cap) and prints its JSON (only finite numbers).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { SpecError } from './errors.js';
import { maxInputBytes } from './limits.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, read whole (at most `maxBytes` + 1 bytes are read; a caller refuses more). */
  stdin(maxBytes?: number): string;
  /** Whether standard error is a terminal (progress bars) */
  isTTY: boolean;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  stdin: (maxBytes) =>
    readCapped(0, maxBytes ?? maxInputBytes(), 'standard input').toString('utf8'),
  isTTY: Boolean(process.stderr.isTTY),
};

/**
 * Reads at most `max` + 1 bytes of an open file descriptor and throws a
 * SpecError when there are more: `/dev/zero`, a 10 GB file or an endless pipe
 * cost at most `max` bytes of memory, never an abort.
 */
export function readCapped(fd: number, max: number, what: string): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.allocUnsafe(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        continue;
      }
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    total += n;
    if (total > max) throw tooLarge(what, `more than ${max} bytes`);
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(what: string, size: string): SpecError {
  return new SpecError(
    `${what} is too large (${size}; set OPTLAB_MAX_INPUT_BYTES to raise the limit)`,
  );
}

/** Reads a whole input file with the size cap of {@link readCapped} (regular files are checked by size first). */
export function readFileCapped(path: string, what: string, max = maxInputBytes()): Buffer {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new SpecError(`${what} is a directory, not a file`);
    if (st.isFile() && st.size > max) throw tooLarge(what, `${st.size} bytes, more than ${max}`);
    return readCapped(fd, max, what);
  } finally {
    closeSync(fd);
  }
}

/** A result that holds a number JSON cannot carry (Infinity, NaN): nothing is printed. */
export class NonFiniteResultError extends Error {
  override name = 'NonFiniteResultError';
}

/** The path of the first non-finite number in a JSON-like value (`f`, `x[3][1]`), or null. */
export function findNonFinite(value: unknown): { path: string; value: number } | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: path || '(root)', value: v };
    } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const a = v as unknown as ArrayLike<number>;
      for (let i = 0; i < a.length; i++)
        if (typeof a[i] === 'number' && !Number.isFinite(a[i]!))
          return { path: `${path}[${i}]`, value: a[i]! };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]!;
        stack.push([x, path ? `${path}.${k}` : k]);
      }
    }
  }
  return null;
}

/**
 * Prints a JSON result on one line. JSON has no Infinity or NaN (they would
 * print as `null`), so a result holding one is refused with an error naming the
 * first such field; the CLI then exits with status 1 and prints nothing on
 * standard output (docs/guarantees.md).
 */
export function printJson(io: Io, value: unknown): void {
  const bad = findNonFinite(value);
  if (bad) {
    throw new NonFiniteResultError(
      `the result is not finite: ${bad.path} is ${bad.value} (float64 overflowed or the method diverged); nothing was printed`,
    );
  }
  io.out(`${JSON.stringify(value)}\n`);
}

/**
 * Handles a failed write to standard output (an error event on the stream): a
 * reader that went away (EPIPE, as in `optlab trace s.json | head -1`) ends the
 * process quietly with status 141 like SIGPIPE would; any other failure (a full
 * disk: ENOSPC) prints one line and exits with status 1. Never a stack trace.
 */
export function onOutputError(
  e: NodeJS.ErrnoException,
  err: (s: string) => void,
  exit: (code: number) => void,
): void {
  if (e.code === 'EPIPE') {
    exit(141);
    return;
  }
  err(`optlab: cannot write to standard output: ${e.message}\n`);
  exit(1);
}

let guarded = false;
/** Installs {@link onOutputError} on the process's standard output and error (once). */
export function guardProcessOutput(): void {
  if (guarded) return;
  guarded = true;
  const exit = (code: number) => process.exit(code);
  process.stdout.on('error', (e: NodeJS.ErrnoException) =>
    onOutputError(e, (s) => process.stderr.write(s), exit),
  );
  process.stderr.on('error', () =>
    exit(process.exitCode === undefined ? 1 : Number(process.exitCode)),
  );
}
