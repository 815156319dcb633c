/**
 * Worker processes sharing one study through an SQLite file (Node only).
 *
 * `runWorker(job)` opens the study named in `job` and runs trials until the
 * budget is used up; several processes running it on the same file never run a
 * trial twice (claims are IMMEDIATE transactions, see sqliteStorage.ts).
 * `forkWorkers(job, n)` starts n processes with `child_process.fork` on
 * `workerMain` and waits for all of them. The entry file is chosen beside this
 * module: `workerMain.js` in compiled code; `workerMain.ts` under tsx or vitest,
 * started with `node --import tsx` (tsx is a dev dependency; the published
 * package runs the compiled .js).
 *
 * A job is plain JSON: `{storage: path, study: name, spec: TuneSpec}`; the
 * worker gets it as its first command-line argument.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TuneObjective } from './objective.js';
import { makeObjective, makeSampler, parseTuneSpec, studyConfig, type TuneSpec } from './spec.js';
import { SqliteStorage } from './sqliteStorage.js';
import { Study } from './study.js';

export interface WorkerJob {
  storage: string;
  study: string;
  spec: TuneSpec;
}

export interface RunWorkerOptions {
  /** Replaces the spec's objective (same space); tests use it for slow objectives. */
  objective?: TuneObjective;
  maxAttempts?: number;
}

/** Runs one worker of `job` in this process until the study's budget is used. */
export async function runWorker(job: WorkerJob, options: RunWorkerOptions = {}): Promise<void> {
  const spec = parseTuneSpec(job.spec);
  const objective = options.objective ?? makeObjective(spec.objective);
  const storage = new SqliteStorage(job.storage);
  try {
    const study = await Study.open({
      storage,
      name: job.study,
      space: objective.space,
      sampler: makeSampler(spec.sampler),
      seed: spec.seed ?? 0,
      direction: objective.direction ?? 'minimize',
      config: studyConfig(spec),
    });
    await study.optimize(objective.evaluate, {
      nTrials: spec.trials,
      ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
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

/** Forks `n` workers on `job` and resolves when all exit (rejects if one fails). */
export async function forkWorkers(job: WorkerJob, n: number): Promise<void> {
  const { file, execArgv } = workerEntry();
  const codes = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<number | null>((resolve, reject) => {
          const child = fork(file, [JSON.stringify(job)], { execArgv, stdio: 'inherit' });
          child.on('error', reject);
          child.on('exit', (code) => resolve(code));
        }),
    ),
  );
  const bad = codes.filter((c) => c !== 0);
  if (bad.length > 0)
    throw new Error(`tune: ${bad.length} of ${n} workers failed (exit codes ${bad.join(', ')})`);
}
