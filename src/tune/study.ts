/**
 * A study: a search space, a sampler, a seed and a storage, run trial by trial
 * by one or more workers.
 *
 * Each worker loops: claim a trial (atomically, in the storage: a retry of an
 * interrupted trial first, else a new trial number with parameters from the
 * sampler), evaluate it, store the result. Intermediate values go to the storage
 * as they are reported. Because everything a sampler needs is in the storage and
 * samplers are stateless, a study resumes after a crash exactly where it
 * stopped: a trial left `running` by a dead worker is marked failed and re-run
 * with the same parameters under the same number, so a resumed sequential study
 * produces the same trials as an uninterrupted one.
 *
 * A running trial is stale when its worker is gone: for this process's own
 * trials, when this Study is not running it; for other processes on the same
 * host (worker ids are `host:pid:k`), when the pid no longer exists
 * (`process.kill(pid, 0)`); trials of other hosts are never presumed dead
 * (a heartbeat would be needed for that).
 *
 * An objective that throws fails its trial (the error is stored) and, unless
 * `catchErrors`, the error propagates out of `optimize`; one that returns NaN
 * fails its trial and the study goes on; `TrialPruned` marks it pruned.
 */
import { type TrialContext, TrialPruned, type TuneObjective } from './objective.js';
import type { Pruner } from './pruner.js';
import type { FinishedTrial, Sampler } from './sampler.js';
import { type CompiledSpace, compileSpace, type SearchSpace } from './space.js';
import type { StudyInfo, StudyStorage, TrialRecord } from './storage.js';

export interface StudyOptions {
  storage: StudyStorage;
  /** Study name in the storage (default 'study'). */
  name?: string;
  space: SearchSpace;
  sampler: Sampler;
  seed?: number;
  direction?: 'minimize' | 'maximize';
  pruner?: Pruner;
  /** Identifying configuration stored with the study (default {space, sampler name, seed}). */
  config?: unknown;
}

export interface OptimizeOptions {
  /** Total number of trials (numbers) the study should have. */
  nTrials: number;
  /** Attempts per trial number when workers die (default 3). */
  maxAttempts?: number;
  /** Keep going when the objective throws (default false). */
  catchErrors?: boolean;
  /** Polling interval while waiting for other workers' trials (default 100 ms). */
  pollMs?: number;
  /** Called after each trial this worker finishes. */
  onTrial?: (t: TrialRecord) => void;
}

interface ProcessLike {
  pid: number;
  kill(pid: number, sig: number): boolean;
}

function nodeProcess(): ProcessLike | null {
  const p = (globalThis as { process?: ProcessLike }).process;
  return p && typeof p.pid === 'number' && typeof p.kill === 'function' ? p : null;
}

function hostName(): string {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return env?.HOSTNAME ?? 'localhost';
}

let workerCounter = 0;

/** Whether the worker `host:pid:k` may still be alive (true when unknowable). */
export function workerMayBeAlive(workerId: string): boolean {
  const proc = nodeProcess();
  const parts = workerId.split(':');
  const pid = Number(parts[parts.length - 2]);
  if (!proc || parts.slice(0, -2).join(':') !== hostName() || !Number.isInteger(pid)) return true;
  try {
    proc.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Study {
  readonly workerId: string;
  readonly space: CompiledSpace;
  private readonly running = new Set<number>();

  private constructor(
    readonly storage: StudyStorage,
    readonly info: StudyInfo,
    private readonly opts: StudyOptions,
  ) {
    this.space = compileSpace(opts.space);
    this.workerId = `${hostName()}:${nodeProcess()?.pid ?? 0}:${workerCounter++}`;
  }

  /** Creates the study in the storage, or opens it to resume (its config must match). */
  static async open(opts: StudyOptions): Promise<Study> {
    compileSpace(opts.space);
    const seed = opts.seed ?? 0;
    if (!Number.isFinite(seed)) throw new RangeError(`study: seed must be finite, got ${seed}`);
    const info = await opts.storage.openStudy({
      name: opts.name ?? 'study',
      direction: opts.direction ?? 'minimize',
      config: opts.config ?? { space: opts.space, sampler: opts.sampler.name, seed },
    });
    return new Study(opts.storage, info, { ...opts, seed });
  }

  get sign(): number {
    return this.info.direction === 'maximize' ? -1 : 1;
  }

  /** The study's finished (complete) trials as the sampler sees them: minimised, by number. */
  finished(trials: TrialRecord[]): FinishedTrial[] {
    return trials
      .filter((t) => t.state === 'complete' && t.value !== null)
      .sort((a, b) => a.number - b.number)
      .map((t) => ({ number: t.number, params: t.params, value: this.sign * t.value! }));
  }

  private signed(t: TrialRecord): TrialRecord {
    if (this.sign === 1) return t;
    return { ...t, intermediate: t.intermediate.map(([s, v]) => [s, -v]) };
  }

  /** Runs trials until the study has `nTrials` of them and none is left to run. */
  async optimize(evaluate: TuneObjective['evaluate'], options: OptimizeOptions): Promise<void> {
    const { nTrials } = options;
    if (!Number.isInteger(nTrials) || nTrials < 0) {
      throw new RangeError(`optimize: nTrials must be an integer ≥ 0, got ${nTrials}`);
    }
    const maxAttempts = options.maxAttempts ?? 3;
    const pollMs = options.pollMs ?? 100;
    const { storage, info } = this;
    const seed = this.opts.seed ?? 0;
    for (;;) {
      const claim = await storage.claimTrial({
        studyId: info.id,
        workerId: this.workerId,
        nTrials,
        maxAttempts,
        isStale: (t) =>
          t.workerId === this.workerId
            ? !this.running.has(t.id)
            : t.workerId === null || !workerMayBeAlive(t.workerId),
        propose: (number, trials) =>
          this.opts.sampler.sample({
            space: this.space,
            number,
            seed,
            nTrials,
            finished: this.finished(trials),
          }),
      });
      if (claim.kind === 'done') return;
      if (claim.kind === 'wait') {
        await sleep(pollMs);
        continue;
      }
      const rec = claim.trial;
      this.running.add(rec.id);
      try {
        await this.runTrial(rec, evaluate, options);
      } finally {
        this.running.delete(rec.id);
      }
      options.onTrial?.(rec);
    }
  }

  private async runTrial(
    rec: TrialRecord,
    evaluate: TuneObjective['evaluate'],
    options: OptimizeOptions,
  ): Promise<void> {
    const { storage, info } = this;
    const pruner = this.opts.pruner;
    let others: TrialRecord[] = [];
    const ctx: TrialContext = {
      number: rec.number,
      params: { ...rec.params },
      report: async (step, value) => {
        if (!Number.isFinite(step)) {
          throw new RangeError(`trial.report: step must be a finite number, got ${step}`);
        }
        if (typeof value !== 'number') {
          throw new TypeError(`trial.report: value must be a number, got ${typeof value}`);
        }
        await storage.reportIntermediate(rec.id, step, value);
        rec.intermediate.push([step, value]);
        if (pruner) others = (await storage.getTrials(info.id)).map((t) => this.signed(t));
      },
      shouldPrune: () => (pruner ? pruner.shouldPrune(this.signed(rec), others) : false),
    };
    let value: unknown;
    try {
      value = await evaluate(ctx.params, ctx);
    } catch (e) {
      if (e instanceof TrialPruned) {
        const last = rec.intermediate[rec.intermediate.length - 1];
        rec.state = 'pruned';
        rec.value = last ? last[1] : null;
        await storage.finishTrial(rec.id, 'pruned', rec.value);
        return;
      }
      rec.state = 'failed';
      rec.error = e instanceof Error ? e.message : String(e);
      await storage.finishTrial(rec.id, 'failed', null, rec.error);
      if (!options.catchErrors) throw e;
      return;
    }
    if (typeof value !== 'number') {
      rec.state = 'failed';
      rec.error = `objective returned ${typeof value}, expected a number`;
      await storage.finishTrial(rec.id, 'failed', null, rec.error);
      throw new TypeError(rec.error);
    }
    if (Number.isNaN(value)) {
      rec.state = 'failed';
      rec.error = 'objective returned NaN';
      await storage.finishTrial(rec.id, 'failed', null, rec.error);
      return;
    }
    rec.state = 'complete';
    rec.value = value;
    await storage.finishTrial(rec.id, 'complete', value);
  }

  async trials(): Promise<TrialRecord[]> {
    return this.storage.getTrials(this.info.id);
  }
}
