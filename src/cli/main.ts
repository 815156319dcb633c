/**
 * The `optlab` command. Each sub-command lives in commands/; this file wires them
 * to the argument parser (commander) and turns errors into exit statuses:
 * 2 for a bad spec or bad arguments (one line on standard error, nothing on
 * standard output), 1 for a failure while running.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { evalCommand } from './commands/eval.js';
import { type Io, processIo } from './io.js';
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
      .description(
        'value, exact gradient and Hessian-vector product of a problem (JSON spec, see CONTRACT.md)',
      )
      .argument('<spec>', 'path to a JSON spec, or - for standard input')
      .action((spec: string) => run(() => evalCommand(spec, io)));
  },
];

/** Adds a command module (used by the other command files). */
export function addCommand(r: Register): void {
  registrations.push(r);
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
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
      if (e instanceof SpecError || (e instanceof RangeError && /^invalid spec/.test(e.message))) {
        io.err(`optlab: ${e.message}\n`);
        status = 2;
      } else {
        io.err(`optlab: ${e instanceof Error ? e.message : String(e)}\n`);
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
