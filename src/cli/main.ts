/**
 * The `optlab` command. The commands are the rows of one static table
 * (table.ts); this file names and describes each one to the argument parser
 * (commander), loads the module of the one being run, and turns errors into
 * exit statuses by their type (errors.ts): 2 for a bad spec or bad arguments
 * (one line on standard error, nothing on standard output), 1 for a failure
 * while running (also a result that is not finite). Every error is one line
 * of at most 500 characters (errors.ts); a closed or full standard
 * output ends the process without a stack trace (io.ts). docs/guarantees.md
 * states these rules.
 */
import { Command, CommanderError, Help } from 'commander';
import { reportError } from './errors.js';
import { guardProcessOutput, type Io, processIo } from './io.js';
import { COMMANDS, invokedCommand } from './table.js';
import { version } from './version.js';

/** Commander's ways of ending that are not errors: help or version shown. */
const SHOWN = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  if (io === processIo) guardProcessOutput();
  const write = { writeOut: (s: string) => io.out(s), writeErr: (s: string) => io.err(s) };
  const program = new Command('optlab')
    .description('optlab: train neural networks and study how they are optimised')
    .version(version(), '-V, --version')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput(write);
  // the list of commands shows each one's usage from the table, loaded or not
  const usage = new Map(COMMANDS.map((c) => [c.name, c.usage]));
  const plain = new Help();
  program.configureHelp({
    subcommandTerm: (c) => {
      const u = c.parent === program ? usage.get(c.name()) : undefined;
      return u === undefined ? plain.subcommandTerm(c) : u ? `${c.name()} ${u}` : c.name();
    },
  });
  const invoked = invokedCommand(argv);
  for (const entry of COMMANDS) {
    const cmd = program.command(entry.name).description(entry.summary);
    if (entry === invoked) (await entry.load())(cmd, io);
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    // commander has printed its own message (and the usage) for bad arguments
    if (e instanceof CommanderError) return SHOWN.has(e.code) ? 0 : 2;
    return reportError(e, io);
  }
  return 0;
}
