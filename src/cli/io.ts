/** Where a command writes, so the CLI can run in-process under tests. */
import { readFileSync } from 'node:fs';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, read whole. */
  stdin(): string;
  /** Whether standard error is a terminal (progress bars) */
  isTTY: boolean;
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  stdin: () => readFileSync(0, 'utf8'),
  isTTY: Boolean(process.stderr.isTTY),
};

/** Prints a JSON result on one line. */
export function printJson(io: Io, value: unknown): void {
  io.out(`${JSON.stringify(value)}\n`);
}
