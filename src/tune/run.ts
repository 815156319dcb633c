/**
 * Running a tune spec as a study: `openSpecStudy` opens (creates, resumes or
 * joins) the study a spec describes, and `runTuneSpec` runs it — in this
 * process, or with worker processes (worker.ts) — and returns the CONTRACT
 * result of `optlab tune`.
 *
 * Options of `runTuneSpec`: `study` (name in the storage, default 'tune'),
 * `storage` (a URL — file path, `sqlite:///path`, `postgresql://…` — or a
 * `StudyStorage`; default in memory), `workers` (default 1; more forks that
 * many worker processes — see worker.ts — and needs a URL), `join` (run the
 * stored study of that name: its spec and budget come from the storage).
 */
import { MemoryStorage } from './memoryStorage.js';
import type { TuneObjective } from './objective.js';
import { ProgressLog } from './progress.js';
import { bestTrial, summarize } from './results.js';
import type { Params } from './space.js';
import {
  makeObjective,
  makePruner,
  makeSampler,
  parseTuneSpec,
  specFromStudy,
  studyConfig,
  type TuneSpec,
} from './spec.js';
import {
  canonicalJson,
  type StudySettings,
  type StudyStorage,
  type TrialRecord,
} from './storage.js';
import { Study } from './study.js';

/** Opens (creating, resuming or joining) the study a spec describes. */
export async function openSpecStudy(
  spec: TuneSpec,
  storage: StudyStorage,
  o: {
    study: string;
    setBudget: boolean;
    settings?: Partial<StudySettings>;
    host?: string;
    objective?: TuneObjective;
  },
): Promise<{ study: Study; objective: TuneObjective }> {
  const objective = o.objective ?? makeObjective(spec.objective);
  const pruner = makePruner(spec.pruner);
  const study = await Study.open({
    storage,
    name: o.study,
    space: objective.space,
    sampler: makeSampler(spec.sampler),
    seed: spec.seed ?? 0,
    direction: objective.direction ?? 'minimize',
    config: studyConfig(spec),
    ...(pruner ? { pruner } : {}),
    ...(o.setBudget ? { nTrials: spec.trials } : {}),
    ...(o.settings ? { settings: o.settings } : {}),
    ...(o.host !== undefined ? { host: o.host } : {}),
  });
  return { study, objective };
}

export interface TuneResult {
  best: { value: number; params: Params } | null;
  trials: { params: Params; value: number }[];
}

/** The documented result from a study's trial records. */
export function tuneResult(trials: TrialRecord[], direction: 'minimize' | 'maximize'): TuneResult {
  const done = trials
    .filter((t) => (t.state === 'complete' || t.state === 'pruned') && t.value !== null)
    .sort((a, b) => a.finishSeq! - b.finishSeq!);
  const b = bestTrial(trials, direction);
  return {
    best: b ? { value: b.value!, params: b.params } : null,
    trials: done.map((t) => ({ params: t.params, value: t.value! })),
  };
}

export interface RunTuneOptions {
  /** Study name (default 'tune'). */
  study?: string;
  /** A storage URL (file path, sqlite:///path, postgresql://…) or a storage; default in memory. */
  storage?: string | StudyStorage;
  /** Worker processes (default 1: this process runs the trials; more needs a URL `storage`). */
  workers?: number;
  /** Join the stored study instead of starting one from a spec (`input` is then ignored when null). */
  join?: boolean;
  /** Worker policy to store with the study. */
  settings?: Partial<StudySettings>;
  /** This host's name in worker ids. */
  host?: string;
  /** Progress: one line per finished trial. */
  log?: (line: string) => void;
  /** Warnings (given-up or failed trials), also when `log` is not set. */
  warn?: (line: string) => void;
}

/**
 * Runs a tune spec (see the module note), or with `join` joins the stored
 * study, and returns the documented result of the whole study. Throws when the
 * study ends without its budget of results.
 */
export async function runTuneSpec(input: unknown, opts: RunTuneOptions = {}): Promise<TuneResult> {
  const workers = opts.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) {
    throw new RangeError(`runTuneSpec: workers must be an integer in [1, 256], got ${workers}`);
  }
  const name = opts.study ?? 'tune';
  let storage: StudyStorage;
  const owned = typeof opts.storage === 'string';
  if (typeof opts.storage === 'string') {
    const { openStorage } = await import('./storage/open.js');
    storage = await openStorage(opts.storage);
  } else {
    if (workers > 1 || opts.join)
      throw new RangeError('runTuneSpec: workers and join need `storage`, a storage URL');
    storage = opts.storage ?? new MemoryStorage();
  }
  try {
    let spec: TuneSpec;
    if (opts.join) {
      const info = await storage.loadStudy(name);
      if (!info) {
        throw new RangeError(
          `no study "${name}" in ${storage.location}: start it with optlab tune SPEC --storage URL --study ${name}`,
        );
      }
      spec = specFromStudy(info.config, info.nTrials);
      if (input !== null && input !== undefined) {
        const given = parseTuneSpec(input);
        if (canonicalJson(studyConfig(given)) !== canonicalJson(studyConfig(spec)))
          throw new RangeError(`the spec differs from study "${name}"'s configuration`);
      }
    } else spec = parseTuneSpec(input);
    const { study, objective } = await openSpecStudy(spec, storage, {
      study: name,
      setBudget: !opts.join,
      ...(opts.settings ? { settings: opts.settings } : {}),
      ...(opts.host !== undefined ? { host: opts.host } : {}),
    });
    const log = new ProgressLog(study.info.direction, spec.trials, await study.trials());
    const say = (line: string | null) => {
      if (line !== null) opts.log?.(line);
    };
    if (workers > 1) {
      const { forkWorkers } = await import('./worker.js');
      const url = opts.storage as string;
      const { killed } = await forkWorkers({ storage: url, study: name }, workers, {
        onTrial: (t, status) => say(log.line(t, status)),
      });
      for (const k of killed)
        opts.warn?.(
          `tune: worker ${k.pid} was killed (${k.signal}); its trial is retried (this process runs what is left)`,
        );
    }
    // With workers the study is already done; this runs anything left over.
    await study.optimize(objective.evaluate, {
      nTrials: spec.trials,
      onTrial: (t, status) => say(log.line(t, status)),
    });
    const trials = await study.trials();
    const s = summarize(trials);
    if (s.givenUp.length > 0) {
      opts.warn?.(
        `tune: trial${s.givenUp.length > 1 ? 's' : ''} ${s.givenUp.join(', ')} lost ${study.info.settings.maxAttempts} workers each and ${s.givenUp.length > 1 ? 'were' : 'was'} given up; new trials took their place`,
      );
    }
    if (s.failed > 0)
      opts.warn?.(
        `tune: ${s.failed} of ${s.counted} trials failed (objective error or NaN) and are left out of "trials"`,
      );
    if (s.counted < spec.trials) {
      throw new Error(
        `tune: study "${name}" ended with ${s.counted} of ${spec.trials} trials (${s.interrupted} attempts interrupted)`,
      );
    }
    return tuneResult(trials, study.info.direction);
  } finally {
    if (owned) await storage.close();
  }
}
