/**
 * Starting fixture workers (workerFixture.ts) for tests, as real processes
 * under `node --import tsx`, and collecting what they report over IPC.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerJob } from '../worker.js';

export const fixture = fileURLToPath(new URL('./workerFixture.ts', import.meta.url));

export interface Started {
  child: ChildProcess;
  /** Trial numbers this worker started. */
  started: number[];
  /** Results the storage recorded for this worker: trial number, row id, value. */
  recorded: { number: number; id: number; value: number | null }[];
  exit: Promise<{ code: number | null; signal: string | null }>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Called when the worker starts a trial. */
  onStart?: (n: number, w: Started) => void;
  /** Its own process group, without IPC (another "host"). */
  detached?: boolean;
}

export function startWorker(job: WorkerJob, o: StartOptions = {}): Started {
  const child = fork(fixture, [JSON.stringify(job)], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...o.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    ...(o.detached ? { detached: true } : {}),
  });
  const w: Started = {
    child,
    started: [],
    recorded: [],
    exit: new Promise((r) => child.on('exit', (code, signal) => r({ code, signal }))),
  };
  child.on(
    'message',
    (m: { started?: number; recorded?: number; id?: number; value?: number | null }) => {
      if (m.started !== undefined) {
        w.started.push(m.started);
        o.onStart?.(m.started, w);
      }
      if (m.recorded !== undefined)
        w.recorded.push({ number: m.recorded, id: m.id!, value: m.value ?? null });
    },
  );
  return w;
}
