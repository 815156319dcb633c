/**
 * The `optlab` command. Each sub-command lives in commands/; this file wires them
 * to the argument parser (commander) and turns errors into exit statuses:
 * 2 for a bad spec or bad arguments (one line on standard error, nothing on
 * standard output), 1 for a failure while running (also a result that is not
 * finite). Every error is one line of at most {@link MAX_ERROR_CHARS}
 * characters; a closed or full standard output ends the process without a
 * stack trace (io.ts). docs/guarantees.md states these rules.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { evalCommand } from './commands/eval.js';
import { jsonCommandHelp } from './help.js';
import { guardProcessOutput, type Io, processIo } from './io.js';
import { SpecError } from './spec.js';

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Registers a command's actions; each command module adds itself here. */
export type Register = (
  program: Command,
  io: Io,
  run: (fn: () => Promise<void> | void) => Promise<void>,
) => void;

const registrations: Register[] = [
  (program, io, run) => {
    program
      .command('eval')
      .description('value, exact gradient and Hessian-vector product of a problem (JSON spec)')
      .argument('<spec>', 'path to a JSON spec, or - for standard input')
      .addHelpText('after', () => jsonCommandHelp('eval'))
      .action((spec: string) => run(() => evalCommand(spec, io)));
  },
];

/** Adds a command module (used by the other command files). */
export function addCommand(r: Register): void {
  registrations.push(r);
}

/** Longest error line printed (characters). */
export const MAX_ERROR_CHARS = 500;

/** An error message as one line of at most {@link MAX_ERROR_CHARS} characters. */
export function oneLine(message: string): string {
  const s = message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return s.length > MAX_ERROR_CHARS ? `${s.slice(0, MAX_ERROR_CHARS - 1)}…` : s;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  if (io === processIo) guardProcessOutput();
  let status = 0;
  const program = new Command('optlab')
    .description('optlab: train neural networks and study how they are optimised')
    .version(version(), '-V, --version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  const run = async (fn: () => Promise<void> | void) => {
    try {
      await fn();
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (e instanceof SpecError || (e instanceof RangeError && /^invalid spec/.test(msg))) {
        io.err(`optlab: ${oneLine(msg)}\n`);
        status = 2;
      } else {
        io.err(`optlab: ${oneLine(msg)}\n`);
        status = 1;
      }
    }
  };
  await loadCommands();
  for (const r of registrations) r(program, io, run);
  for (const c of program.commands)
    c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    throw e;
  }
  return status;
}

let loaded = false;
/** Imports the command modules once (each calls addCommand). */
async function loadCommands(): Promise<void> {
  if (loaded) return;
  loaded = true;
  const mods = ['./commands/index.js'];
  for (const m of mods) await import(m);
}
