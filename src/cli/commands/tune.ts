/**
 * `optlab tune SPEC`: hyper-parameter search (docs/commands.md), with durable
 * studies (SQLite or PostgreSQL), worker processes, and workers on other hosts
 * that join a study (`--worker`). The JSON result goes to standard output;
 * one line per finished trial and any warning go to standard error.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { runTuneSpec } from '../../tune/run.js';
import { TuneSpecError } from '../../tune/spec.js';
import type { StudySettings } from '../../tune/storage.js';
import { jsonCommandHelp } from '../help.js';
import { type Io, printJson } from '../io.js';
import { readSpecText, SpecError } from '../spec.js';

export interface TuneCliOptions {
  study?: string;
  storage?: string;
  workers?: number;
  worker?: boolean;
  quiet?: boolean;
  retries?: number;
  heartbeat?: number;
  grace?: number;
}

export async function tuneCommand(
  path: string | undefined,
  o: TuneCliOptions,
  io: Io,
): Promise<void> {
  if (o.worker) {
    if (o.storage === undefined || o.study === undefined)
      throw new SpecError('tune --worker needs --storage URL and --study NAME');
  } else if (path === undefined) {
    throw new SpecError('tune needs a SPEC (a file, or - for standard input), or --worker');
  }
  if ((o.workers ?? 1) > 1 && o.storage === undefined)
    throw new SpecError('tune --workers needs --storage (a file or URL the workers share)');
  const settings: Partial<StudySettings> = {};
  if (o.retries !== undefined) settings.maxAttempts = o.retries + 1;
  if (o.heartbeat !== undefined) settings.heartbeatMs = o.heartbeat * 1000;
  if (o.grace !== undefined) settings.graceMs = o.grace * 1000;
  const json = path === undefined ? null : readSpecText(path, io.stdin);
  const { localHost } = await import('../../tune/worker.js');
  try {
    const result = await runTuneSpec(json, {
      ...(o.study !== undefined ? { study: o.study } : {}),
      ...(o.storage !== undefined ? { storage: o.storage } : {}),
      ...(o.workers !== undefined ? { workers: o.workers } : {}),
      ...(o.worker ? { join: true } : {}),
      ...(Object.keys(settings).length > 0 ? { settings } : {}),
      host: localHost(),
      ...(o.quiet ? {} : { log: (line: string) => io.err(`${line}\n`) }),
      warn: (line: string) => io.err(`${line}\n`),
    });
    printJson(io, result);
  } catch (e) {
    if (e instanceof TuneSpecError) throw new SpecError(`invalid spec: ${e.message}`);
    throw e;
  }
}

function intIn(lo: number, hi: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < lo || n > hi)
      throw new InvalidArgumentError(`must be an integer from ${lo} to ${hi}`);
    return n;
  };
}

function seconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0.01 || n > 86_400)
    throw new InvalidArgumentError('must be a number of seconds from 0.01 to 86400');
  return n;
}

export function configure(cmd: Command, io: Io): void {
  cmd
    .argument('[spec]', 'path to a JSON spec, or - for standard input (not with --worker)')
    .addHelpText('after', () => jsonCommandHelp('tune'))
    .option('--study <name>', 'name of the study in the storage (resumes it if it exists)')
    .option(
      '--storage <url>',
      'where the study lives: an SQLite file (or sqlite:///path) or postgresql://user@host:port/db',
    )
    .option('--workers <n>', 'worker processes on this host (needs --storage)', intIn(1, 256))
    .option('--worker', 'join the stored study (--storage, --study) and run its trials until done')
    .option('--quiet', 'no line per finished trial on standard error')
    .option('--retries <n>', 'retries of a trial whose worker died (default 2)', intIn(0, 100))
    .option('--heartbeat <s>', 'seconds between heartbeats of a running trial (default 5)', seconds)
    .option(
      '--grace <s>',
      'seconds without a heartbeat before a trial is presumed lost (default 60)',
      seconds,
    )
    .addHelpText(
      'after',
      `
Examples:
  optlab tune spec.json
  optlab tune spec.json --storage study.db --study s1 --workers 4
  optlab tune spec.json --storage postgresql://optlab@db:5432/optlab --study s1
  optlab tune --storage postgresql://optlab@db:5432/optlab --study s1 --worker   # on other hosts
See docs/studies.md.`,
    )
    .action((spec: string | undefined, o: TuneCliOptions) => tuneCommand(spec, o, io));
}
