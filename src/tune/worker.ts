/**
 * Worker processes sharing one study through a storage URL (Node only).
 *
 * `runWorker(job)` opens the study named in `job` — from its spec when the job
 * has one, else as stored (objective, sampler, seed, budget) — and runs trials
 * until the budget is used up; any number of processes on any number of hosts
 * may run it on one storage (claims are atomic, see storage/sql.ts).
 * `forkWorkers(job, n)` starts n processes with `child_process.fork` on
 * `workerMain` and waits for all of them; they report each finished trial
 * over IPC and exit when their parent dies (workerMain.ts). The entry file is
 * chosen beside this module: `workerMain.js` in compiled code; `workerMain.ts`
 * under tsx or vitest, started with `node --import tsx` (tsx is a dev
 * dependency; the published package runs the compiled .js).
 *
 * A job is plain JSON: `{storage: URL, study: name, spec?: TuneSpec}`; the
 * worker gets it as its first command-line argument.
 */
import { fork } from 'node:child_process';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { TuneObjective } from './objective.js';
import { openSpecStudy } from './run.js';
import { parseTuneSpec, specFromStudy, type TuneSpec } from './spec.js';
import { openStorage } from './storage/open.js';
import type { FinishStatus, StudySettings, TrialRecord } from './storage.js';

export interface WorkerJob {
  storage: string;
  study: string;
  /** When given, the study is created from it if missing (and must match if not). */
  spec?: TuneSpec;
  /** Worker policy to store with the study (with `spec`). */
  settings?: Partial<StudySettings>;
}

export interface RunWorkerOptions {
  /** Replaces the spec's objective (same space); tests use it for slow objectives. */
  objective?: TuneObjective;
  /** Called after each trial this worker finishes. */
  onTrial?: (t: TrialRecord, status: FinishStatus) => void;
}

/** This host's name in worker ids: $OPTLAB_HOST, else the system's host name. */
export function localHost(): string {
  return process.env.OPTLAB_HOST || hostname();
}

/** Runs one worker of `job` in this process until the study's budget is used. */
export async function runWorker(job: WorkerJob, options: RunWorkerOptions = {}): Promise<void> {
  const storage = await openStorage(job.storage);
  try {
    let spec: TuneSpec;
    if (job.spec) spec = parseTuneSpec(job.spec);
    else {
      const info = await storage.loadStudy(job.study);
      if (!info) throw new RangeError(`no study "${job.study}" in ${storage.location}`);
      spec = specFromStudy(info.config, info.nTrials);
    }
    const { study, objective } = await openSpecStudy(spec, storage, {
      study: job.study,
      setBudget: job.spec !== undefined,
      host: localHost(),
      ...(job.settings ? { settings: job.settings } : {}),
      ...(options.objective ? { objective: options.objective } : {}),
    });
    await study.optimize(objective.evaluate, {
      nTrials: spec.trials,
      ...(options.onTrial ? { onTrial: options.onTrial } : {}),
    });
  } finally {
    await storage.close();
  }
}

/** The worker entry file and the Node flags it needs. */
export function workerEntry(): { file: string; execArgv: string[] } {
  const ts = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(ts ? './workerMain.ts' : './workerMain.js', import.meta.url));
  return { file, execArgv: ts ? ['--import', 'tsx'] : [] };
}

export interface ForkOptions {
  /** Each trial a worker finishes (sent over IPC). */
  onTrial?: (t: TrialRecord, status: FinishStatus) => void;
}

/**
 * Forks `n` workers on `job` and resolves when all have exited: with the
 * workers killed by a signal (their trials are retried by the others, or by
 * the caller). Rejects when a worker exits with an error.
 */
export async function forkWorkers(
  job: WorkerJob,
  n: number,
  o: ForkOptions = {},
): Promise<{ killed: { pid: number; signal: string }[] }> {
  const { file, execArgv } = workerEntry();
  const exits = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<{ pid: number; code: number | null; signal: string | null }>(
          (resolve, reject) => {
            const child = fork(file, [JSON.stringify(job)], {
              execArgv,
              stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
            });
            child.on('error', reject);
            child.on('message', (m: { trial?: TrialRecord; status?: FinishStatus }) => {
              if (m.trial && m.status) o.onTrial?.(m.trial, m.status);
            });
            child.on('exit', (code, signal) => resolve({ pid: child.pid ?? 0, code, signal }));
          },
        ),
    ),
  );
  const bad = exits.filter((e) => e.signal === null && e.code !== 0);
  if (bad.length > 0) {
    throw new Error(
      `tune: ${bad.length} of ${n} workers failed (exit codes ${bad.map((e) => e.code).join(', ')})`,
    );
  }
  return {
    killed: exits.filter((e) => e.signal !== null).map((e) => ({ pid: e.pid, signal: e.signal! })),
  };
}
