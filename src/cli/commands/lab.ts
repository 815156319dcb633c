/**
 * `optlab lab [--port P] [--open] [--runs DIR] [--host H]`: serves the browser
 * lab (the page built into dist/lab) on 127.0.0.1, prints its URL and stops
 * cleanly on Ctrl-C (SIGINT) or SIGTERM. Another host only when asked, with a
 * warning: the runs folder is then readable by anyone who can reach it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { Io } from '../io.js';
import { labAssetsDir, startLabServer } from '../lab/server.js';

export interface LabOptions {
  port: number;
  host: string;
  runs: string;
  open?: boolean;
  /** Resolves to stop the server (tests); default: SIGINT or SIGTERM. */
  until?: Promise<void>;
  /** Called once the server listens (tests). */
  onListening?: (url: string, server: Server) => void;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function openBrowser(url: string, io: Io): void {
  const cmd =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => io.err(`optlab lab: could not start ${cmd}; open ${url} yourself\n`));
  child.unref();
}

function signals(): Promise<string> {
  return new Promise((res) => {
    const on = (s: string) => () => {
      process.off('SIGINT', int);
      process.off('SIGTERM', term);
      res(s);
    };
    const int = on('SIGINT');
    const term = on('SIGTERM');
    process.on('SIGINT', int);
    process.on('SIGTERM', term);
  });
}

export async function labCommand(o: LabOptions, io: Io): Promise<void> {
  const assets = labAssetsDir();
  if (!existsSync(join(assets, 'index.html'))) {
    throw new Error(`the lab's page is not built (${assets} has no index.html): run npm run build`);
  }
  const runs = resolve(o.runs);
  if (!existsSync(runs))
    io.err(
      `optlab lab: note: ${runs} does not exist (yet): the reports page lists nothing until it does\n`,
    );
  if (!LOOPBACK.has(o.host)) {
    io.err(
      `optlab lab: warning: serving on ${o.host}, not loopback: anyone who can reach this address can read the lab and the files under ${runs}\n`,
    );
  }
  let started: Awaited<ReturnType<typeof startLabServer>>;
  try {
    started = await startLabServer({ assets, runs, host: o.host, port: o.port });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE')
      throw new Error(`port ${o.port} on ${o.host} is in use: choose another with --port`);
    throw e;
  }
  const { server, url } = started;
  io.out(`optlab lab: ${url}  (reports and studies from ${runs}; Ctrl-C stops)\n`);
  o.onListening?.(url, server);
  if (o.open) openBrowser(url, io);
  await (o.until ?? signals());
  await new Promise<void>((res) => {
    server.close(() => res());
    server.closeAllConnections();
  });
  io.err('optlab lab: stopped\n');
}

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('must be an integer from 0 to 65535 (0: any free port)');
  return n;
}

export function configure(cmd: Command, io: Io): void {
  cmd
    .option('--port <port>', 'port (0: any free port)', port, 5180)
    .option(
      '--host <host>',
      'address to listen on (other than loopback: with a warning)',
      '127.0.0.1',
    )
    .option('--runs <dir>', 'folder of experiment reports and studies shown read-only', 'out')
    .option('--open', 'open the lab in the default browser')
    .action((o: { port: number; host: string; runs: string; open?: boolean }) => labCommand(o, io));
}
