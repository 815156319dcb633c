/**
 * A study: a search space, a sampler, a seed and a storage, run trial by trial
 * by one or more workers, in one process or many, on one host or many.
 *
 * Each worker loops: claim a trial (atomically, in the storage: a retry of an
 * interrupted trial first, else a new trial number with parameters from the
 * sampler), evaluate it while sending heartbeats, store the result.
 * Intermediate values go to the storage as they are reported, so pruners
 * compare with every worker's trials. Because everything a sampler needs is in
 * the storage and samplers are stateless, a study resumes after a crash
 * exactly where it stopped: a trial left `running` by a dead worker is failed
 * and re-run with the same parameters under the same number, so a resumed
 * one-worker study produces the same trials as an uninterrupted one.
 *
 * The study, not the storage, decides when a worker is gone (`settings`,
 * stored with the study so every worker applies the same):
 * - its own trials: when this Study is not running them (a claim whose answer
 *   was lost with the connection);
 * - a worker on this host (worker ids are `host:pid:k`): at once when its pid
 *   no longer exists;
 * - any worker: when its trial's last heartbeat (sent every `heartbeatMs`) is
 *   older than `graceMs` on the storage's clock.
 * A lost trial is failed as interrupted and retried up to `maxAttempts`
 * attempts in all; interrupted attempts do not use the budget (storage.ts).
 * Heartbeats are sent from the event loop: an objective that computes for
 * longer than the grace period without awaiting anything must be given a
 * longer grace.
 *
 * An objective that throws fails its trial (the error is stored) and, unless
 * `catchErrors`, the error propagates out of `optimize`; one that returns NaN
 * fails its trial and the study goes on; `TrialPruned` marks it pruned.
 */

import { z } from 'zod';
import { finite, index, nonnegative, OptionError, parseOptions } from '../options/index.js';
import { defaultHost, nodeProcess, workerMayBeAlive } from './liveness.js';
import { type TrialContext, TrialPruned, type TuneObjective } from './objective.js';
import type { Pruner } from './pruner.js';
import { type StudySummary, summarize } from './results.js';
import type { FinishedTrial, Sampler } from './sampler.js';
import { type CompiledSpace, compileSpace, type SearchSpace } from './space.js';
import {
  checkSettings,
  DEFAULT_SETTINGS,
  type FinishStatus,
  type StudyInfo,
  type StudySettings,
  type StudyStorage,
  type TrialOutcome,
  type TrialRecord,
} from './storage.js';

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
  /** The trial budget to store with the study (workers that join read it). */
  nTrials?: number;
  /** Worker policy to store with the study (missing fields: the stored or default ones). */
  settings?: Partial<StudySettings>;
  /** This host's name in worker ids (default $HOSTNAME or 'localhost'); Node callers pass os.hostname(). */
  host?: string;
}

export interface OptimizeOptions {
  /** Number of trials with a result the study should reach (default: the stored budget). */
  nTrials?: number;
  /** Keep going when the objective throws (default false). */
  catchErrors?: boolean;
  /** Polling interval while waiting for other workers' trials (default 100 ms). */
  pollMs?: number;
  /** Called after each trial this worker finishes, with what the storage did with the result. */
  onTrial?: (t: TrialRecord, status: FinishStatus) => void;
}

/** {@link OptimizeOptions}, checked once; the defaults live here. */
const optimizeSchema = z.strictObject({
  nTrials: index().optional(),
  catchErrors: z.boolean().default(false),
  pollMs: nonnegative().default(100),
  onTrial: z
    .custom<NonNullable<OptimizeOptions['onTrial']>>((v) => typeof v === 'function', {
      message: 'must be a function',
    })
    .optional(),
});

let workerCounter = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Lets timers and I/O run (heartbeats, a parent's disconnect): with a
 * synchronous storage (SQLite) and objective, the trial loop would otherwise
 * run on microtasks alone and starve them.
 */
const yieldToEventLoop = () =>
  new Promise<void>((r) => {
    const g = globalThis as { setImmediate?: (f: () => void) => void };
    if (g.setImmediate) g.setImmediate(r);
    else setTimeout(r, 0);
  });

export class Study {
  readonly workerId: string;
  readonly space: CompiledSpace;
  private readonly running = new Set<number>();

  private constructor(
    readonly storage: StudyStorage,
    readonly info: StudyInfo,
    private readonly opts: StudyOptions,
    private readonly host: string,
  ) {
    this.space = compileSpace(opts.space);
    this.workerId = `${host}:${nodeProcess()?.pid ?? 0}:${workerCounter++}`;
  }

  /** Creates the study in the storage, or opens it to resume or join (its config must match). */
  static async open(opts: StudyOptions): Promise<Study> {
    compileSpace(opts.space);
    const { seed } = parseOptions('study', z.object({ seed: finite().default(0) }), {
      seed: opts.seed,
    });
    const name = opts.name ?? 'study';
    let settings: StudySettings | undefined;
    if (opts.settings) {
      const stored = (await opts.storage.loadStudy(name))?.settings ?? DEFAULT_SETTINGS;
      settings = checkSettings({ ...stored, ...opts.settings });
    }
    const info = await opts.storage.openStudy({
      name,
      direction: opts.direction ?? 'minimize',
      config: opts.config ?? { space: opts.space, sampler: opts.sampler.name, seed },
      ...(opts.nTrials !== undefined ? { nTrials: opts.nTrials } : {}),
      ...(settings ? { settings } : {}),
    });
    return new Study(opts.storage, info, { ...opts, seed }, opts.host ?? defaultHost());
  }

  get sign(): number {
    return this.info.direction === 'maximize' ? -1 : 1;
  }

  /** The study's complete trials as the sampler sees them: minimised, by number. */
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

  /** Whether another worker's running trial is lost (see the module note). */
  private isStale(t: TrialRecord, now: number): boolean {
    if (t.workerId === this.workerId) return !this.running.has(t.id);
    if (t.workerId === null) return true;
    if (!workerMayBeAlive(t.workerId, this.host)) return true;
    const last = t.heartbeatAt ?? t.startedAt ?? 0;
    return now - last > this.info.settings.graceMs;
  }

  /** Runs trials until the study has `nTrials` results and none is left to run. */
  async optimize(
    evaluate: TuneObjective['evaluate'],
    options: OptimizeOptions = {},
  ): Promise<void> {
    const o = parseOptions('optimize', optimizeSchema, options);
    const nTrials = o.nTrials ?? this.info.nTrials;
    if (nTrials === null) {
      throw new OptionError(
        'optimize: option nTrials is required (the study has no stored budget)',
        'optimize',
        'nTrials',
      );
    }
    const pollMs = o.pollMs;
    const { storage, info } = this;
    const seed = this.opts.seed ?? 0;
    const sampler = this.opts.sampler;
    for (;;) {
      const claim = await storage.claimTrial({
        studyId: info.id,
        workerId: this.workerId,
        nTrials,
        maxAttempts: info.settings.maxAttempts,
        isStale: (t, now) => this.isStale(t, now),
        needsHistory: sampler.usesHistory !== false,
        propose: (number, trials) =>
          sampler.sample({
            space: this.space,
            number,
            seed,
            nTrials,
            finished: this.finished(trials),
            pending: trials.filter((t) => t.state === 'running').map((t) => t.params),
          }),
      });
      if (claim.kind === 'done') return;
      if (claim.kind === 'wait') {
        await sleep(pollMs);
        continue;
      }
      const rec = claim.trial;
      this.running.add(rec.id);
      let status: FinishStatus;
      try {
        status = await this.runTrial(rec, evaluate, o);
      } finally {
        this.running.delete(rec.id);
      }
      o.onTrial?.(rec, status);
      await yieldToEventLoop();
    }
  }

  private async runTrial(
    rec: TrialRecord,
    evaluate: TuneObjective['evaluate'],
    options: { catchErrors: boolean },
  ): Promise<FinishStatus> {
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
        if (!rec.intermediate.some(([s]) => s === step)) rec.intermediate.push([step, value]);
        if (pruner) others = (await storage.getTrials(info.id)).map((t) => this.signed(t));
      },
      shouldPrune: () => (pruner ? pruner.shouldPrune(this.signed(rec), others) : false),
    };
    const beat = this.heartbeats(rec.id);
    let outcome: TrialOutcome;
    let rethrow: unknown = null;
    try {
      const value = await evaluate(ctx.params, ctx);
      if (typeof value !== 'number') {
        outcome = {
          state: 'failed',
          value: null,
          error: `objective returned ${typeof value}, expected a number`,
        };
        rethrow = new TypeError(outcome.error);
      } else if (Number.isNaN(value)) {
        outcome = { state: 'failed', value: null, error: 'objective returned NaN' };
      } else {
        outcome = { state: 'complete', value };
      }
    } catch (e) {
      if (e instanceof TrialPruned) {
        const last = rec.intermediate[rec.intermediate.length - 1];
        outcome = { state: 'pruned', value: last ? last[1] : null };
      } else {
        outcome = {
          state: 'failed',
          value: null,
          error: e instanceof Error ? e.message : String(e),
        };
        if (!options.catchErrors) rethrow = e;
      }
    } finally {
      await beat.stop();
    }
    rec.state = outcome.state;
    rec.value = outcome.value;
    rec.error = outcome.error ?? null;
    const status = await storage.finishTrial(rec.id, this.workerId, outcome);
    if (rethrow !== null) throw rethrow;
    return status;
  }

  /** Sends a heartbeat for trial `id` every `heartbeatMs` until stopped (failures are retried by the storage, then ignored). */
  private heartbeats(id: number): { stop: () => Promise<void> } {
    let pending: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      pending = pending.then(() => this.storage.heartbeat(id, this.workerId)).catch(() => {});
    }, this.info.settings.heartbeatMs);
    (timer as { unref?: () => void }).unref?.();
    return {
      stop: async () => {
        clearInterval(timer);
        await pending;
      },
    };
  }

  async trials(): Promise<TrialRecord[]> {
    return this.storage.getTrials(this.info.id);
  }

  /** Counts of the study's trials by outcome, and the numbers given up. */
  async summary(): Promise<StudySummary> {
    return summarize(await this.trials());
  }
}
